import { ApprovalRuleInputs, ApprovalRuleOutputs, provider } from "../../provider/approval-rule";
import { EmulatorFixture, freshClient, planFaults, faultReport, routeKey, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const LIST = routeKey("listApproverSettings");
const CREATE = routeKey("createApproverSetting");
const UPDATE = routeKey("updateApproverSetting");

describe("ApprovalRule provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };
  let alice: number;
  let bob: number;

  const inputs = (over: Record<string, unknown> = {}) => ApprovalRuleInputs.parse({ ...repository, branch: "master", requiredApprovals: 2, approvers: [alice], ...over });
  const listed = async () => freshClient(fixture).paginate("listApproverSettings", { params: { repository_id: repository.repositoryId } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    repository = await parentRepository(fixture, "reviewed");
    const user = (name: string) => fixture.emulator.seed.users.find((candidate) => candidate.name === name)!.numericId;
    [alice, bob] = [user("alice"), user("bob")];
  });
  afterAll(() => fixture.close());

  it("creates a rule with a look at the list and one create, sending only what the program sets, and reads it back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ mode: "approval", requirePipelinePass: true, approvers: [bob, alice, alice] }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [CREATE]: 1 });
    // The users as a set: sorted, each once.
    expect(outs).toEqual({ ...inputs({ mode: "approval", requirePipelinePass: true, approvers: [alice, bob] }), settingId: expect.any(String) });
    expect(outs).not.toHaveProperty("requiredReviews");
    expect(id).toBe(`${repository.repositoryId}/${outs.settingId}`);
    const [live] = (await listed()).filter((setting) => setting.id === outs.settingId);
    expect(live).toMatchObject({ target: "master", target_type: "branch", is_use_approval: true, approval_required_approvers: 2, only_merge_when_pipeline_pass: true });
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
  });

  it("shows a console change of a setting the program sets, and ignores one it leaves to the service", async () => {
    const { id, outs } = await provider.create(inputs({ branch: "develop" }));
    await freshClient(fixture).call("updateApproverSetting", {
      params: { repository_id: repository.repositoryId, setting_id: outs.settingId },
      body: { approval_required_approvers: 1, approval_required_reviewers: 3 },
    });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ requiredApprovals: 1 });
    expect(read.props).not.toHaveProperty("requiredReviews");
    expect((await provider.diff(id, read.props as ApprovalRuleOutputs, inputs({ branch: "develop" }))).changes).toBe(true);
    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, read.props as ApprovalRuleOutputs, inputs({ branch: "develop" }));
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect(restored).toMatchObject({ requiredApprovals: 2, settingId: outs.settingId });
  });

  it("changes the branch in place, keeping the setting's id", async () => {
    const { id, outs } = await provider.create(inputs({ branch: "hotfix/*" }));
    expect(await provider.diff(id, outs, inputs({ branch: "fix/*" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: moved } = await provider.update(id, outs, inputs({ branch: "fix/*" }));
    expect(moved).toMatchObject({ branch: "fix/*", settingId: outs.settingId });
    expect((await listed()).map((setting) => setting.target)).toEqual(expect.arrayContaining(["fix/*"]));
  });

  it("refuses a rule someone else made for the branch, saying how to adopt, and adopts it when asked", async () => {
    await freshClient(fixture).call("createApproverSetting", { params: { repository_id: repository.repositoryId }, body: { target: "release/*", target_type: "branch", approval_required_approvers: 2, approver_ids: [alice] } });
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(inputs({ branch: "release/*" }))).rejects.toThrow(`Repository ${repository.repositoryId} already has an approval rule for "release/*"`);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });

    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ branch: "release/*", adoptExisting: true }));
    // Already as the program says: adopted with the look alone.
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(outs).toMatchObject({ branch: "release/*", requiredApprovals: 2, approvers: [alice], adoptExisting: true });
  });

  it("takes the rule found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createApproverSetting", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ branch: "lost/*" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect((await listed()).filter((setting) => setting.target === "lost/*")).toHaveLength(1);
    expect(outs.branch).toBe("lost/*");
  });

  it("deletes it, reads it as gone after, and deleting again is success", async () => {
    const { id, outs } = await provider.create(inputs({ branch: "short-lived" }));
    await provider.delete(id, outs);
    expect((await listed()).map((setting) => setting.target)).not.toContain("short-lived");
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { ...repository, branch: " ", mode: "vote", requiredApprovals: -1, approvers: ["alice"] });
    expect(result.failures).toEqual([
      { property: "branch", reason: "must not be empty" },
      { property: "mode", reason: 'must be "approval" or "score"' },
      { property: "requiredApprovals", reason: "must be 0 or more" },
      { property: "approvers.0", reason: "must be a numeric user id (the number in a Member's memberId)" },
    ]);
    expect(fixture.requests().total).toBe(0);
  });
});
