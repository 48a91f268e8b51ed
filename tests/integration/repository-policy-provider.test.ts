import { RepositoryPolicyInputs, RepositoryPolicyOutputs, provider } from "../../provider/repository-policy";
import { MergeRequestSettingsInputs, provider as mergeRequestSettings } from "../../provider/merge-request-settings";
import { EmulatorFixture, freshClient, routeKey, startFixture } from "../support/emulator";
import { parentRepository, setInheritSetting } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const SHOW = routeKey("showRepositoryGeneralPolicy");
const UPDATE = routeKey("updateRepositoryGeneralPolicy");
const INHERIT = routeKey("showRepositoryInheritSetting");

describe("RepositoryPolicy provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let alice: string;
  let bob: string;

  const policy = (repository: object, over: Record<string, unknown> = {}) =>
    RepositoryPolicyInputs.parse({ ...repository, forkForbidden: true, branchNamePattern: "^(feature|fix)/", ...over });
  const live = (repositoryId: number) => freshClient(fixture).call("showRepositoryGeneralPolicy", { params: { repository_id: repositoryId } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    const user = (name: string) => String(fixture.emulator.seed.users.find((candidate) => candidate.name === name)!.numericId);
    [alice, bob] = [user("alice"), user("bob")];
  });
  afterAll(() => fixture.close());

  it("creates with one read, the inherit-setting look and one write, the branch creators as a set, and reads back with one call", async () => {
    const repository = await parentRepository(fixture, "policy-create");
    const before = await live(repository.repositoryId);
    newProviderRun(fixture);
    fixture.resetRequests();
    const { id, outs } = await provider.create(policy(repository, { developersCannotCreateBranches: true, branchCreators: [bob, alice, bob] }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [INHERIT]: 1, [UPDATE]: 1 });
    expect(outs).toEqual({
      ...policy(repository, { developersCannotCreateBranches: true, branchCreators: [alice, bob].sort() }),
      valuesBefore: { forkForbidden: before.disable_fork, branchNamePattern: before.branch_name_regex, developersCannotCreateBranches: before.forbidden_developer_create_branch, branchCreators: [] },
    });
    expect(await live(repository.repositoryId)).toMatchObject({ disable_fork: true, branch_name_regex: "^(feature|fix)/", generate_pre_merge_ref: before.generate_pre_merge_ref });

    newProviderRun(fixture);
    fixture.resetRequests();
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("shows a console change of a set field as drift, leaves an unset one alone, and delete puts back only what it found", async () => {
    const repository = await parentRepository(fixture, "policy-drift");
    const before = await live(repository.repositoryId);
    const { id, outs } = await provider.create(policy(repository));
    await freshClient(fixture).call("updateRepositoryGeneralPolicy", { params: { repository_id: repository.repositoryId }, body: { disable_fork: false, tag_name_regex: "^v" } });
    newProviderRun(fixture);
    const read = (await provider.read(id, outs)).props as RepositoryPolicyOutputs;
    expect(read).toMatchObject({ forkForbidden: false, branchNamePattern: "^(feature|fix)/" });
    expect(read).not.toHaveProperty("tagNamePattern");
    expect((await provider.diff(id, read, policy(repository))).changes).toBe(true);

    fixture.resetRequests();
    await provider.delete(id, read);
    // The fork setting already holds the value found; only the branch rule is put back.
    expect(fixture.requests().byRoute).toEqual({ [INHERIT]: 1, [UPDATE]: 1 });
    expect(await live(repository.repositoryId)).toEqual({ ...before, tag_name_regex: "^v" });
  });

  it("reads inherit-setting once per repository for both settings kinds, and refuses a policy the repository inherits", async () => {
    const repository = await parentRepository(fixture, "policy-inherited");
    await setInheritSetting(fixture.emulator.url, repository.repositoryId, "repository_settings", "inherit");
    newProviderRun(fixture);
    fixture.resetRequests();
    await mergeRequestSettings.create(MergeRequestSettingsInputs.parse({ ...repository, forbidSelfApproval: true }));
    await expect(provider.create(policy(repository))).rejects.toThrow(
      `Repository ${repository.repositoryId} inherits its repository settings from its project or group (inherit-setting "repository_settings": "inherit"), so forkForbidden, branchNamePattern set on the repository`,
    );
    expect(fixture.requests().byRoute).toEqual({ [routeKey("showMergeRequestSetting")]: 1, [routeKey("updateMergeRequestSetting")]: 1, [SHOW]: 1, [INHERIT]: 1 });
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { repositoryId: 1, repositoryUuid: "0".repeat(32), forkForbidden: "yes", branchCreators: ["1001,1002"] });
    expect(result.failures).toEqual([
      { property: "forkForbidden", reason: "Invalid input: expected boolean, received string" },
      { property: "branchCreators.0", reason: "must be a user id (no comma: the service keeps the list as one comma-separated string)" },
    ]);
    expect(fixture.requests().total).toBe(0);
  });
});
