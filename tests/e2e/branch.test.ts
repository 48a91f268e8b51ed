/**
 * Branch and Tag through the real Pulumi engine against the emulator: up, no changes after up, a
 * branch deleted in the console seen as gone by refresh and recreated by up, a ref change refused
 * at preview without allowReplace, a tag moved in the console found by `codeartsrepo drift` and
 * put back by up with allowReplace, and destroy.
 */
import { resolve } from "node:path";
import { liveBranch } from "../support/child-resources";
import { listRepositoryNames, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState } from "../support/state-secrets";
import { runCodeartsrepo } from "../support/codeartsrepo-command";
import { DriftReport } from "../../gitops/report";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

jest.setTimeout(300_000);

const programDir = resolve(__dirname, "programs", "branch");
const BRANCH_TYPE = "pulumi-nodejs:dynamic/codeartsrepo:Branch";

describe("Branch through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({ program: programDir });
  let repositoryId: number;

  const live = (name: string) => liveBranch(fixture, repositoryId, name);
  const printed = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

  const liveTag = () => fixture.admin.call("showTag", { params: { repository_id: repositoryId }, query: { tag_name: "v1.0.0" } });

  it("creates the branch from master, and the release tag at its commit, with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    repositoryId = outputs.repositoryId as number;
    const branch = await live("release/1.0");
    expect(branch?.commit?.id).toMatch(/^[0-9a-f]{40}$/);
    expect(outputs.releaseCommitId).toBe(branch!.commit!.id);
    expect(await liveTag()).toMatchObject({ target: branch!.commit!.id, message: "Release 1.0" });
    expect(outputs.tagCommitId).toBe(branch!.commit!.id);
  });

  it("previews no changes right after up", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(result.code).toBe(0);
  });

  it("keeps the provider's credential out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("sees a branch deleted in the console as gone on refresh, and recreates it with up", async () => {
    await fixture.admin.call("deleteBranchV4", { params: { repository_id: repositoryId }, query: { branch_name: "release/1.0" } });
    const refresh = await pulumi.run(["refresh", "--yes"]);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed(refresh));
    expect(printed(refresh)).toMatch(new RegExp(`${BRANCH_TYPE}\\s+release\\s+deleted`));
    const state = await pulumi.exportState();
    expect(state.deployment.resources.filter((resource) => resource.type === BRANCH_TYPE)).toEqual([]);

    await pulumi.run(["up", "--yes"]);
    expect(await live("release/1.0")).toBeDefined();
    const settled = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(settled.code).toBe(0);
  });

  it("refuses a ref change at preview without allowReplace, naming the field, both values and the way out", async () => {
    await pulumi.run(["config", "set", "ref", "develop"]);
    const result = await pulumi.run(["preview"], { allowFailure: true });
    await pulumi.run(["config", "rm", "ref"]);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed(result));
    expect(result.code).not.toBe(0);
    expect(printed(result)).toMatch(/ref from "master" to "develop"/);
    expect(printed(result)).toMatch(/allowReplace: true/);
    expect(await live("release/1.0")).toBeDefined();
  });

  it("finds a release tag moved in the console (high); up fails saying so, and moves it back with allowReplace", async () => {
    const release = (await pulumi.outputs()).tagCommitId as string;
    await fixture.admin.call("createCommit", {
      params: { repo_id: repositoryId },
      body: { branch: "master", commit_message: "after the release", actions: [{ action: "create", file_path: "later.txt", content: "x\n" }] },
    });
    await fixture.admin.call("deleteTag", { params: { repository_id: repositoryId }, query: { tag_name: "v1.0.0" } });
    const moved = await fixture.admin.call("createTag", { params: { repository_id: repositoryId }, body: { tag_name: "v1.0.0", ref: "master" } });

    const out = mkdtempSync(join(tmpdir(), "codeartsrepo-tag-drift-"));
    try {
      const file = join(out, "drift.json");
      const result = await runCodeartsrepo(pulumi, programDir, ["drift", "--stack", pulumi.stack, "--json", file]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(2);
      const report = DriftReport.parse(JSON.parse(readFileSync(file, "utf8")));
      expect(report.findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} ${f.severity} ${f.rule}`)).toEqual(["changed Tag release-tag high tag-moved"]);
      expect(report.findings[0].fields).toEqual([{ field: "commitId", recorded: release, live: moved.target, desired: null }]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    const refused = await pulumi.run(["up", "--refresh", "--yes"], { allowFailure: true });
    expect(refused.code).not.toBe(0);
    expect(printed(refused)).toContain(`names commit ${moved.target}, but the program says ${release}: it was moved outside this program`);
    expect((await liveTag()).target).toBe(moved.target);

    await pulumi.run(["config", "set", "allowReplace", "true"]);
    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await liveTag()).target).toBe(release);
    await pulumi.run(["config", "rm", "allowReplace"]);
    await pulumi.run(["up", "--yes"]);
    const settled = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(settled.code).toBe(0);
  });

  it("deletes the tag, the branch and the repository on destroy", async () => {
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    expect(fixture.requests().byRoute[routeKey("deleteTag")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("deleteBranchV4")]).toBe(1);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
