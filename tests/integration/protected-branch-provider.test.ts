import { CodeArtsApiError } from "../../api/errors";
import { ProtectedBranchInputs, ProtectedBranchOutputs, provider } from "../../provider/protected-branch";
import { EmulatorFixture, freshClient, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { parentRepository, roleId, setProtectionRule, setRepositoryRoles } from "../support/child-resources";

const ROLES = routeKey("listRepositoryRoles");
const LIST = routeKey("listProtectedBranches");
const SHOW = routeKey("showProtectedBranch");
const CREATE = routeKey("createProtectedBranches");
const UPDATE = routeKey("updateProtectedBranch");

describe("ProtectedBranch provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const inputs = (over: Partial<ProtectedBranchInputs> = {}) => ProtectedBranchInputs.parse({ repositoryId, repositoryUuid, branch: "master", ...over });
  const liveRule = async (branch: string, repository = repositoryId) => {
    const rules = await freshClient(fixture).call("listProtectedBranches", { params: { repository_id: repository }, query: { limit: 100 } });
    return rules.find((rule) => rule.name === branch);
  };
  const roleIds = async (action: string, branch = "master") =>
    ((await liveRule(branch))?.actions ?? []).find((a) => a.action === action)?.roles?.map((role) => role.related_role_id).sort();
  const idsOf = async (...names: string[]) => (await Promise.all(names.map((name) => roleId(fixture, repositoryId, name)))).sort();
  const createBranch = (name: string, repository = repositoryId) =>
    fixture.admin.call("createBranch", { params: { repository_id: repository }, body: { branch_name: name, ref: "master" } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "protect-me"));
  });
  afterAll(() => fixture.close());

  it("learns the roles, looks, creates with the learned role ids, and reads the levels back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ pushAccess: "noOne", mergeAccess: "developers" }));
    expect(id).toBe(`${repositoryId}:master`);
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [SHOW]: 1, [CREATE]: 1 });
    expect(await roleIds("push")).toEqual([]);
    expect(await roleIds("merge")).toEqual(await idsOf("Project manager", "Administrator", "Committer", "Developer"));
    const read = await provider.read(id, outs as ProtectedBranchOutputs);
    expect(read).toEqual({ id, props: { ...inputs(), pushAccess: "noOne", mergeAccess: "developers" } });
    const v1 = await fixture.admin.call("listBranchesV1", { params: { repository_id: repositoryId } });
    expect(v1.branches).toEqual([{ name: "master", is_protected: true }]);
  });

  it("reads levels changed out of band through the documented update, so refresh shows the drift", async () => {
    const maintainers = await idsOf("Project manager", "Administrator");
    await fixture.admin.call("updateProtectedBranch", {
      params: { repository_id: repositoryId },
      query: { branch_name: "master" },
      body: [
        { action: "push", enable: true, related_role_ids: maintainers },
        { action: "merge", enable: true, related_role_ids: maintainers },
      ],
    });
    newProviderRun(fixture);
    const read = await provider.read(`${repositoryId}:master`, inputs({ pushAccess: "noOne", mergeAccess: "developers" }));
    expect(read.props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "maintainers" });
  });

  it("reads a console rule no level describes as custom, not as a wrong level, and an update restores the level", async () => {
    await setProtectionRule(fixture.emulator.url, {
      repositoryId,
      kind: "branch",
      name: "master",
      actions: [{ action: "push", enable: true, user_ids: [1002], related_role_ids: [await roleId(fixture, repositoryId, "Committer")] }],
    });
    newProviderRun(fixture);
    const read = await provider.read(`${repositoryId}:master`, inputs());
    expect(read.props).toMatchObject({ pushAccess: "custom (roles: Committer; users: alice)", mergeAccess: "maintainers" });
    expect((await provider.diff(read.id!, read.props as ProtectedBranchOutputs, inputs())).changes).toBe(true);

    fixture.resetRequests();
    await provider.update(read.id!, read.props as ProtectedBranchOutputs, inputs());
    // The refresh read the levels from the names the rule carries; the update learns the ids it writes.
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [UPDATE]: 1 });
    expect((await provider.read(read.id!, inputs())).props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "maintainers" });
  });

  it("updates levels in place with one PUT, the roles already learned in this run", async () => {
    fixture.resetRequests();
    const olds = inputs();
    // The README's example: pushing takes more than merging, which V4 does not forbid.
    const { outs } = await provider.update(`${repositoryId}:master`, olds, inputs({ pushAccess: "maintainers", mergeAccess: "developers" }));
    expect(outs).toMatchObject({ pushAccess: "maintainers", mergeAccess: "developers" });
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect((await provider.read(`${repositoryId}:master`, olds)).props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "developers" });
  });

  it("changing only adoptExisting calls nothing", async () => {
    fixture.resetRequests();
    await provider.update(`${repositoryId}:master`, inputs(), inputs({ adoptExisting: true }));
    expect(fixture.requests().total).toBe(0);
  });

  it("refuses an already protected branch, saying how to adopt, without changing it", async () => {
    fixture.resetRequests();
    const error = await provider.create(inputs({ pushAccess: "noOne" })).catch((e) => e);
    expect(error.message).toBe(
      `The branch "master" of repository ${repositoryId} is already protected (pushAccess: maintainers, mergeAccess: developers). ` +
        "Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).",
    );
    expect(fixture.requests().byRoute[CREATE]).toBeUndefined();
    expect(fixture.requests().byRoute[UPDATE]).toBeUndefined();
  });

  it("adopts an already protected branch and applies the requested levels", async () => {
    fixture.resetRequests();
    const { id } = await provider.create(inputs({ adoptExisting: true, pushAccess: "maintainers", mergeAccess: "maintainers" }));
    expect(id).toBe(`${repositoryId}:master`);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [UPDATE]: 1 });
    expect((await provider.read(id, inputs())).props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "maintainers" });
  });

  it("explains that a branch must exist before it is protected", async () => {
    const error = await provider.create(inputs({ branch: "no-such-branch" })).catch((e) => e);
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot protect branch "no-such-branch" of repository ${repositoryId}: V4 protects only names that match an existing branch; ` +
          `create the branch first\\. \\(.*HTTP 400 CH\\.010001`,
      ),
    );
  });

  it("reports an out-of-band unprotect as gone, and deleting twice succeeds", async () => {
    await createBranch("develop");
    const { id, outs } = await provider.create(inputs({ branch: "develop" }));
    await fixture.admin.call("deleteProtectedBranch", { params: { repository_id: repositoryId }, query: { branch_name: "develop" } });
    expect(await provider.read(id, outs as ProtectedBranchOutputs)).toEqual({});
    await expect(provider.delete(id, outs as ProtectedBranchOutputs)).resolves.toBeUndefined();
    await provider.create(inputs({ branch: "develop" }));
    await provider.delete(id, outs as ProtectedBranchOutputs);
    expect(await liveRule("develop")).toBeUndefined();
  });

  it("refreshes 30 protected branches of one repository with one list call: the rules name their roles, so no role list is read", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `feature-${i}`);
    for (const name of names) {
      await createBranch(name);
      await provider.create(inputs({ branch: name }));
    }
    newProviderRun(fixture);
    fixture.resetRequests();
    const reads = await Promise.all(names.map((branch) => provider.read(`${repositoryId}:${branch}`, inputs({ branch }))));
    expect(reads.map((read) => read.props?.pushAccess)).toEqual(names.map(() => "maintainers"));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
  });

  it("walks every page of a long protection list", async () => {
    const names = Array.from({ length: 75 }, (_, i) => `bulk-${i}`);
    for (const name of names) await createBranch(name);
    for (const name of names) await provider.create(inputs({ branch: name }));
    // 1 master + 30 feature + 75 bulk: the last one is on the second page of 100.
    const read = await provider.read(`${repositoryId}:bulk-74`, inputs({ branch: "bulk-74" }));
    expect(read.id).toBe(`${repositoryId}:bulk-74`);
  });

  it("fails before any write when the repository lacks a role the level needs, naming the roles it has", async () => {
    const other = await parentRepository(fixture, "few-roles");
    await setRepositoryRoles(fixture.emulator.url, other.repositoryId, [
      { id: "r-admin", name: "Administrator" },
      { id: "r-dev", name: "Developer" },
    ]);
    newProviderRun(fixture);
    fixture.resetRequests();
    const error = await provider.create(inputs({ ...other, pushAccess: "developers", mergeAccess: "developers" })).catch((e) => e);
    expect(error.message).toBe(
      `pushAccess "developers" whitelists the role "Project manager", but repository ${other.repositoryId} has no role of that name ` +
        `(the service lists: "Administrator", "Developer"). Choose another level, or set this protection in the console.`,
    );
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1 });
    expect(await liveRule("master", other.repositoryId)).toBeUndefined();
    // "noOne" needs no role: it can be written there.
    await provider.create(inputs({ ...other, pushAccess: "noOne", mergeAccess: "noOne" }));
    expect((await provider.read(`${other.repositoryId}:master`, inputs({ ...other }))).props).toMatchObject({ pushAccess: "noOne", mergeAccess: "noOne" });
  });

  it("calls the protection gone when its repository is gone, and surfaces other errors", async () => {
    const { repositoryId: repository_id, repositoryUuid: repository_uuid } = await parentRepository(fixture, "short-lived");
    const props = inputs({ repositoryId: repository_id, repositoryUuid: repository_uuid });
    await provider.create(props);
    await fixture.admin.call("deleteRepository", { params: { repository_uuid } });
    expect(await provider.read(`${repository_id}:master`, props)).toEqual({});
    await expect(provider.delete(`${repository_id}:master`, props)).resolves.toBeUndefined();

    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read(`${repositoryId}:master`, inputs()).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
  });
});
