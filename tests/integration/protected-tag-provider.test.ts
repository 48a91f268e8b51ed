import { CodeArtsOperationError } from "../../api/errors";
import { ProtectedTagInputs, ProtectedTagOutputs, provider } from "../../provider/protected-tag";
import { EmulatorFixture, freshClient, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { parentRepository, roleId, setProtectionRule, setRepositoryRoles } from "../support/child-resources";

const ROLES = routeKey("listRepositoryRoles");
const LIST = routeKey("listProtectedTags");
const SHOW = routeKey("showProtectedTag");
const CREATE = routeKey("createProtectedTags");
const UPDATE = routeKey("updateProtectedTag");

describe("ProtectedTag provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const inputs = (over: Partial<ProtectedTagInputs> = {}) => ProtectedTagInputs.parse({ repositoryId, repositoryUuid, tag: "v*", ...over });
  const liveNames = async () =>
    (await freshClient(fixture).call("listProtectedTags", { params: { repository_id: repositoryId }, query: { limit: 100 } })).map((r) => r.name);

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "tag-me"));
  });
  afterAll(() => fixture.close());

  it("learns the roles, looks, creates with one POST, and reads the level back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ createAccess: "developers" }));
    expect(id).toBe(`${repositoryId}:v*`);
    expect(fixture.requests().byRoute).toEqual({ [ROLES]: 1, [SHOW]: 1, [CREATE]: 1 });
    expect(await provider.read(id, outs as ProtectedTagOutputs)).toEqual({ id, props: inputs({ createAccess: "developers" }) });
  });

  it("changes the level in place through the V4 update, and reads it back", async () => {
    fixture.resetRequests();
    const { outs } = await provider.update(`${repositoryId}:v*`, inputs({ createAccess: "developers" }), inputs({ createAccess: "noOne" }));
    expect(outs).toMatchObject({ createAccess: "noOne" });
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect((await provider.read(`${repositoryId}:v*`, inputs())).props).toMatchObject({ createAccess: "noOne" });
  });

  it("refuses an already protected pattern, saying how to adopt, without writing", async () => {
    fixture.resetRequests();
    const error = await provider.create(inputs()).catch((e) => e);
    expect(error.message).toBe(
      `The tags "v*" of repository ${repositoryId} are already protected (createAccess: noOne). ` +
        "Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).",
    );
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    expect(await liveNames()).toEqual(["v*"]);
  });

  it("adopts an existing protection and applies the requested level, without creating", async () => {
    fixture.resetRequests();
    await provider.create(inputs({ adoptExisting: true, createAccess: "maintainers" }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [UPDATE]: 1 });
    expect((await provider.read(`${repositoryId}:v*`, inputs())).props).toMatchObject({ createAccess: "maintainers" });
  });

  it("reads a console rule with a role no level names as custom, and an update restores the level", async () => {
    await setProtectionRule(fixture.emulator.url, {
      repositoryId,
      kind: "tag",
      name: "v*",
      actions: [{ action: "create", enable: true, related_role_ids: [await roleId(fixture, repositoryId, "Viewer")], user_team_ids: [12] }],
    });
    newProviderRun(fixture);
    const read = await provider.read(`${repositoryId}:v*`, inputs());
    expect(read.props).toMatchObject({ createAccess: "custom (roles: Viewer; member groups: member-group-12)" });
    await provider.update(read.id!, read.props as ProtectedTagOutputs, inputs());
    expect((await provider.read(read.id!, inputs())).props).toMatchObject({ createAccess: "maintainers" });
  });

  it("fails an update whose answer does not show the level it wrote, naming what the service reports", async () => {
    const { repositoryId: other, repositoryUuid: otherUuid } = await parentRepository(fixture, "tag-renamed-role");
    const given = (over: Partial<ProtectedTagInputs>) => ProtectedTagInputs.parse({ repositoryId: other, repositoryUuid: otherUuid, tag: "m*", ...over });
    newProviderRun(fixture);
    await provider.create(given({ createAccess: "maintainers" }));
    // Planned: after this run learned the roles, someone renames the Administrator role in the
    // console (same id). The update then writes the ids it learned, and the answer names a role
    // no level whitelists.
    const roles = await freshClient(fixture).call("listRepositoryRoles", { params: { repository_id: other, resource_name: "repository" }, query: {} });
    await setRepositoryRoles(
      fixture.emulator.url,
      other,
      roles.map((role) => ({ id: role.role_id!, name: role.role_name === "Administrator" ? "Repository owner" : role.role_name! })),
    );
    fixture.resetRequests();
    const error = await provider.update(`${other}:m*`, given({ createAccess: "maintainers" }), given({ createAccess: "developers" })).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsOperationError);
    expect(error.message).toBe(
      `The protection of tags "m*" of repository ${other} was updated, but the service now reports ` +
        "createAccess: custom (roles: Project manager, Repository owner, Committer, Developer); wanted createAccess: developers.",
    );
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
  });

  it("creates when adoptExisting finds nothing to adopt", async () => {
    await provider.create(inputs({ tag: "release-*", adoptExisting: true }));
    expect(await liveNames()).toEqual(["v*", "release-*"]);
  });

  it("reports an out-of-band delete as gone, and deleting twice succeeds", async () => {
    const props = inputs({ tag: "release-*" });
    await fixture.admin.call("deleteProtectedTag", { params: { repository_id: repositoryId }, query: { tag_name: "release-*" } });
    expect(await provider.read(`${repositoryId}:release-*`, props)).toEqual({});
    await expect(provider.delete(`${repositoryId}:release-*`, props)).resolves.toBeUndefined();
    await provider.delete(`${repositoryId}:v*`, inputs());
    expect(await liveNames()).toEqual([]);
  });

  it("refreshes many protected tags of one repository with one list call: the rules name their roles, so no role list is read", async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}-*`);
    for (const tag of tags) await provider.create(inputs({ tag }));
    newProviderRun(fixture);
    fixture.resetRequests();
    const reads = await Promise.all(tags.map((tag) => provider.read(`${repositoryId}:${tag}`, inputs({ tag }))));
    expect(reads.map((read) => read.props?.createAccess)).toEqual(tags.map(() => "maintainers"));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
  });
});
