/**
 * examples/repository-insights through the real engine: statistics in stack outputs, a refresh
 * after new commits and a console run, a rerun through `triggers`, recent pushes, destroy.
 */
import { resolve } from "node:path";
import { PulumiResult } from "../../scripts/lib/pulumi-cli";
import { freshClient, listRepositoryNames, waitFor } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(600_000);

const programDir = resolve(__dirname, "..", "..", "examples", "repository-insights");
const STATISTICS = "pulumi-nodejs:dynamic/codeartsrepo:RepositoryStatistics";

describe("examples/repository-insights", () => {
  const { fixture, pulumi } = useE2eStack({ emulator: { creationDelayMs: 100, statisticsQueuedMs: 200, statisticsRunningMs: 600 }, program: programDir });
  let repositoryId: number;
  const show = (result: PulumiResult) => process.env.SHOW_PULUMI_OUTPUT && process.stdout.write(result.stdout + result.stderr);
  const statisticsState = async () => {
    const { deployment } = await pulumi.exportState();
    return deployment.resources.find((r) => r.type === STATISTICS)!.outputs;
  };
  const commit = (message: string, author: string, path: string, lines: number) =>
    freshClient(fixture).call("createCommit", {
      params: { repo_id: repositoryId },
      body: { branch: "master", commit_message: message, author_name: author, actions: [{ action: "create", file_path: path, content: "line\n".repeat(lines) }] },
    });

  /** Someone presses "count" in the console, and the run finishes. */
  async function consoleRun(): Promise<void> {
    const api = freshClient(fixture);
    await api.call("triggerRepositoryStatistics", { params: { repository_id: repositoryId }, body: { branch_name: "master" } });
    await waitFor("the console's statistics run to finish", async () => (await api.call("showRepositoryStatisticsStatus", { params: { repository_id: repositoryId } })).can_statistics);
  }

  it("creates the repository, counts it while printing progress, and exports the numbers and the pushes", async () => {
    const up = await pulumi.run(["up", "--yes"]);
    show(up);
    expect(up.stdout + up.stderr).toMatch(/statistics of repository \d+ \(master\): started/);
    expect(up.stdout + up.stderr).toMatch(/statistics of repository \d+ \(master\): run \d+ finished/);
    const outputs = await pulumi.outputs();
    repositoryId = outputs.repositoryId as number;
    expect(outputs).toMatchObject({
      branchCommits: 1,
      allCommits: 1,
      contributors: 1,
      topContributors: ["emulator-admin: +3 -0 in 1 commit(s)"],
      countedOn: expect.stringMatching(/^\d{8}$/),
    });
    expect(Object.values(outputs.last15DaysLines as object)).toEqual([{ added: 3, deleted: 0 }]);
    expect(outputs.recentPushes).toEqual([expect.stringMatching(/Z emulator-admin pushed new master: Add README\.md$/)]);
  });

  it("keeps the provider's credential out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("keeps the numbers on refresh until a newer run, then brings that run's numbers", async () => {
    await commit("Add the service", "alice", "service.ts", 120);
    await commit("Add tests", "bob", "service.test.ts", 45);
    const before = await statisticsState();
    show(await pulumi.run(["refresh", "--yes"]));
    expect(await statisticsState()).toEqual(before);

    await consoleRun();
    show(await pulumi.run(["refresh", "--yes"]));
    const after = await statisticsState();
    expect(after.runId).toBe(before.runId + 1);
    expect(after).toMatchObject({ branchCommitCount: 3, contributorCount: 3 });
    expect(after.contributors.map((c: { userName: string }) => c.userName)).toEqual(["bob", "alice", "emulator-admin"]);
  });

  it("does not call new numbers drift: the drift check passes, and up --refresh exports them changing nothing", async () => {
    await commit("Fix a bug", "carol", "fix.ts", 2);
    await consoleRun();
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    show(drift);
    expect(drift.code).toBe(0);
    // The other drift check DESIGN.md names passes too.
    const refreshCheck = await pulumi.run(["refresh", "--preview-only", "--expect-no-changes"], {
      allowFailure: true,
      env: { PULUMI_SKIP_CONFIRMATIONS: "false" }, // the sandbox's default would add --yes, which --preview-only refuses
    });
    show(refreshCheck);
    expect(refreshCheck.code).toBe(0);
    expect(refreshCheck.stdout).toMatch(/3 unchanged/);
    const up = await pulumi.run(["up", "--refresh", "--yes"]);
    show(up);
    expect(up.stdout).not.toMatch(/RepositoryStatistics\s+master\s+(update|replace|create)/);
    const outputs = await pulumi.outputs();
    expect(outputs).toMatchObject({ branchCommits: 4, contributors: 4 });
    expect(outputs.topContributors).toEqual(["alice: +120 -0 in 1 commit(s)", "bob: +45 -0 in 1 commit(s)", "emulator-admin: +3 -0 in 1 commit(s)"]);
    expect((outputs.recentPushes as string[]).slice(0, 3)).toEqual([
      expect.stringMatching(/emulator-admin pushed to master: Fix a bug$/),
      expect.stringMatching(/emulator-admin pushed to master: Add tests$/),
      expect.stringMatching(/emulator-admin pushed to master: Add the service$/),
    ]);
  });

  it("counts again in place when statisticsRun changes", async () => {
    await commit("Write the docs", "dave", "README.md.d/guide.md", 30);
    const runBefore = (await statisticsState()).runId;
    await pulumi.run(["config", "set", "statisticsRun", "2026-11-24"]);
    const preview = await pulumi.run(["preview"]);
    expect(preview.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/codeartsrepo:RepositoryStatistics\s+master\s+update/);
    expect(preview.stdout).not.toMatch(/RepositoryStatistics\s+master\s+replace/);
    show(await pulumi.run(["up", "--yes"]));
    const state = await statisticsState();
    expect(state.runId).toBe(runBefore + 1);
    expect(state).toMatchObject({ branchCommitCount: 5, contributorCount: 5, triggers: "2026-11-24" });
    expect((await pulumi.outputs()).topContributors).toEqual([
      "alice: +120 -0 in 1 commit(s)",
      "bob: +45 -0 in 1 commit(s)",
      "dave: +30 -0 in 1 commit(s)",
    ]);
  });

  it("destroys the repository; the statistics have nothing to delete", async () => {
    show(await pulumi.run(["destroy", "--yes"]));
    expect(await listRepositoryNames(fixture)).toEqual([]);
    expect((await pulumi.exportState()).deployment.resources ?? []).toHaveLength(0);
  });
});
