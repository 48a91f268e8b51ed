import { readFileSync } from "fs";
import { join } from "path";
import { CodeArtsApiError } from "../../api/errors";
import { MemberInputs, MemberOutputs, listMembers, provider } from "../../provider/member";
import { EmulatorFixture, callLog, faultReport, planFaults, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { startRecordingProxy } from "../support/recording-proxy";
import { roleId } from "../support/child-resources";

describe("Member provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryUuid: string; repositoryId: number };
  const user = (name: string) => fixture.emulator.seed.users.find((u) => u.name === name)!;

  async function newRepository(name: string) {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
    const live = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    return { repositoryUuid: repository_uuid, repositoryId: live.repository_id };
  }
  const inputs = (name: string, over: Partial<MemberInputs> = {}) =>
    MemberInputs.parse({ ...repository, userId: user(name).id, userName: name, role: "developer", ...over });
  const liveMembers = async (repositoryUuid = repository.repositoryUuid) =>
    (await fixture.admin.call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } })).users;
  /** The V4 role id the emulator lists for a user: learned from the service, never computed. (A call: count requests before.) */
  const roleIdOf = async (name: string, repositoryId = repository.repositoryId) =>
    (await listMembers(fixture.admin, repositoryId)).find((m) => m.user_name === name)!.repository_role_Id ?? undefined;
  const V4_LIST = routeKey("listMembersV4");
  const V1_LIST = routeKey("listRepositoryMembers");

  beforeAll(async () => {
    fixture = await startFixture({ seedUsers: 110 });
    newProviderRun(fixture);
    repository = await newRepository("members-repo");
  });
  afterAll(() => fixture.close());

  it("lists the repository creator as maintainer, by numeric user id", async () => {
    expect(await liveMembers()).toEqual([expect.objectContaining({ user_id: "1001", name: "emulator-admin", role: 40 })]);
  });

  it("lists members through V4 with exactly the official SDK model's keys and types", async () => {
    const model = JSON.parse(readFileSync(join(__dirname, "../data/official-sdk-member-model.json"), "utf8")) as {
      listMembers: { method: string; path: string; query: string[]; responseHeaders: string[] };
      fields: Record<string, "int" | "str" | "bool">;
    };
    expect(model.listMembers).toMatchObject({ method: "GET", path: "/v4/repositories/{repository_id}/members", responseHeaders: ["X-Total"] });
    const response = await fetch(`${fixture.emulator.url}/v4/repositories/${repository.repositoryId}/members?offset=0&limit=10`, {
      headers: { "x-auth-token": "emulator-token" },
    });
    expect(response.headers.get("x-total")).toBe("1");
    const [creator] = (await response.json()) as Record<string, unknown>[];
    expect(Object.keys(creator).sort()).toEqual(Object.keys(model.fields).sort());
    const jsType = { int: "number", str: "string", bool: "boolean" } as const;
    for (const [key, type] of Object.entries(model.fields)) {
      if (creator[key] !== null) expect([key, typeof creator[key]]).toEqual([key, jsType[type]]);
    }
    expect(creator).toMatchObject({ user_id: 1001, user_iam_id: user("emulator-admin").id, user_name: "emulator-admin", is_repo_creator: 1 });
  });

  it("adds a member, learning its listed id and role id from the V4 list read after the add", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs("alice"));
    expect(id).toBe(`${repository.repositoryUuid}/${user("alice").id}`);
    // The list before the add (is alice a member already?) and after it (her id).
    expect(fixture.requests().byRoute).toEqual({ [routeKey("addRepositoryMembers")]: 1, [V4_LIST]: 2 });
    expect(outs).toEqual({ ...inputs("alice"), memberId: "1002", roleId: await roleIdOf("alice") });
    expect(await liveMembers()).toContainEqual(expect.objectContaining({ user_id: "1002", name: "alice", role: 30 }));
  });

  it("reads the role back, changes it in place, and sees a console change as drift", async () => {
    const { id, outs } = await provider.create(inputs("bob", { role: "reader" }));
    newProviderRun(fixture);
    fixture.resetRequests();
    expect((await provider.read(id, outs as MemberOutputs)).props).toEqual(outs);
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1 });
    const updated = await provider.update(id, outs as MemberOutputs, inputs("bob", { role: "maintainer" }));
    expect(updated.outs).toMatchObject({ role: "maintainer", memberId: "1003", roleId: await roleIdOf("bob") });
    expect(updated.outs!.roleId).not.toBe(outs!.roleId);
    expect((await liveMembers()).find((m) => m.name === "bob")!.role).toBe(40);

    await fixture.admin.call("setRepositoryMemberRole", { params: { repository_uuid: repository.repositoryUuid, member_id: "1003" }, body: { role: 30 } });
    newProviderRun(fixture);
    fixture.resetRequests();
    const read = await provider.read(id, updated.outs as MemberOutputs);
    expect(fixture.requests().byRoute[V1_LIST]).toBeUndefined();
    // Another role id than the one recorded: drift, named by the service's name for it (the reference's "developer", 30).
    expect(read.props).toMatchObject({ role: "developer", roleId: await roleIdOf("bob") });
    expect(await provider.diff(id, read.props as MemberOutputs, inputs("bob", { role: "maintainer" }))).toMatchObject({ changes: true, replaces: [] });
    const repaired = await provider.update(id, read.props as MemberOutputs, inputs("bob", { role: "maintainer" }));
    newProviderRun(fixture);
    expect((await provider.read(id, repaired.outs as MemberOutputs)).props).toMatchObject({ role: "maintainer" });
  });

  /**
   * A read in a new run, its requests counted alone, while the member list shows `roles` per code
   * (the emulator's console control); the standard roles are back afterwards.
   */
  async function readWhileListed(roles: Record<string, { id?: string; name?: string | null }>, id: string, props: MemberOutputs) {
    const control = (body: object) => fetch(`${fixture.emulator.url}/__emulator/member-roles`, { method: "PUT", body: JSON.stringify({ repositoryId: repository.repositoryId, ...body }) });
    expect((await control({ roles })).ok).toBe(true);
    newProviderRun(fixture);
    fixture.resetRequests();
    try {
      return await provider.read(id, props);
    } finally {
      await control({ roles: null });
    }
  }

  it("reads a state written before role ids (no roleId) by the service's role name, the v1 list when the name is no document's, or the role list when the entry gives an id alone; then records the role id", async () => {
    const { id, outs } = await provider.create(inputs("user-005", { role: "reader" }));
    const { roleId: _dropped, ...older } = outs as MemberOutputs;
    await fixture.admin.call("setRepositoryMemberRole", { params: { repository_uuid: repository.repositoryUuid, member_id: older.memberId }, body: { role: 40 } });
    const maintainerRoleId = await roleIdOf("user-005");
    newProviderRun(fixture);
    fixture.resetRequests();
    expect(await provider.read(id, older)).toEqual({ id, props: { ...older, role: "maintainer", roleId: maintainerRoleId } });
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1 });

    // Renamed where no document names it: the v1 list's code names it.
    const read = await readWhileListed({ "40": { name: "Repository owner" } }, id, older);
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1, [V1_LIST]: 1 });
    expect(read).toEqual({ id, props: { ...older, role: "maintainer", roleId: maintainerRoleId } });

    newProviderRun(fixture);
    fixture.resetRequests();
    expect((await provider.read(id, read.props as MemberOutputs)).props).toEqual(read.props);
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1 });
    // A list that gives the role by id alone: the repository's role list names the id.
    const administrator = await roleId(fixture, repository.repositoryId, "Administrator");
    const viaRoleList = await readWhileListed({ "40": { id: administrator, name: null } }, id, older);
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1, [routeKey("listRepositoryRoles")]: 1 });
    expect(viaRoleList).toEqual({ id, props: { ...older, role: "maintainer", roleId: administrator } });
  });

  it("finds a member by its IAM user id even when the stored member id is stale", async () => {
    const { id, outs } = await provider.create(inputs("user-006"));
    newProviderRun(fixture);
    const read = await provider.read(id, { ...(outs as MemberOutputs), memberId: "424242" });
    expect(read.props).toEqual(outs);
  });

  it("does not call a member gone when the delete answers 404 but the V4 list still shows the user", async () => {
    const { id, outs } = await provider.create(inputs("user-007"));
    newProviderRun(fixture);
    const error = await provider.delete(id, { ...(outs as MemberOutputs), memberId: "424242" }).catch((e) => e);
    expect(error.message).toMatch(/answered 404 to removing member 424242 .* but still lists user [0-9a-f]{32} as member \d+; run `pulumi refresh`/);
    expect((await liveMembers()).map((m) => m.name)).toContain("user-007");
  });

  it("reports a member removed out of band as gone, and deleting it again succeeds", async () => {
    const { id, outs } = await provider.create(inputs("carol"));
    await fixture.admin.call("deleteRepositoryMember", { params: { repository_uuid: repository.repositoryUuid, member_id: outs!.memberId } });
    newProviderRun(fixture);
    expect(await provider.read(id, outs as MemberOutputs)).toEqual({});
    await expect(provider.delete(id, outs as MemberOutputs)).resolves.toBeUndefined();
  });

  it("deletes a member", async () => {
    const { id, outs } = await provider.create(inputs("user-001"));
    await provider.delete(id, outs as MemberOutputs);
    expect((await liveMembers()).map((m) => m.name)).not.toContain("user-001");
  });

  it("explains that the user is already a member and how to adopt, without changing it", async () => {
    await fixture.admin.call("addRepositoryMembers", {
      params: { repository_uuid: repository.repositoryUuid },
      body: { users: [{ id: user("user-002").id, name: "user-002", role: 20 }] },
    });
    newProviderRun(fixture);
    const error = await provider.create(inputs("user-002", { role: "maintainer" })).catch((e) => e);
    expect(error.message).toMatch(
      /^User "user-002" \([0-9a-f]{32}\) is already a member of repository [0-9a-f]{32} with role Viewer\. Set adoptExisting: true to manage that membership with this program\./,
    );
    expect((await liveMembers()).filter((m) => m.name === "user-002")).toEqual([expect.objectContaining({ role: 20 })]);
  });

  it("adopts an existing member, setting the requested role, without adding", async () => {
    await fixture.admin.call("addRepositoryMembers", {
      params: { repository_uuid: repository.repositoryUuid },
      body: { users: [{ id: user("user-003").id, name: "user-003", role: 20 }] },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs("user-003", { role: "maintainer", adoptExisting: true }));
    // Only the v1 list says the role as the PUT numbers it: it differs, so the role is set, then its id read.
    expect(fixture.requests().byRoute).toEqual({
      [V4_LIST]: 2,
      [routeKey("listRepositoryMembers")]: 1,
      [routeKey("setRepositoryMemberRole")]: 1,
    });
    expect(outs).toMatchObject({ role: "maintainer", adoptExisting: true, roleId: await roleIdOf("user-003") });
    expect((await liveMembers()).find((m) => m.name === "user-003")!.role).toBe(40);
  });

  it("adopts a member already in the requested role without a write", async () => {
    await fixture.admin.call("addRepositoryMembers", {
      params: { repository_uuid: repository.repositoryUuid },
      body: { users: [{ id: user("user-090").id, name: "user-090", role: 30 }] },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs("user-090", { role: "developer", adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 1, [routeKey("listRepositoryMembers")]: 1 });
    expect(outs).toMatchObject({ role: "developer", adoptExisting: true, roleId: await roleIdOf("user-090") });
  });

  it("adds normally when adoptExisting finds no membership", async () => {
    const { outs } = await provider.create(inputs("user-004", { adoptExisting: true }));
    expect(outs!.memberId).toBe(String(user("user-004").numericId));
  });

  it("fails with the service's 400 for a user the tenant does not have", async () => {
    const error = await provider.create(inputs("alice", { userId: "0".repeat(32), userName: "ghost" })).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.message).toMatch(/HTTP 400 CH\.010001: Param invalid: user 0{32} does not exist in tenant emulator-tenant/);
  });

  describe("members of one repository created together", () => {
    const POST = routeKey("addRepositoryMembers");
    const LIST = V4_LIST;
    const names = ["user-001", "user-002", "user-003", "user-004", "user-005", "user-006"];

    it("go out as one add call between two shared list reads, and each gets its own member id and role", async () => {
      const team = await newRepository("batched");
      newProviderRun(fixture);
      fixture.resetRequests();
      const created = await Promise.all(
        names.map((name, i) => provider.create(MemberInputs.parse({ ...team, userId: user(name).id, userName: name, role: i % 2 ? "reader" : "maintainer" }))),
      );
      // One list before the add for all six (who is a member already), one after (their ids).
      expect(fixture.requests().byRoute).toEqual({ [POST]: 1, [LIST]: 2 });
      expect(created.map(({ outs }) => [outs!.userName, outs!.memberId, outs!.role])).toEqual(
        names.map((name, i) => [name, String(user(name).numericId), i % 2 ? "reader" : "maintainer"]),
      );
      for (const { outs } of created) expect(outs!.roleId).toBe(await roleIdOf(outs!.userName, team.repositoryId));
      const live = await liveMembers(team.repositoryUuid);
      expect(live.map((m) => `${m.name}:${m.role}`).sort()).toEqual(["emulator-admin:40", ...names.map((n, i) => `${n}:${i % 2 ? 20 : 40}`)].sort());
    });

    it("fail one by one, not together: a user the tenant lacks fails only its own create", async () => {
      const team = await newRepository("batched-ghost");
      newProviderRun(fixture);
      fixture.resetRequests();
      const results = await Promise.allSettled([
        provider.create(MemberInputs.parse({ ...team, userId: user("alice").id, userName: "alice", role: "developer" })),
        provider.create(MemberInputs.parse({ ...team, userId: "0".repeat(32), userName: "ghost", role: "developer" })),
        provider.create(MemberInputs.parse({ ...team, userId: user("bob").id, userName: "bob", role: "reader" })),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/HTTP 400 CH\.010001: Param invalid: user 0{32} does not exist/);
      // The batch once, then each alone.
      expect(fixture.requests().byRoute[POST]).toBe(4);
      expect((await liveMembers(team.repositoryUuid)).map((m) => m.name).sort()).toEqual(["alice", "bob", "emulator-admin"]);
    });

    it("tell an existing member how to adopt while the others are added, in one add call that leaves it out", async () => {
      const team = await newRepository("batched-existing");
      await fixture.admin.call("addRepositoryMembers", { params: { repository_uuid: team.repositoryUuid }, body: { users: [{ id: user("carol").id, name: "carol", role: 20 }] } });
      newProviderRun(fixture);
      fixture.resetRequests();
      const results = await Promise.allSettled(
        ["alice", "carol", "bob"].map((name) => provider.create(MemberInputs.parse({ ...team, userId: user(name).id, userName: name, role: "developer" }))),
      );
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      // Found in the list before the add: refused without asking the service.
      expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/already a member .* with role Viewer\. Set adoptExisting: true[^(]*$/);
      expect(fixture.requests().byRoute).toEqual({ [POST]: 1, [LIST]: 2 });
    });
  });

  describe("a batch whose add call failed without telling whether it ran", () => {
    const POST_PATH = (uuid: string) => `/v1/repositories/${uuid}/members`;

    it("never takes a user who was a member before the batch as added by it: refused, and only the others sent again", async () => {
      const team = await newRepository("batched-resend");
      // A member before the batch: listed after the 503 too, as if the batch had added her.
      await fixture.admin.call("addRepositoryMembers", { params: { repository_uuid: team.repositoryUuid }, body: { users: [{ id: user("carol").id, name: "carol", role: 20 }] } });
      await planFaults(fixture, { route: "addRepositoryMembers", kind: "status", status: 503 });
      const proxy = await startRecordingProxy(fixture.emulator.url);
      try {
        newProviderRun(fixture, { url: proxy.url });
        const results = await Promise.allSettled(
          ["alice", "bob", "carol"].map((name) => provider.create(MemberInputs.parse({ ...team, userId: user(name).id, userName: name, role: "developer" }))),
        );
        expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
        expect(String((results[2] as PromiseRejectedResult).reason.message)).toMatch(/^User "carol" \([0-9a-f]{32}\) is already a member of repository [0-9a-f]{32} with role Viewer\. Set adoptExisting: true/);
        const created = results.slice(0, 2).map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof provider.create>>>).value);
        expect(created.map(({ outs }) => [outs!.userName, outs!.memberId])).toEqual(["alice", "bob"].map((name) => [name, String(user(name).numericId)]));
        expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([1]);
        const calls = proxy.exchanges
          .filter(({ path }) => path === POST_PATH(team.repositoryUuid) || path === `/v4/repositories/${team.repositoryId}/members`)
          .map(({ method, status, requestBody }) =>
            method === "POST" ? `POST ${status} ${(JSON.parse(requestBody) as { users: { name: string }[] }).users.map((u) => u.name).join(",")}` : `${method} ${status}`,
          );
        // The list before (carol a member already); the batch without her, refused before it ran;
        // the list, which shows neither; alice and bob again; the list for their ids.
        expect(calls).toEqual(["GET 200", "POST 503 alice,bob", "GET 200", "POST 200 alice,bob", "GET 200"]);
      } finally {
        await proxy.close();
        newProviderRun(fixture);
        await planFaults(fixture);
      }
      // Carol's membership as it was: still a reader, not made a developer by this program.
      expect((await liveMembers(team.repositoryUuid)).map((m) => `${m.name}:${m.role}`).sort()).toEqual(["alice:30", "bob:30", "carol:20", "emulator-admin:40"]);
    });

    it("sends nothing again when the list shows the whole batch added", async () => {
      const team = await newRepository("batched-lost");
      await planFaults(fixture, { route: "addRepositoryMembers", kind: "answer-lost" });
      newProviderRun(fixture);
      fixture.resetRequests();
      const created = await Promise.all(
        ["alice", "bob"].map((name) => provider.create(MemberInputs.parse({ ...team, userId: user(name).id, userName: name, role: "reader" }))),
      );
      expect(created.map(({ outs }) => outs!.memberId)).toEqual(["alice", "bob"].map((name) => String(user(name).numericId)));
      // Neither was a member before the add, so both, listed after it, are what it added.
      expect(await callLog(fixture)).toEqual([
        "listMembersV4 200",
        "addRepositoryMembers dropped (answer-lost)",
        "listMembersV4 200",
      ]);
      await planFaults(fixture);
      expect((await liveMembers(team.repositoryUuid)).map((m) => `${m.name}:${m.role}`).sort()).toEqual(["alice:20", "bob:20", "emulator-admin:40"]);
    });
  });

  it("walks every page of a long member list", async () => {
    const big = await newRepository("many-members");
    const users = fixture.emulator.seed.users.filter((u) => /^user-0\d\d$|^user-10[0-5]$/.test(u.name)).slice(0, 104);
    await fixture.admin.call("addRepositoryMembers", {
      params: { repository_uuid: big.repositoryUuid },
      body: { users: users.map((u) => ({ id: u.id, name: u.name, role: 30 as const })) },
    });
    const last = users[users.length - 1];
    const props = {
      ...MemberInputs.parse({ ...big, userId: last.id, userName: last.name, role: "developer" }),
      memberId: String(last.numericId),
      roleId: await roleIdOf(last.name, big.repositoryId),
    };
    newProviderRun(fixture);
    fixture.resetRequests();
    const read = await provider.read("x", props);
    expect(read.props).toEqual(props);
    expect(fixture.requests().byRoute).toEqual({ [V4_LIST]: 2 });
  });

  it("reports every member of a deleted repository as gone", async () => {
    const doomed = await newRepository("doomed");
    const { id, outs } = await provider.create(MemberInputs.parse({ ...doomed, userId: user("alice").id, userName: "alice", role: "reader" }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: doomed.repositoryUuid } });
    newProviderRun(fixture);
    expect(await provider.read(id, outs as MemberOutputs)).toEqual({});
    await expect(provider.delete(id, outs as MemberOutputs)).resolves.toBeUndefined();
  });

  it("surfaces other read errors instead of calling the member gone", async () => {
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read("x", { ...inputs("alice"), memberId: "1002" }).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
  });
});
