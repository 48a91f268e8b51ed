import * as pulumi from "@pulumi/pulumi";
import { Repository, RepositoryStatistics, getRepositoryEventsOutput } from "pulumi-codeartsrepo";

const config = new pulumi.Config();

const repository = new Repository("insights", {
  projectId: config.require("projectId"),
  name: config.require("repositoryName"),
  description: "A repository whose activity this stack reports",
  enableReadme: true,
});

// Counted once at `pulumi up`; `pulumi refresh` picks up any newer run of master (from the console,
// say). A scheduled job that sets statisticsRun to today's date gets numbers at most a day old.
const statistics = new RepositoryStatistics("master", {
  repository,
  branch: "master",
  triggers: config.require("statisticsRun"),
});

export const repositoryId = repository.repositoryId;
export const countedOn = statistics.statDate;
export const branchCommits = statistics.branchCommitCount;
export const allCommits = statistics.totalCommitCount;
export const contributors = statistics.contributorCount;

/** The three people who changed the most lines on master. */
export const topContributors = statistics.contributors.apply((people) =>
  [...people]
    .sort((a, b) => b.addedLines + b.deletedLines - (a.addedLines + a.deletedLines))
    .slice(0, 3)
    .map((person) => `${person.userName}: +${person.addedLines} -${person.deletedLines} in ${person.commitCount} commit(s)`),
);

/** Lines added and deleted per day over the last 15 days, for a dashboard. */
export const last15DaysLines = statistics.dailyLines.apply((days) =>
  Object.fromEntries(days.map((day) => [day.date, { added: day.addedLines, deleted: day.deletedLines }])),
);

/** Who pushed what, when: the ten latest pushes (read at every `pulumi up` and `pulumi preview`). */
export const recentPushes = getRepositoryEventsOutput({
  repositoryId: repository.repositoryId,
  type: "push",
  page: { offset: 0, limit: 10 },
}).apply(({ events }) =>
  events.map((event) => `${event.createdAt} ${event.authorName} ${event.action} ${event.ref}${event.commitTitle ? `: ${event.commitTitle}` : ""}`),
);
