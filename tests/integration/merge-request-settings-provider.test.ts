import { MergeRequestSettingsInputs, MergeRequestSettingsOutputs, provider } from "../../provider/merge-request-settings";
import { EmulatorFixture, freshClient, routeKey, startFixture } from "../support/emulator";
import { parentRepository, setInheritSetting } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const SHOW = routeKey("showMergeRequestSetting");
const UPDATE = routeKey("updateMergeRequestSetting");
const INHERIT = routeKey("showRepositoryInheritSetting");

describe("MergeRequestSettings provider against the emulator", () => {
  let fixture: EmulatorFixture;

  const ofRepository = (repository: object, over: Record<string, unknown> = {}) =>
    MergeRequestSettingsInputs.parse({ ...repository, forbidSelfMerge: true, mergeMethod: "ff", ...over });
  const live = (repositoryId: number) => freshClient(fixture).call("showMergeRequestSetting", { params: { repository_id: repositoryId } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
  });
  afterAll(() => fixture.close());

  it("creates with one read, one inherit-setting look and one write, records what it found, and reads back with one call", async () => {
    const repository = await parentRepository(fixture, "mr-create");
    const before = await live(repository.repositoryId);
    newProviderRun(fixture);
    fixture.resetRequests();
    const { id, outs } = await provider.create(ofRepository(repository, { linkedWorkItemBranches: ["release", "master", "master"] }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [INHERIT]: 1, [UPDATE]: 1 });
    expect(id).toBe(String(repository.repositoryId));
    expect(outs).toEqual({
      ...ofRepository(repository, { linkedWorkItemBranches: ["master", "release"] }),
      valuesBefore: { forbidSelfMerge: before.disable_merge_by_self, mergeMethod: before.merge_method, linkedWorkItemBranches: [] },
    });
    // Only what the program sets was sent: the rest is as it was.
    const after = await live(repository.repositoryId);
    expect(after).toMatchObject({ disable_merge_by_self: true, merge_method: "ff", need_relate_issue_branches: "master,release", can_force_merge: before.can_force_merge });

    newProviderRun(fixture);
    fixture.resetRequests();
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("writes nothing when the settings are already as the program says", async () => {
    const repository = await parentRepository(fixture, "mr-already");
    await freshClient(fixture).call("updateMergeRequestSetting", { params: { repository_id: repository.repositoryId }, body: { disable_merge_by_self: true, merge_method: "ff" } });
    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(ofRepository(repository, { adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    expect(outs.valuesBefore).toEqual({ forbidSelfMerge: true, mergeMethod: "ff" });
  });

  it("shows a console change of a field the program sets as drift, ignores one it leaves out, and restores it with one write", async () => {
    const repository = await parentRepository(fixture, "mr-drift");
    const { id, outs } = await provider.create(ofRepository(repository));
    await freshClient(fixture).call("updateMergeRequestSetting", { params: { repository_id: repository.repositoryId }, body: { disable_merge_by_self: false, can_force_merge: false } });
    newProviderRun(fixture);
    const read = (await provider.read(id, outs)).props as MergeRequestSettingsOutputs;
    expect(read).toMatchObject({ forbidSelfMerge: false, mergeMethod: "ff" });
    expect(read).not.toHaveProperty("allowForceMerge");
    expect((await provider.diff(id, read, ofRepository(repository))).changes).toBe(true);
    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, read, ofRepository(repository));
    expect(fixture.requests().byRoute).toEqual({ [INHERIT]: 1, [UPDATE]: 1 });
    expect(restored).toMatchObject({ forbidSelfMerge: true, valuesBefore: outs.valuesBefore });
    expect(await live(repository.repositoryId)).toMatchObject({ disable_merge_by_self: true, can_force_merge: false });
  });

  it("records a field the program starts to set, and puts back one it stops setting", async () => {
    const repository = await parentRepository(fixture, "mr-fields");
    const before = await live(repository.repositoryId);
    const { id, outs } = await provider.create(ofRepository(repository));
    newProviderRun(fixture);
    const { outs: changed } = await provider.update(id, outs, MergeRequestSettingsInputs.parse({ ...repository, forbidSelfMerge: true, requireResolvedDiscussions: true }));
    expect(changed!.valuesBefore).toEqual({ forbidSelfMerge: before.disable_merge_by_self, requireResolvedDiscussions: before.only_allow_merge_if_all_discussions_are_resolved });
    expect(await live(repository.repositoryId)).toMatchObject({ merge_method: before.merge_method, only_allow_merge_if_all_discussions_are_resolved: true, disable_merge_by_self: true });
  });

  it("deletes by putting back only the recorded values, and a repository already gone is fine", async () => {
    const repository = await parentRepository(fixture, "mr-delete");
    const before = await live(repository.repositoryId);
    const { id, outs } = await provider.create(ofRepository(repository));
    // A console change of a field the program never set survives the delete.
    await freshClient(fixture).call("updateMergeRequestSetting", { params: { repository_id: repository.repositoryId }, body: { auto_squash_merge: !before.auto_squash_merge } });
    newProviderRun(fixture);
    fixture.resetRequests();
    await provider.delete(id, outs);
    expect(fixture.requests().byRoute).toEqual({ [INHERIT]: 1, [UPDATE]: 1 });
    expect(await live(repository.repositoryId)).toEqual({ ...before, auto_squash_merge: !before.auto_squash_merge });

    await fixture.admin.call("deleteRepository", { params: { repository_uuid: repository.repositoryUuid } });
    newProviderRun(fixture);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await provider.read(id, outs)).toEqual({});
  });

  it("refuses to write settings the repository inherits, saying what is inherited and what to do, and reads inherit-setting once for the run", async () => {
    const repository = await parentRepository(fixture, "mr-inherited");
    await setInheritSetting(fixture.emulator.url, repository.repositoryId, "merge_requests", "force_inherit");
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(ofRepository(repository))).rejects.toThrow(
      `Repository ${repository.repositoryId} inherits its merge request settings from its project or group (inherit-setting "merge_requests": "force_inherit")`,
    );
    await expect(provider.create(ofRepository(repository))).rejects.toThrow('"force_inherit" means the project or group must first allow it');
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [INHERIT]: 1 });
    expect(fixture.requests().byRoute[UPDATE]).toBeUndefined();
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { repositoryId: 1, repositoryUuid: "0".repeat(32), mergeMethod: "squash", minimumScore: 1.5, linkedWorkItemBranches: ["a,b"] });
    expect(result.failures).toEqual([
      { property: "mergeMethod", reason: 'must be one of "merge", "rebase_merge", "ff"' },
      { property: "linkedWorkItemBranches.0", reason: "must be a branch name (not empty, no comma)" },
      { property: "minimumScore", reason: "must be a whole number" },
    ]);
    expect(fixture.requests().total).toBe(0);
  });
});
