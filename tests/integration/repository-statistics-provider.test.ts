/**
 * The RepositoryStatistics provider and the program-side functions against the emulator: a run
 * started and waited for, refreshes that read the latest finished run, reruns on `triggers`,
 * quotas and timeouts, and the events walk's request count.
 */
import { CodeArtsArgumentError, CodeArtsOperationError } from "../../api/errors";
import { RepositoryStatisticsInputs, RepositoryStatisticsOutputs, provider, runStatistics } from "../../provider/repository-statistics";
import { getRepositoryEvents } from "../../sdk/repository-events";
import { getRepositoryStatistics, getRepositoryStatisticsStatus, triggerRepositoryStatistics } from "../../sdk/repository-statistics";
import { DEFAULTS } from "../../emulator";
import { EmulatorFixture, freshClient, startFixture, waitFor, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";

const STATUS = routeKey("showRepositoryStatisticsStatus");
const TRIGGER = routeKey("triggerRepositoryStatistics");
const LAST = routeKey("showRepositoryLastStatistics");
const EVENTS = routeKey("listRepositoryEvents");

describe("RepositoryStatistics provider and functions against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  const settings = (patch: object) => fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify(patch) });
  const inputs = (over: Partial<RepositoryStatisticsInputs> = {}) => RepositoryStatisticsInputs.parse({ repositoryId, branch: "master", ...over });
  const commit = (message: string, authorName: string, path: string, lines: number, repository = repositoryId) =>
    fixture.admin.call("createCommit", {
      params: { repo_id: repository },
      body: {
        branch: "master",
        commit_message: message,
        author_name: authorName,
        actions: [{ action: "create", file_path: path, content: "x\n".repeat(lines) }],
      },
    });
  const create = async (given: RepositoryStatisticsInputs) => {
    const { id, outs } = await provider.create(given);
    return { id, outs: outs! };
  };
  async function newRepository(name: string): Promise<number> {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId, enable_readme: 1 } });
    return (await fixture.admin.call("showRepository", { params: { repository_uuid } })).repository_id;
  }
  async function consoleRun(repository = repositoryId): Promise<void> {
    const before = (await fixture.admin.call("showRepositoryStatisticsStatus", { params: { repository_id: repository } })).event?.id;
    await fixture.admin.call("triggerRepositoryStatistics", { params: { repository_id: repository }, body: {} });
    await waitFor("the console's statistics run to finish", async () => {
      const { event } = await fixture.admin.call("showRepositoryStatisticsStatus", { params: { repository_id: repository } });
      return event?.id !== before && event?.status === "finished";
    });
  }

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0, statisticsQueuedMs: 100, statisticsRunningMs: 300 });
    newProviderRun(fixture);
    // The functions run in a program's process and read its config; outside a program, the environment.
    process.env.HW_CODEARTSREPO_ENDPOINT = fixture.emulator.url;
    process.env.HW_AUTH_TOKEN = DEFAULTS.token;
    repositoryId = await newRepository("stats-repo");
    await commit("alice's first", "alice", "a.txt", 12);
    await commit("bob's first", "bob", "b.txt", 3);
  });
  afterAll(async () => {
    delete process.env.HW_CODEARTSREPO_ENDPOINT;
    delete process.env.HW_AUTH_TOKEN;
    await fixture.close();
  });

  it("creates by starting a run, printing its progress, waiting for it and reading its numbers", async () => {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (printed.push(String(chunk)), true));
    fixture.resetRequests();
    let result;
    try {
      result = await create(inputs());
    } finally {
      spy.mockRestore();
    }
    const { id, outs } = result;
    expect(id).toBe(`${repositoryId}/master`);
    expect(outs).toMatchObject({
      repositoryId,
      branch: "master",
      countedBranch: "master",
      runStatus: "finished",
      contributorCount: 3,
      branchCommitCount: 3,
      totalCommitCount: 3,
    });
    expect(outs.contributors.map((c) => [c.userName, c.addedLines, c.deletedLines, c.commitCount])).toEqual([
      ["bob", 3, 0, 1],
      ["alice", 12, 0, 1],
      [DEFAULTS.user, 3, 0, 1],
    ]);
    expect(outs.dailyLines).toEqual([{ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), addedLines: 18, deletedLines: 0 }]);
    const calls = fixture.requests().byRoute;
    expect(calls[TRIGGER]).toBe(1);
    expect(calls[LAST]).toBe(1);
    expect(calls[STATUS]).toBeGreaterThanOrEqual(2);
    expect(printed.join("")).toMatch(/\[codeartsrepo\] statistics of repository \d+ \(master\): started/);
    expect(printed.join("")).toMatch(/run \d+ finished after \d+\.\d s/);
  });

  it("counts the default branch when none is given, and names it", async () => {
    const { id, outs } = await create(inputs({ branch: undefined }));
    expect(id).toBe(`${repositoryId}/master`);
    expect(outs.branch).toBeUndefined();
    expect(outs.countedBranch).toBe("master");
  });

  it("refreshes to the latest finished run, whoever started it, and keeps the numbers until then", async () => {
    const { outs } = await create(inputs());
    await commit("carol's first", "carol", "c.txt", 40);
    const unchanged = await provider.read(`${repositoryId}/master`, outs);
    expect(unchanged.props).toEqual(outs);

    await consoleRun();
    const refreshed = await provider.read(`${repositoryId}/master`, outs);
    expect(refreshed.props!.runId).toBeGreaterThan(outs.runId!);
    expect(refreshed.props!.contributors[0]).toMatchObject({ userName: "carol", addedLines: 40 });
    expect(refreshed.props!.branchCommitCount).toBe(outs.branchCommitCount + 1);
  });

  it("runs again when triggers change, and makes no call when only the wait timeout changes", async () => {
    const { outs } = await create(inputs({ triggers: "monday" }));
    const diff = await provider.diff(`${repositoryId}/master`, outs, inputs({ triggers: "tuesday" }));
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const rerun = await provider.update(`${repositoryId}/master`, outs, inputs({ triggers: "tuesday" }));
    expect(rerun.outs!.runId).toBeGreaterThan(outs.runId!);
    expect(rerun.outs!.triggers).toBe("tuesday");

    fixture.resetRequests();
    const quiet = await provider.update(`${repositoryId}/master`, rerun.outs as RepositoryStatisticsOutputs, inputs({ triggers: "tuesday", waitTimeoutSeconds: 60 }));
    expect(quiet.outs).toEqual({ ...rerun.outs, waitTimeoutSeconds: 60 });
    expect(fixture.requests().total).toBe(0);
    expect(await provider.diff(`${repositoryId}/master`, outs, inputs({ branch: "develop" }))).toEqual({ changes: true, replaces: ["branch"], deleteBeforeReplace: false });
  });

  it("waits for a run someone else started, then starts its own", async () => {
    await settings({ statisticsQueuedMs: 400 });
    try {
      await fixture.admin.call("triggerRepositoryStatistics", { params: { repository_id: repositoryId }, body: {} });
      const theirs = (await fixture.admin.call("showRepositoryStatisticsStatus", { params: { repository_id: repositoryId } })).event!.id!;
      const printed: string[] = [];
      const { outs } = await runStatistics(freshClient(fixture), repositoryId, "master", { timeoutMs: 30_000, onProgress: (line) => printed.push(line) }).then(
        (snapshot) => ({ outs: snapshot }),
      );
      expect(outs.run!.id).toBe(theirs + 1);
      expect(printed[0]).toMatch(/waiting for run \d+ \(waiting\) started by someone else/);
    } finally {
      await settings({ statisticsQueuedMs: 100 });
    }
  });

  it("gives up after the wait timeout with an error that says what to do", async () => {
    await settings({ statisticsRunningMs: 60_000 });
    const other = await newRepository("stats-slow");
    try {
      const attempt = runStatistics(freshClient(fixture), other, "master", { timeoutMs: 1_000, firstPollMs: 100 });
      await expect(attempt).rejects.toThrow(CodeArtsOperationError);
      await expect(attempt).rejects.toThrow(/was still active after 1 s\. Raise waitTimeoutSeconds/);
    } finally {
      await settings({ statisticsRunningMs: 300 });
    }
  });

  it("fails at once when its run ends in \"failed\", without reading numbers, and a later run goes ahead", async () => {
    const other = await newRepository("stats-failing");
    // Runs end the moment they are triggered: the first poll sees the end, however late it comes.
    await settings({ statisticsQueuedMs: 0, statisticsRunningMs: 0, statisticsFailRuns: true });
    try {
      fixture.resetRequests();
      const error = await create(inputs({ repositoryId: other })).catch((e) => e);
      expect(error).toBeInstanceOf(CodeArtsOperationError);
      expect(error.message).toMatch(new RegExp(`^The statistics run \\d+ of repository ${other} \\(master\\) ended with status "failed"\\.`));
      expect(fixture.requests().byRoute).toEqual({ [STATUS]: 2, [TRIGGER]: 1 });

      await settings({ statisticsFailRuns: false });
      fixture.resetRequests();
      const { outs } = await create(inputs({ repositoryId: other }));
      expect(outs).toMatchObject({ runStatus: "finished", branchCommitCount: 1 });
      expect(fixture.requests().byRoute).toEqual({ [STATUS]: 2, [TRIGGER]: 1, [LAST]: 1 });
    } finally {
      await settings({ statisticsQueuedMs: 100, statisticsRunningMs: 300, statisticsFailRuns: false });
    }
  });

  it("fails over the daily quota with the reason, before starting anything", async () => {
    const other = await newRepository("stats-quota");
    await settings({ statisticsRunsPerDay: { repository: 1, user: 0 } });
    try {
      await consoleRun(other);
      fixture.resetRequests();
      const attempt = create(inputs({ repositoryId: other }));
      await expect(attempt).rejects.toThrow(/will not count repository \d+ \(master\) now: the repository's daily quota of statistics runs is used up/);
      expect(fixture.requests().byRoute[TRIGGER]).toBeUndefined();
    } finally {
      await settings({ statisticsRunsPerDay: { repository: 0, user: 0 } });
    }
  });

  it("reads a deleted repository's statistics as gone", async () => {
    const other = await newRepository("stats-deleted");
    const { outs } = await create(inputs({ repositoryId: other }));
    const { repositories } = await fixture.admin.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { search: "stats-deleted" } });
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: repositories[0].repository_uuid } });
    expect(await provider.read(`${other}/master`, outs)).toEqual({});
  });

  it("rejects bad inputs in check with the field and the rule", async () => {
    const { failures } = await provider.check({}, { repositoryId: 0, branch: "bad branch", waitTimeoutSeconds: 5 });
    expect(failures).toEqual([
      { property: "repositoryId", reason: "must be a repository id (a positive whole number)" },
      { property: "branch", reason: "must be a valid git branch name" },
      { property: "waitTimeoutSeconds", reason: "must be 10 to 3600 seconds" },
    ]);
  });

  describe("program-side functions", () => {
    let busy: number;
    beforeAll(async () => {
      busy = await newRepository("events-repo");
      for (let i = 1; i <= 6; i++) await commit(`change ${i}`, "alice", `f${i}.txt`, i, busy);
    });

    it("walks exactly ceil(total / pageSize) pages and returns every event newest first", async () => {
      fixture.resetRequests();
      const { total, events } = await getRepositoryEvents({ repositoryId: busy, pageSize: 3 });
      expect(total).toBe(7);
      expect(events.map((e) => e.commitTitle)).toEqual(["change 6", "change 5", "change 4", "change 3", "change 2", "change 1", "Add README.md"]);
      expect(fixture.requests().byRoute[EVENTS]).toBe(Math.ceil(7 / 3));
      expect(events[6]).toMatchObject({ action: "pushed new", ref: "master", refType: "branch", pushAction: "created", commitFrom: null, commitCount: 1 });
      expect(events[0]).toMatchObject({ action: "pushed to", authorName: DEFAULTS.user, authorId: 1001, repositoryId: busy, commitFrom: events[1].commitTo });

      fixture.resetRequests();
      await getRepositoryEvents({ repositoryId: busy, pageSize: 7 });
      expect(fixture.requests().byRoute[EVENTS]).toBe(1);
    });

    it("returns one page when asked, with the total", async () => {
      fixture.resetRequests();
      const { total, events } = await getRepositoryEvents({ repositoryId: busy, page: { offset: 2, limit: 2 } });
      expect(total).toBe(7);
      expect(events.map((e) => e.commitTitle)).toEqual(["change 4", "change 3"]);
      expect(fixture.requests().byRoute[EVENTS]).toBe(1);
    });

    it("filters by author, type and dates", async () => {
      const admin = fixture.emulator.seed.users[0];
      expect((await getRepositoryEvents({ repositoryId: busy, authorId: admin.numericId, type: "push" })).total).toBe(7);
      expect((await getRepositoryEvents({ repositoryId: busy, authorId: admin.numericId + 1 })).events).toEqual([]);
      expect((await getRepositoryEvents({ repositoryId: busy, after: new Date(Date.now() + 60_000) })).events).toEqual([]);
      expect((await getRepositoryEvents({ repositoryId: busy, before: new Date(Date.now() + 60_000) })).total).toBe(7);
      expect((await getRepositoryEvents({ repositoryId: busy, before: "2000-01-01" })).total).toBe(0);
    });

    it("refuses bad arguments naming the function, each field and its rule, with no API call", async () => {
      fixture.resetRequests();
      const attempt = getRepositoryEvents({ repositoryId: -1, pageSize: 500, after: "last tuesday", type: "issues" as "push" });
      await expect(attempt).rejects.toThrow(CodeArtsArgumentError);
      await expect(attempt).rejects.toThrow(
        /^getRepositoryEvents: repositoryId must be a repository id \(a positive whole number\); type must be "all" or "push"; after must be a Date or an ISO 8601 date/,
      );
      await expect(getRepositoryStatistics({ repositoryId: busy } as never)).rejects.toThrow(/getRepositoryStatistics: branch/);
      expect(fixture.requests().total).toBe(0);
    });

    it("triggers a run, reports its status, and reads its numbers", async () => {
      await triggerRepositoryStatistics({ repositoryId: busy, branch: "master" });
      const running = await getRepositoryStatisticsStatus({ repositoryId: busy });
      expect(running).toMatchObject({ canRun: false, reason: "none", lastRun: { branch: "master", finished: false, status: "waiting" } });
      const done = await waitFor("the run to finish", async () => {
        const status = await getRepositoryStatisticsStatus({ repositoryId: busy });
        return status.lastRun?.finished ? status : undefined;
      });
      expect(done).toMatchObject({ canRun: true, lastRun: { finished: true, status: "finished", statDate: expect.stringMatching(/^\d{8}$/) } });
      const numbers = await getRepositoryStatistics({ repositoryId: busy, branch: "master" });
      expect(numbers).toMatchObject({ contributorCount: 2, branchCommitCount: 7, totalCommitCount: 7, run: { id: done.lastRun!.id } });
      expect(numbers.contributors[0]).toMatchObject({ userName: "alice", addedLines: 21, commitCount: 6 });
    });
  });
});
