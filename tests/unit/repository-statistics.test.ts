import { UNKNOWN } from "../../provider/validation";
import { eventOf } from "../../provider/repository-events";
import { RepositoryStatisticsInputs, provider, snapshotOf, statusOf } from "../../provider/repository-statistics";
import { statisticsRunPhase } from "../../wire/activity";
import { seed001, seed002, seed003 } from "../support/seed-examples";

describe("statistics and events as the provider reads them", () => {
  it("reads the seed 002 example into contributors, readable daily lines and counts", () => {
    expect(snapshotOf(seed002.response as never)).toEqual({
      run: {
        id: 0,
        branch: "master",
        status: "finished",
        finished: true,
        statDate: "20250926",
        userId: 0,
        createdAt: "2025-09-26T11:22:01+08:00",
        updatedAt: "2025-09-26T11:22:01+08:00",
      },
      contributorCount: 2,
      contributors: [
        { userName: "xx", addedLines: 1035, deletedLines: 77, commitCount: 120, firstCommitAt: "2025-09-26T11:22:02.000+08:00", lastCommitAt: "2025-10-22T09:58:36.000+08:00" },
        { userName: "aa", addedLines: 4, deletedLines: 23, commitCount: 8, firstCommitAt: "2025-09-26T11:22:02.000+08:00", lastCommitAt: "2025-10-15T14:38:33.000+08:00" },
      ],
      dailyLines: [
        { date: "2025-10-22", addedLines: 742, deletedLines: 0 },
        { date: "2025-10-15", addedLines: 4, deletedLines: 20 },
      ],
      branchCommitCount: 139,
      totalCommitCount: 158,
    });
  });

  it("reads an answer with every field missing or null as an empty snapshot, not a crash", () => {
    expect(snapshotOf({})).toEqual({ run: undefined, contributorCount: 0, contributors: [], dailyLines: [], branchCommitCount: 0, totalCommitCount: 0 });
    expect(snapshotOf({ event: null, statistics: [{ user_name: null }], codelines: [{ date: "yesterday" }] })).toMatchObject({
      contributorCount: 1,
      contributors: [{ userName: "", addedLines: 0, deletedLines: 0, commitCount: 0 }],
      dailyLines: [{ date: "yesterday", addedLines: 0, deletedLines: 0 }],
    });
  });

  it("names the status call's reasons, and keeps an unknown one visible", () => {
    expect(statusOf(seed001.response as never)).toMatchObject({ canRun: false, reason: "none", lastRun: { finished: false, status: "status_6a687650fc63" } });
    expect([1, 2, 3, 7, null].map((reason) => statusOf({ can_statistics: false, reason }).reason)).toEqual([
      "repositoryQuotaUsed",
      "userQuotaUsed",
      "bothQuotasUsed",
      "unknown(7)",
      "none",
    ]);
  });

  it("treats both spellings of finished as done, a failure as failed, anything else as in progress", () => {
    expect(["finished", "finish", "FINISHED", "failed", "error", "waiting", "active", "0", null].map(statisticsRunPhase)).toEqual([
      "finished",
      "finished",
      "finished",
      "failed",
      "failed",
      "in progress",
      "in progress",
      "in progress",
      "in progress",
    ]);
  });

  it("flattens the seed 003 event, and survives one without author or push data", () => {
    expect(eventOf(seed003.response[0] as never)).toEqual({
      action: "pushed new",
      createdAt: "2024-08-21T06:21:22.000Z",
      authorId: 9124,
      authorName: "dev_test",
      authorUsername: "c369c68f1ff84679b5a8ed904d8bff1c",
      author: {
        id: 9124,
        name: "dev_test",
        username: "c369c68f1ff84679b5a8ed904d8bff1c",
        state: "active",
        avatarUrl: "",
        nameCn: "dev_test",
        nickName: "dev",
        tenantName: "test_tenant",
      },
      repositoryId: 2111694664,
      repositoryName: "lhtest00002/RepoProtal",
      ref: "asdsada#fasdasda",
      refType: "branch",
      pushAction: "created",
      commitFrom: null,
      commitTo: "17933c207b320a74dc10af80e0d9d9720a90dd5e",
      commitCount: 0,
      commitTitle: null,
    });
    expect(eventOf({ action_name: "pushed to", author_username: "u1" })).toMatchObject({ action: "pushed to", authorName: "u1", commitFrom: null, commitCount: 0 });
  });
});

describe("RepositoryStatistics check and diff", () => {
  const olds = { ...RepositoryStatisticsInputs.parse({ repositoryId: 7, branch: "master", triggers: ["a"] }), countedBranch: "master" } as never;

  it("defaults the wait timeout and accepts any triggers value, an unknown one included", async () => {
    expect((await provider.check({}, { repositoryId: 7, triggers: { any: ["json", 1] } })).inputs).toEqual({
      repositoryId: 7,
      triggers: { any: ["json", 1] },
      waitTimeoutSeconds: 600,
    });
    expect((await provider.check({}, { repositoryId: UNKNOWN, triggers: UNKNOWN })).failures).toEqual([]);
  });

  it("names the field and the rule for a missing repository and a bad branch", async () => {
    expect((await provider.check({}, { branch: "a..b" })).failures).toEqual([
      { property: "repositoryId", reason: "is required" },
      { property: "branch", reason: "must be a valid git branch name" },
    ]);
  });

  it("reruns in place for triggers, replaces for repository or branch, and sees no change otherwise", async () => {
    const diff = (news: object) => provider.diff("7/master", olds, RepositoryStatisticsInputs.parse({ repositoryId: 7, branch: "master", triggers: ["a"], ...news }));
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ triggers: ["b"] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ triggers: UNKNOWN })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ waitTimeoutSeconds: 30 })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await diff({ repositoryId: 8 })).toEqual({ changes: true, replaces: ["repositoryId"], deleteBeforeReplace: false });
    expect(await diff({ branch: "develop" })).toEqual({ changes: true, replaces: ["branch"], deleteBeforeReplace: false });
  });
});
