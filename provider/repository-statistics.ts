/**
 * RepositoryStatistics: a run of the service's repository statistics task and the numbers it
 * produced — per committer lines and commits, the daily lines of the last 15 days, and the branch
 * and repository commit counts. Also the plain calls behind the program-side functions.
 *
 * | operation | API |
 * |---|---|
 * | create | GET …/repository/statistics-status (v4 digest §8.2); while a run is in progress, poll it; POST …/repository/statistics (v4 digest §8.1); poll the status until the new run finishes; GET …/repository/stats/last-statistics?branch_name= (v4 digest §8.3) |
 * | read   | GET …/stats/last-statistics: the latest finished run of the branch, whoever started it; repository 404 → gone |
 * | update | `triggers` changed: a new run, as in create; `waitTimeoutSeconds` changed: no call |
 * | delete | none: a run cannot be deleted, so deleting only forgets it |
 *
 * The numbers are a snapshot taken by the run, not live data: `pulumi refresh` brings newer ones
 * only after a newer run (one started in the console, by another stack, or by changing
 * `triggers`). A run over the service's daily quota fails with the reason the status call gives,
 * and the previous numbers stay in the state.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { describeCall } from "../api/routes";
import { CodeArtsClient } from "../api/client";
import { CodeArtsOperationError } from "../api/errors";
import { Backoff, poll } from "./poll";
import { apiClient } from "./runtime";
import { ResourceDescriptor, defineResource } from "./resource";
import { RepositoryIdentity, changedFields, checkInputs, parseArguments } from "./validation";
import { DiffFields, fieldDiff, unlessGone } from "./lifecycle";
import { isValidRefName } from "../wire/branches";
import {
  LastStatistics,
  StatisticEvent,
  StatisticsQuotaReason,
  StatisticsStatus,
  statisticsRunPhase,
} from "../wire/activity";

// ---------------------------------------------------------------------------------------------
// Plain values: what the functions return and the resource outputs
// ---------------------------------------------------------------------------------------------

/** One statistics run of a repository branch: started by a trigger, counted by the service in the background. */
export interface StatisticsRun {
  /** The run's id (the service's statistics id). */
  id?: number;
  /** The branch the run counts. */
  branch?: string;
  /** The service's word: "waiting", "active", "finished"… */
  status?: string;
  /** Whether the run has finished, so that its numbers are there. */
  finished: boolean;
  /** The day the run counted, yyyyMMdd. */
  statDate?: string;
  /** Numeric id of who started it. */
  userId?: number;
  /** When the run was started, as the service reports it. */
  createdAt?: string;
  /** When the run last changed state, as the service reports it. */
  updatedAt?: string;
}

export type StatisticsQuotaReasonName = keyof typeof StatisticsQuotaReason;

/** Whether a statistics run may start now (the service limits runs per day) and the latest run. */
export interface RepositoryStatisticsStatus {
  /** Whether a run may be started now. */
  canRun: boolean;
  /** Why not, when the daily quotas are the reason; "none" also while a run is in progress. */
  reason: StatisticsQuotaReasonName | `unknown(${number})`;
  /** The repository's latest run, whoever started it; absent when it was never counted. */
  lastRun?: StatisticsRun;
}

/** One committer's share of a branch: lines added and deleted, commits, and when they first and last committed. */
export interface ContributorStatistics {
  /** The committer's name. */
  userName: string;
  /** Lines the committer added on the branch. */
  addedLines: number;
  /** Lines the committer deleted on the branch. */
  deletedLines: number;
  /** The committer's commits on the branch. */
  commitCount: number;
  /** When the committer first committed to the branch. */
  firstCommitAt?: string;
  /** When the committer last committed to the branch. */
  lastCommitAt?: string;
}

/** Lines added and deleted on a branch on one day. */
export interface DailyLines {
  /** YYYY-MM-DD (the service's yyyyMMdd, made readable). */
  date: string;
  /** Lines added on the branch that day. */
  addedLines: number;
  /** Lines deleted on the branch that day. */
  deletedLines: number;
}

/**
 * A branch's statistics as of its latest finished run: contributors, daily changed lines and
 * commit counts. What {@link getRepositoryStatistics} returns.
 */
export interface RepositoryStatisticsSnapshot {
  /** The run the numbers come from; absent when the branch was never counted. */
  run?: StatisticsRun;
  /** How many people committed to the branch; `contributors` lists at most the latest 100. */
  contributorCount: number;
  /** Latest committer first. */
  contributors: ContributorStatistics[];
  /** Days of the last 15 with changes, newest first. */
  dailyLines: DailyLines[];
  /** Commits on the branch. */
  branchCommitCount: number;
  /** Commits on every branch of the repository. */
  totalCommitCount: number;
}

