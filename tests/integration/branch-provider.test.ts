import { BranchInputs, BranchOutputs, provider } from "../../provider/branch";
import { CodeArtsApiError } from "../../api/errors";
import { liveBranch, parentRepository } from "../support/child-resources";
import { EmulatorFixture, faultReport, loseNextAnswer, planFaults, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";

const CREATE = routeKey("createBranchV4");
const SHOW = routeKey("showBranch");
const DELETE = routeKey("deleteBranchV4");

describe("Branch provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const inputs = (over: Partial<BranchInputs> = {}) => BranchInputs.parse({ repositoryId, repositoryUuid, name: "release/1.0", ref: "master", ...over });
  const live = (name: string) => liveBranch(fixture, repositoryId, name);
  const commitOnBranch = (branch: string, path: string) =>
    fixture.admin.call("createCommit", {
      params: { repo_id: repositoryId },
      body: { branch, commit_message: `add ${path}`, author_name: "someone", actions: [{ action: "create", file_path: path, content: "x\n" }] },
    });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "branchy"));
  });
  afterAll(() => fixture.close());

  it("creates a branch from master with a look and one create, and reads back its commit", async () => {
    const master = (await live("master"))!;
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs());
    // The look first: a branch already there must not be taken for this one after a lost answer.
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [CREATE]: 1 });
    expect(id).toBe(`${repositoryId}:release/1.0`);
    expect(outs).toEqual({ ...inputs(), commitId: master.commit!.id, protected: false });
    expect(await provider.read(id, outs as BranchOutputs)).toEqual({ id, props: outs });
  });

  it("follows the branch as it moves on, without a diff", async () => {
    const { id, outs } = await provider.create(inputs({ name: "moving" }));
    const pushed = await commitOnBranch("moving", "a.txt");
    const read = await provider.read(id, outs as BranchOutputs);
    expect(read.props!.commitId).toBe(pushed.id);
    expect(read.props!.commitId).not.toBe((outs as BranchOutputs).commitId);
    expect((await provider.diff(id, read.props as BranchOutputs, inputs({ name: "moving" }))).changes).toBe(false);
  });

  it("reads the protected flag back", async () => {
    const { id, outs } = await provider.create(inputs({ name: "guarded" }));
    await fixture.admin.call("createProtectedBranches", { params: { repository_id: repositoryId }, body: { names: ["guarded"] } });
    expect((await provider.read(id, outs as BranchOutputs)).props!.protected).toBe(true);
  });

  it("answers a missing branch and a missing repository in the V4 error shape", async () => {
    const ask = async (repository: number) => {
      const response = await fetch(`${fixture.emulator.url}/v4/repositories/${repository}/repository/branch?branch_name=nope`, {
        headers: { "X-Auth-Token": fixture.adminToken },
      });
      return { status: response.status, body: await response.json() };
    };
    expect(await ask(repositoryId)).toEqual({ status: 404, body: { error_code: "CH.000404", error_msg: "Branch nope does not exist" } });
    expect(await ask(999999)).toEqual({ status: 404, body: { error_code: "CH.00402000", error_msg: expect.any(String) } });
  });

  it("starts a branch from a commit id", async () => {
    const older = (await live("master"))!.commit!.id;
    await commitOnBranch("master", `later-${Date.now()}.txt`);
    const { outs } = await provider.create(inputs({ name: "from-commit", ref: older }));
    expect((outs as BranchOutputs).commitId).toBe(older);
  });

  it("refuses an existing branch, explaining how to adopt, and adopts it without creating when asked", async () => {
    await fixture.admin.call("createBranchV4", { params: { repository_id: repositoryId }, body: { branch: "by-hand", ref: "master" } });
    fixture.resetRequests();
    const error = await provider.create(inputs({ name: "by-hand" })).catch((e) => e);
    expect(error.message).toMatch(/already has a branch "by-hand" \(at commit [0-9a-f]{40}\)\. Set adoptExisting: true/);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ name: "by-hand", adoptExisting: true }));
    expect(id).toBe(`${repositoryId}:by-hand`);
    expect(outs).toMatchObject({ adoptExisting: true, commitId: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("reports a branch deleted in the console as gone, and deleting it again as success", async () => {
    const { id, outs } = await provider.create(inputs({ name: "short-lived" }));
    await fixture.admin.call("deleteBranchV4", { params: { repository_id: repositoryId }, query: { branch_name: "short-lived" } });
    expect(await provider.read(id, outs as BranchOutputs)).toEqual({});
    await expect(provider.delete(id, outs as BranchOutputs)).resolves.toBeUndefined();
  });

  it("reports a branch of a deleted repository as gone", async () => {
    const other = await parentRepository(fixture, "doomed");
    const { id, outs } = await provider.create(inputs({ ...other, name: "x" }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: other.repositoryUuid } });
    expect(await provider.read(id, outs as BranchOutputs)).toEqual({});
  });

  it("deletes a branch with a look and one DELETE", async () => {
    const { id, outs } = await provider.create(inputs({ name: "to-delete" }));
    fixture.resetRequests();
    await provider.delete(id, outs as BranchOutputs);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [DELETE]: 1 });
    expect(await live("to-delete")).toBeUndefined();
  });

  it("refuses to delete the repository's default branch, saying what to do", async () => {
    const { id, outs } = await provider.create(inputs({ name: "master", adoptExisting: true }));
    fixture.resetRequests();
    const error = await provider.delete(id, outs as BranchOutputs).catch((e) => e);
    expect(error.message).toMatch(/"master" is the default branch of repository \d+.*Make another branch the default.*retainOnDelete: true/);
    expect(fixture.requests().byRoute[DELETE]).toBeUndefined();
    expect(await live("master")).toBeDefined();
  });

  it("recovers from a lost create answer without a second create", async () => {
    await loseNextAnswer(fixture, CREATE);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ name: "lost-answer" }));
    // The look before (free), the create whose answer was lost, the look that finds what it made.
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 2, [CREATE]: 1 });
    expect((outs as BranchOutputs).commitId).toBe((await live("lost-answer"))!.commit!.id);
  });

  it("never takes a branch that was there before for its own: refused, the 503 planned for the create never sent", async () => {
    // Looked up after the 503, the name would show this branch, as if the create had made it.
    await fixture.admin.call("createBranchV4", { params: { repository_id: repositoryId }, body: { branch: "someone-elses", ref: "master" } });
    const before = (await live("someone-elses"))!;
    await planFaults(fixture, { route: "createBranchV4", kind: "status", status: 503 });
    try {
      fixture.resetRequests();
      const error = await provider.create(inputs({ name: "someone-elses" })).catch((e) => e);
      expect(error.message).toMatch(/already has a branch "someone-elses" .* Set adoptExisting: true/);
      expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
      expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([0]);
      expect((await live("someone-elses"))!.commit!.id).toBe(before.commit!.id);
    } finally {
      await planFaults(fixture);
    }
  });

  it("surfaces other read errors instead of calling the branch gone", async () => {
    const { id, outs } = await provider.create(inputs({ name: "kept" }));
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read(id, outs as BranchOutputs).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
    expect(await live("kept")).toBeDefined();
  });
});
