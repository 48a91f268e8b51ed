import { FilePushPermissionInputs, FilePushPermissionOutputs, provider } from "../../provider/file-push-permission";
import { CUSTOM_ACCESS_NOTE } from "../../provider/protections";
import { STANDARD_ROLES } from "../../emulator/protections";
import { EmulatorFixture, freshClient, planFaults, faultReport, routeKey, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const LIST = routeKey("listFilePushPermissions");
const ROLES = routeKey("listRepositoryRoles");
const CREATE = routeKey("createFilePushPermission");
const UPDATE = routeKey("updateFilePushPermissions");
const DELETE = routeKey("deleteFilePushPermissions");

const roleId = (name: string) => STANDARD_ROLES.find((role) => role.name === name)!.id;
const MAINTAINERS = [roleId("Project manager"), roleId("Administrator")];

describe("FilePushPermission provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };

  const inputs = (over: Record<string, unknown> = {}) => FilePushPermissionInputs.parse({ ...repository, path: "CODEOWNERS", pushAccess: "maintainers", ...over });
  const listed = async () => freshClient(fixture).paginate("listFilePushPermissions", { params: { repository_id: repository.repositoryId } });
  const consoleSet = (id: number, action: Record<string, unknown>) =>
    freshClient(fixture).call("updateFilePushPermissions", { params: { repository_id: repository.repositoryId }, body: { permissions: [{ id, actions: [{ action: "push", ...action }] }] } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    repository = await parentRepository(fixture, "guarded");
  });
  afterAll(() => fixture.close());

  it("creates a rule with the roles, a look at the list and one create, and reads it back with the list alone", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs());
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [LIST]: 1, [CREATE]: 1 });
    expect(outs).toEqual({ ...inputs(), pushAccess: "maintainers", permissionId: expect.any(Number) });
    expect(id).toBe(`${repository.repositoryId}/${outs.permissionId}`);
    const [live] = (await listed()).filter((rule) => rule.id === outs.permissionId);
    expect(live.path).toBe("CODEOWNERS");
    expect(live.actions).toEqual([expect.objectContaining({ action: "push", enable: true, users: [], user_teams: [] })]);
    expect(live.actions![0].roles!.map((role) => role.related_role_id).sort()).toEqual([...MAINTAINERS].sort());

    newProviderRun(fixture);
    fixture.resetRequests();
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
  });

  it("creates many rules of a repository side by side learning the roles once and sharing the look, and reads them with one list walk", async () => {
    newProviderRun(fixture);
    fixture.resetRequests();
    const made = await Promise.all(["docs/*", "Makefile", "*.lock"].map((path) => provider.create(inputs({ path, pushAccess: "developers" }))));
    // One create each; the roles and the look at the list once for the three.
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [LIST]: 1, [CREATE]: 3 });
    newProviderRun(fixture);
    fixture.resetRequests();
    const reads = await Promise.all(made.map(({ id, outs }) => provider.read(id, outs)));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(reads.map((read) => (read.props as FilePushPermissionOutputs).pushAccess)).toEqual(["developers", "developers", "developers"]);
  });

  it("shows a whitelist widened in the console as custom (…), and puts the level back with one batch update of just this rule", async () => {
    const { id, outs } = await provider.create(inputs({ path: ".ci/*" }));
    const alice = fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId;
    await consoleSet(outs.permissionId, { enable: true, related_role_ids: MAINTAINERS, user_ids: [alice] });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect((read.props as FilePushPermissionOutputs).pushAccess).toBe("custom (roles: Project manager, Administrator; users: alice)");
    expect((await provider.diff(id, read.props as FilePushPermissionOutputs, inputs({ path: ".ci/*" }))).changes).toBe(true);

    const others = (await listed()).filter((rule) => rule.id !== outs.permissionId);
    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, read.props as FilePushPermissionOutputs, inputs({ path: ".ci/*" }));
    // A new run learns the roles once to write the level.
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [UPDATE]: 1 });
    expect(restored).toMatchObject({ pushAccess: "maintainers", permissionId: outs.permissionId });
    // Only this rule was sent: the others are as they were.
    expect((await listed()).filter((rule) => rule.id !== outs.permissionId)).toEqual(others);
    expect(CUSTOM_ACCESS_NOTE).toContain("maintainers");
  });

  it("whitelists users beside the level with pushUsers, reads them as a set, and sees one added in the console as a change", async () => {
    const user = (name: string) => fixture.emulator.seed.users.find((candidate) => candidate.name === name)!.numericId;
    const [alice, bob] = [user("alice"), user("bob")];
    const { id, outs } = await provider.create(inputs({ path: "CHANGELOG.md", pushUsers: [alice, alice] }));
    expect(outs).toMatchObject({ pushAccess: "maintainers", pushUsers: [alice] });
    const [live] = (await listed()).filter((rule) => rule.id === outs.permissionId);
    expect(live.actions![0].users!.map((listedUser) => listedUser.id)).toEqual([alice]);

    await consoleSet(outs.permissionId, { enable: true, related_role_ids: MAINTAINERS, user_ids: [alice, bob] });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ pushAccess: "maintainers", pushUsers: [alice, bob].sort((a, b) => a - b) });
    expect((await provider.diff(id, read.props as FilePushPermissionOutputs, inputs({ path: "CHANGELOG.md", pushUsers: [alice] }))).changes).toBe(true);
    const { outs: restored } = await provider.update(id, read.props as FilePushPermissionOutputs, inputs({ path: "CHANGELOG.md", pushUsers: [alice] }));
    expect(restored).toMatchObject({ pushAccess: "maintainers", pushUsers: [alice] });
  });

  it("reads a restriction turned off as not restricted, and moves the path in place, keeping the rule's id", async () => {
    const { id, outs } = await provider.create(inputs({ path: "deploy/*" }));
    await consoleSet(outs.permissionId, { enable: false });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect((read.props as FilePushPermissionOutputs).pushAccess).toBe("custom (not restricted: whoever may write to the repository)");

    expect(await provider.diff(id, outs, inputs({ path: "release/*" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const { outs: moved } = await provider.update(id, outs, inputs({ path: "release/*" }));
    expect(moved).toMatchObject({ path: "release/*", pushAccess: "maintainers", permissionId: outs.permissionId });
    expect((await listed()).map((rule) => rule.path)).toEqual(expect.arrayContaining(["release/*"]));
    expect((await listed()).map((rule) => rule.path)).not.toContain("deploy/*");
  });

  it("refuses a rule someone else made for the path, saying how to adopt, and adopts it when asked", async () => {
    const made = await freshClient(fixture).call("createFilePushPermission", {
      params: { repository_id: repository.repositoryId },
      body: { path: "SECURITY.md", actions: [{ action: "push", enable: true, related_role_ids: MAINTAINERS }] },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(inputs({ path: "SECURITY.md" }))).rejects.toThrow(
      `Repository ${repository.repositoryId} already has a file push permission for "SECURITY.md" (id ${made.id}, pushAccess: maintainers). Set adoptExisting: true`,
    );
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });

    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ path: "SECURITY.md", adoptExisting: true }));
    // Already as the program says: adopted with the look alone.
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(outs).toMatchObject({ path: "SECURITY.md", pushAccess: "maintainers", permissionId: made.id, adoptExisting: true });

    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs: tightened } = await provider.create(inputs({ path: "SECURITY.md", pushAccess: "noOne", adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [ROLES]: 1, [UPDATE]: 1 });
    expect(tightened).toMatchObject({ pushAccess: "noOne", permissionId: made.id });
  });

  it("takes the rule found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createFilePushPermission", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ path: "lost/*" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect((await listed()).filter((rule) => rule.path === "lost/*")).toHaveLength(1);
    expect(outs).toMatchObject({ path: "lost/*", pushAccess: "maintainers" });
  });

  it("deletes just its own rule with one batch delete, reads it as gone after, and deleting again is success", async () => {
    const { id, outs } = await provider.create(inputs({ path: "short-lived" }));
    const before = (await listed()).map((rule) => rule.path);
    fixture.resetRequests();
    await provider.delete(id, outs);
    expect(fixture.requests().byRoute).toEqual({ [DELETE]: 1 });
    expect((await listed()).map((rule) => rule.path)).toEqual(before.filter((path) => path !== "short-lived"));
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { ...repository, path: " ", pushAccess: "everyone" });
    expect(result.failures).toEqual([
      { property: "path", reason: "must not be empty" },
      { property: "pushAccess", reason: 'must be one of "noOne", "developers", "maintainers"' },
    ]);
    const missing = await provider.check({}, { ...repository, path: "CODEOWNERS" });
    expect(missing.failures).toEqual([{ property: "pushAccess", reason: "is required" }]);
    expect(fixture.requests().total).toBe(0);
  });

  it("the emulator refuses a commit touching a file a rule keeps the pusher from, and lets it through once their role is whitelisted", async () => {
    const api = freshClient(fixture);
    const locked = await provider.create(inputs({ path: "locked/", pushAccess: "noOne" }));
    const commit = (file: string) =>
      api.call("createCommit", { params: { repo_id: repository.repositoryId }, body: { branch: "master", commit_message: "change", actions: [{ action: "create", file_path: file, content: "x\n" }] } });
    await expect(commit("locked/key.txt")).rejects.toMatchObject({ httpStatus: 403 });
    await expect(commit("unlocked.txt")).resolves.toBeDefined();
    // The admin is a maintainer of the repository: "maintainers" lets them push there.
    await provider.update(locked.id, locked.outs, inputs({ path: "locked/", pushAccess: "maintainers" }));
    await expect(commit("locked/key.txt")).resolves.toBeDefined();
  });

  it("the emulator refuses a second rule for a path, an unknown role, and a batch naming a rule that is not there", async () => {
    const api = freshClient(fixture);
    const params = { repository_id: repository.repositoryId };
    await expect(api.call("createFilePushPermission", { params, body: { path: "CODEOWNERS", actions: [] } })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(api.call("createFilePushPermission", { params, body: { path: "x/*", actions: [{ action: "push", enable: true, related_role_ids: ["nope"] }] } })).rejects.toMatchObject({
      httpStatus: 400,
    });
    await expect(api.call("deleteFilePushPermissions", { params, body: { ids: [987654] } })).rejects.toMatchObject({ httpStatus: 404 });
    await expect(api.call("updateFilePushPermissions", { params, body: { permissions: [{ id: 987654, path: "y" }] } })).rejects.toMatchObject({ httpStatus: 404 });
  });
});