function runOf(event: StatisticEvent | null | undefined): StatisticsRun | undefined {
  if (!event) return undefined;
  return {
    id: event.id ?? undefined,
    branch: event.branch ?? undefined,
    status: event.status ?? undefined,
    finished: statisticsRunPhase(event.status) === "finished",
    statDate: event.stat_date ?? undefined,
    userId: event.user_id ?? undefined,
    createdAt: event.created_at ?? undefined,
    updatedAt: event.updated_at ?? undefined,
  };
}

function reasonName(code: number | null | undefined): RepositoryStatisticsStatus["reason"] {
  const value = code ?? StatisticsQuotaReason.none;
  const entry = Object.entries(StatisticsQuotaReason).find(([, known]) => known === value);
  return entry ? (entry[0] as StatisticsQuotaReasonName) : `unknown(${value})`;
}

export function statusOf(answer: StatisticsStatus): RepositoryStatisticsStatus {
  return { canRun: answer.can_statistics ?? false, reason: reasonName(answer.reason), lastRun: runOf(answer.event) };
}

function readableDate(date: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : date;
}

export function snapshotOf(answer: LastStatistics): RepositoryStatisticsSnapshot {
  const contributors = (answer.statistics ?? []).map((row) => ({
    userName: row.user_name ?? "",
    addedLines: row.add_lines ?? 0,
    deletedLines: row.delete_lines ?? 0,
    commitCount: row.commit_count ?? 0,
    firstCommitAt: row.created_at ?? undefined,
    lastCommitAt: row.updated_at ?? undefined,
  }));
  return {
    run: runOf(answer.event),
    contributorCount: answer.total ?? contributors.length,
    contributors,
    dailyLines: (answer.codelines ?? []).map((day) => ({
      date: readableDate(day.date ?? ""),
      addedLines: day.additions ?? 0,
      deletedLines: day.deletions ?? 0,
    })),
    branchCommitCount: answer.count ?? 0,
    totalCommitCount: answer.all_branch_commits_count ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The calls
// ---------------------------------------------------------------------------------------------

const BranchName = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters long")
  .refine((name) => isValidRefName(name), "must be a valid git branch name");

export const StatisticsArguments = z.object({ repositoryId: RepositoryIdentity.repositoryId, branch: BranchName.optional() });
export const BranchStatisticsArguments = StatisticsArguments.required({ branch: true });

/**
 * The schema of the program-side statistics functions' arguments (also what the plugin's package
 * schema describes them by, scripts/schema.ts): `branch` is required by the functions that read
 * one branch's numbers.
 */
export function statisticsArguments(options: { branchRequired?: boolean } = {}): z.ZodType<z.output<typeof StatisticsArguments>> {
  return options.branchRequired ? BranchStatisticsArguments : StatisticsArguments;
}

/** The arguments of the program-side statistics functions, checked like resource inputs. */
export function parseStatisticsArguments(
  args: unknown,
  functionName: string,
  options: { branchRequired?: boolean } = {},
): z.output<typeof StatisticsArguments> {
  return parseArguments(statisticsArguments(options), args, functionName);
}

export async function statisticsStatus(client: CodeArtsClient, repositoryId: number): Promise<RepositoryStatisticsStatus> {
  return statusOf(await client.call("showRepositoryStatisticsStatus", { params: { repository_id: repositoryId } }));
}

export async function lastStatistics(client: CodeArtsClient, repositoryId: number, branch: string): Promise<RepositoryStatisticsSnapshot> {
  return snapshotOf(
    await client.call("showRepositoryLastStatistics", { params: { repository_id: repositoryId }, query: { branch_name: branch } }),
  );
}

/** Starts a run; the service's default branch when none is named. */
export async function triggerStatistics(client: CodeArtsClient, repositoryId: number, branch?: string): Promise<void> {
  await client.call("triggerRepositoryStatistics", {
    params: { repository_id: repositoryId },
    body: branch === undefined ? {} : { branch_name: branch },
  });
}

export interface RunOptions {
  timeoutMs: number;
  /** Told each time the run changes state, for progress lines. */
  onProgress?: (line: string) => void;
  /** First status poll delay; it grows to POLL.maxDelayMs. */
  firstPollMs?: number;
}

const POLL: Backoff = { firstDelayMs: 400, factor: 1.5, maxDelayMs: 5_000 };

/** Same run: the service's ids may be placeholders (v4 digest §8.2 shows 0), so the start time counts too. */
function sameRun(a: StatisticsRun | undefined, b: StatisticsRun | undefined): boolean {
  return a?.id === b?.id && a?.createdAt === b?.createdAt;
}

const QUOTA_TEXT: Record<string, string> = {
  repositoryQuotaUsed: "the repository's daily quota of statistics runs is used up",
  userQuotaUsed: "your daily quota of statistics runs is used up",
  bothQuotasUsed: "both the repository's and your daily quotas of statistics runs are used up",
};

/**
 * Starts a run of the statistics task and waits until it finishes, then reads its numbers. A run
 * already in progress is waited for first, so that the numbers are counted after this call began.
 */
export async function runStatistics(
  client: CodeArtsClient,
  repositoryId: number,
  branch: string | undefined,
  options: RunOptions,
): Promise<RepositoryStatisticsSnapshot> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const where = `repository ${repositoryId}${branch ? ` (${branch})` : ""}`;
  const statusCall = describeCall("showRepositoryStatisticsStatus", { repository_id: repositoryId });
  const progress = (text: string) => options.onProgress?.(`statistics of ${where}: ${text} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const backoff = { ...POLL, firstDelayMs: options.firstPollMs ?? POLL.firstDelayMs };
  const stillAfterTimeout = (what: string) =>
    new CodeArtsOperationError(
      `The statistics run of ${where} was still ${what} after ${Math.round(options.timeoutMs / 1000)} s. ` +
        `Raise waitTimeoutSeconds, or run \`pulumi up\` again later.`,
      statusCall,
    );

  const status = await poll<RepositoryStatisticsStatus>({
    backoff,
    deadline,
    attempt: async () => {
      const status = await statisticsStatus(client, repositoryId);
      if (status.canRun || status.reason !== "none" || !status.lastRun || status.lastRun.finished) return { done: true, value: status };
      progress(`waiting for run ${status.lastRun.id ?? "?"} (${status.lastRun.status ?? "in progress"}) started by someone else`);
      return { done: false };
    },
    onTimeout: () => stillAfterTimeout("waiting for an earlier run"),
  });
  if (!status.canRun && status.reason !== "none") {
    throw new CodeArtsOperationError(
      `CodeArts Repo will not count ${where} now: ${QUOTA_TEXT[status.reason] ?? `reason ${status.reason}`}. ` +
        `The numbers of the last finished run are unchanged; try again after the quota resets.`,
      statusCall,
    );
  }

  // The first attempt starts the run; each later one reads the status. The note is the run's
  // state as last reported, which a timeout names.
  let before = status.lastRun;
  let triggered = false;
  let reported: string | undefined;
  return poll<RepositoryStatisticsSnapshot, string>({
    backoff,
    deadline,
    attempt: async () => {
      if (!triggered) {
        await triggerStatistics(client, repositoryId, branch);
        triggered = true;
        progress("started");
        return { done: false };
      }
      const run = (await statisticsStatus(client, repositoryId)).lastRun;
      if (!run || sameRun(run, before)) return { done: false, note: reported };
      if (branch !== undefined && run.branch !== undefined && run.branch !== branch) {
        // Someone else's run of another branch started just before ours and took our trigger.
        if (run.finished) {
          before = run;
          await triggerStatistics(client, repositoryId, branch);
        }
        return { done: false, note: reported };
      }
      const phase = statisticsRunPhase(run.status);
      if (phase === "failed") {
        throw new CodeArtsOperationError(`The statistics run ${run.id ?? ""} of ${where} ended with status "${run.status}".`, statusCall);
      }
      if (phase === "finished") {
        progress(`run ${run.id ?? "?"} finished`);
        return { done: true, value: await lastStatistics(client, repositoryId, branch ?? run.branch ?? "master") };
      }
      if (run.status !== reported) progress(`run ${run.id ?? "?"} is ${run.status ?? "in progress"}`);
      reported = run.status ?? "in progress";
      return { done: false, note: reported };
    },
    onTimeout: (state) => stillAfterTimeout(state ?? "not started"),
  });
}

// ---------------------------------------------------------------------------------------------
// The resource
// ---------------------------------------------------------------------------------------------

export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;

// A named shape, so that the shipped declarations keep each field's doc comment.
const RepositoryStatisticsShape = {
  /** The repository's integer id. */
  repositoryId: RepositoryIdentity.repositoryId,
  /** The branch to count; the repository's default branch when left out. Changing it starts counting anew. */
  branch: BranchName.optional(),
  /**
   * Any value; when it changes, `pulumi up` runs the statistics task again (an in-place update).
   * For numbers at most a day old, pass today's date.
   */
  triggers: z.unknown().optional(),
  /** How long to wait for a run to finish, 10–3600 seconds; default 600. Changing it needs no API call. */
  waitTimeoutSeconds: z
    .number()
    .int("must be a whole number of seconds")
    .min(10, "must be 10 to 3600 seconds")
    .max(3600, "must be 10 to 3600 seconds")
    .default(DEFAULT_WAIT_TIMEOUT_SECONDS),
};
export const RepositoryStatisticsInputs: z.ZodObject<typeof RepositoryStatisticsShape> = z.object(RepositoryStatisticsShape);
export type RepositoryStatisticsInputs = z.output<typeof RepositoryStatisticsInputs>;

export interface RepositoryStatisticsOutputs extends RepositoryStatisticsInputs {
  /** The branch counted: `branch`, or the repository's default branch the service chose. */
  countedBranch: string;
  /** The run the numbers come from. */
  runId?: number;
  /** The run's status word; "finished" once the numbers are there. */
  runStatus?: string;
  /** The day the run counted, yyyyMMdd. */
  statDate?: string;
  /** When the run was started, as the service reports it. */
  runStartedAt?: string;
  /** When the run last changed state (for a finished run, when it finished), as the service reports it. */
  runUpdatedAt?: string;
  /** How many people committed to the branch; `contributors` lists at most the latest 100. */
  contributorCount: number;
  /** Lines added and deleted and commits per committer, latest committer first. */
  contributors: ContributorStatistics[];
  /** Lines added and deleted per day, for the days of the last 15 with changes, newest first. */
  dailyLines: DailyLines[];
  /** Commits on the branch. */
  branchCommitCount: number;
  /** Commits on every branch of the repository. */
  totalCommitCount: number;
}

const FIELDS: DiffFields<RepositoryStatisticsInputs> = {
  replace: ["repositoryId", "branch"],
  // A new trigger starts a run; no natural key: runs are not objects that could collide.
  update: ["triggers", "waitTimeoutSeconds"],
};

function toOutputs(inputs: RepositoryStatisticsInputs, snapshot: RepositoryStatisticsSnapshot, countedBranch: string): RepositoryStatisticsOutputs {
  const { run, ...numbers } = snapshot;
  return {
    ...inputs,
    countedBranch: run?.branch ?? countedBranch,
    runId: run?.id,
    runStatus: run?.status,
    statDate: run?.statDate,
    runStartedAt: run?.createdAt,
    runUpdatedAt: run?.updatedAt,
    ...numbers,
  };
}

/** Progress goes to stderr, which the Pulumi CLI shows while the run is waited for. */
function printProgress(line: string): void {
  process.stderr.write(`[codeartsrepo] ${line}\n`);
}

async function countNow(inputs: RepositoryStatisticsInputs): Promise<RepositoryStatisticsOutputs> {
  const snapshot = await runStatistics(apiClient(), inputs.repositoryId, inputs.branch, {
    timeoutMs: inputs.waitTimeoutSeconds * 1000,
    onProgress: printProgress,
  });
  return toOutputs(inputs, snapshot, inputs.branch ?? snapshot.run?.branch ?? "");
}

export const repositoryStatistics: ResourceDescriptor<"repository-statistics", RepositoryStatisticsInputs, RepositoryStatisticsOutputs> = defineResource({
  importId: { notImported: "a statistics run is started by the program that declares it; there is no existing object to import" },
  kind: "repository-statistics",
  type: "RepositoryStatistics",
  inputs: RepositoryStatisticsInputs,
  fields: FIELDS,
  report: { label: "statistics run", key: [] },
  id: (outputs: RepositoryStatisticsOutputs) => `${outputs.repositoryId}/${outputs.countedBranch}`,

  create: async (_context, inputs) => {
    const outs = await countNow(inputs);
    return { id: `${inputs.repositoryId}/${outs.countedBranch}`, outs };
  },

  async read({ client }, _id, props) {
    const snapshot = await lastStatistics(client, props.repositoryId, props.countedBranch);
    // Runs are not deleted: a branch without one keeps the numbers the state has.
    return snapshot.run ? toOutputs(props, snapshot, props.countedBranch) : props;
  },

  async update(_context, _id, olds, news) {
    if (changedFields(olds, news, ["triggers"]).length === 0) return { ...olds, ...news };
    return countNow(news);
  },

  // A statistics run cannot be deleted: the resource only leaves the state.
  remove: async () => undefined,
});

export const provider = repositoryStatistics.provider;
