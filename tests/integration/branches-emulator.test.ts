import got from "got";
import { DEFAULTS } from "../../emulator";
import { parentRepository } from "../support/child-resources";
import { EmulatorFixture, startFixture } from "../support/emulator";

const json = { responseType: "json" as const, throwHttpErrors: false, headers: { "x-auth-token": DEFAULTS.token } };

describe("emulator: branches and their protection on the wire", () => {
  let fixture: EmulatorFixture;
  let base: string;

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    const { repositoryId } = await parentRepository(fixture, "wire-branches");
    base = `${fixture.emulator.url}/v2/repositories/${repositoryId}`;
  });
  afterAll(() => fixture.close());

  it("creates a branch from master (§4.10.1) and lists it in both branch lists", async () => {
    const created = await got.post(`${base}/branches`, { ...json, json: { branch_name: "feature/login", ref: "master" } });
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatchObject({
      result: { name: "feature/login", commit: { id: expect.stringMatching(/^[0-9a-f]{40}$/), short_id: expect.any(String) }, protected: false },
      status: "success",
    });
    const v2 = await got.get(`${base}/branches?page=1&per_page=1&match=login`, json);
    expect(v2.body).toMatchObject({ result: { total: 1, branches: [{ name: "feature/login", diverging_commit_counts: { ahead: 0, behind: 0 } }] } });
    const v1 = await got.get(`${base.replace("/v2/", "/v1/")}/branches`, json);
    expect(v1.body).toEqual({
      result: { total: 2, branches: [{ name: "master", is_protected: false }, { name: "feature/login", is_protected: false }] },
      status: "success",
    });
  });

  it("refuses a duplicate branch, an unknown ref and an invalid name with the documented 400", async () => {
    for (const body of [
      { branch_name: "feature/login", ref: "master" },
      { branch_name: "other", ref: "nowhere" },
      { branch_name: "bad name", ref: "master" },
    ]) {
      const res = await got.post(`${base}/branches`, { ...json, json: body });
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "CH.010001" }, status: "failed" });
    }
  });

  describe("V4 protections and roles", () => {
    let v4: string;
    let roles: { role_id: string; role_name: string }[];
    const idOf = (name: string) => roles.find((role) => role.role_name === name)!.role_id;

    beforeAll(() => {
      v4 = base.replace("/v2/", "/v4/");
    });

    it("lists the repository's roles with opaque ids (ListRepositoryResourcePermissions), refusing an unknown resource", async () => {
      const res = await got.get(`${base.replace("/v2/repositories/", "/v4/repository/")}/permissions/repository?offset=0&limit=100`, json);
      expect(res.statusCode).toBe(200);
      roles = res.body as typeof roles;
      expect(roles.map((role) => role.role_name)).toEqual(["Project manager", "Administrator", "Committer", "Developer", "Tester", "Viewer"]);
      for (const role of res.body as object[]) {
        expect(role).toEqual({ role_id: expect.stringMatching(/^[0-9a-f]{16}$/), role_name: expect.any(String), role_name_cn: expect.any(String), resource_permissions: {} });
      }
      const odd = await got.get(`${base.replace("/v2/repositories/", "/v4/repository/")}/permissions/everything`, json);
      expect(odd.statusCode).toBe(400);
      expect(odd.body).toMatchObject({ error_code: "CH.010001" });
    });

    it("creates protected branches in a batch, keeping the ids it was sent, and answers a raw array", async () => {
      const res = await got.post(`${v4}/protected-branches`, {
        ...json,
        json: { names: ["master"], actions: [{ action: "push", enable: true, user_ids: [1002], related_role_ids: [idOf("Administrator")] }] },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toEqual([
        {
          id: 1,
          name: "master",
          actions: [
            {
              action: "push",
              enable: true,
              users: [{ id: 1002, name: "alice", username: "alice", state: "active" }],
              user_teams: [],
              roles: [{ id: 2, name: "Administrator", related_role_id: idOf("Administrator"), chinese_name: "仓库管理员" }],
            },
          ],
        },
      ]);
      const list = await got.get(`${v4}/protected-branches?offset=0&limit=100`, json);
      expect(list.body).toEqual(res.body);
      const v1 = await got.get(`${base.replace("/v2/", "/v1/")}/branches`, json);
      expect(v1.body).toMatchObject({ result: { branches: [{ name: "master", is_protected: true }, { name: "feature/login", is_protected: false }] } });
    });

    it("refuses a name matching no branch, a name already protected, an unknown role and an unknown action with 400", async () => {
      for (const body of [
        { names: ["ghost"] },
        { names: ["master"] },
        { names: ["feature/*"], actions: [{ action: "push", enable: true, related_role_ids: ["30"] }] },
        { names: ["feature/*"], actions: [{ action: "delete", enable: true }] },
      ]) {
        const res = await got.post(`${v4}/protected-branches`, { ...json, json: body });
        expect(res.statusCode).toBe(400);
        expect(res.body).toMatchObject({ error_code: "CH.010001" });
      }
    });

    it("shows, updates (listed actions only) and deletes one rule named in the query; delete answers 204", async () => {
      const show = await got.get(`${v4}/protected-branch?branch_name=master`, json);
      expect(show.body).toMatchObject({ name: "master", actions: [{ action: "push" }] });
      const updated = await got.put(`${v4}/protected-branch?branch_name=master`, {
        ...json,
        json: [{ action: "merge", enable: true, related_role_ids: [idOf("Committer")] }],
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.body).toMatchObject({
        name: "master",
        actions: [{ action: "push", users: [{ id: 1002 }] }, { action: "merge", enable: true, roles: [{ name: "Committer" }] }],
      });
      const removed = await got.delete(`${v4}/protected-branch?branch_name=master`, json);
      expect(removed.statusCode).toBe(204);
      for (const res of [
        await got.get(`${v4}/protected-branch?branch_name=master`, json),
        await got.delete(`${v4}/protected-branch?branch_name=master`, json),
        await got.put(`${v4}/protected-branch?branch_name=master`, { ...json, json: [{ action: "push", enable: false }] }),
      ]) {
        expect(res.statusCode).toBe(404);
      }
    });

    it("protects a tag pattern, updates and deletes it through the V4 tag calls", async () => {
      const created = await got.post(`${v4}/protected-tags`, {
        ...json,
        json: { names: ["v*"], actions: [{ action: "create", enable: true, related_role_ids: [idOf("Project manager")] }] },
      });
      expect(created.body).toMatchObject([{ name: "v*", actions: [{ action: "create", enable: true, roles: [{ name: "Project manager" }] }] }]);
      const updated = await got.put(`${v4}/protected-tag?tag_name=${encodeURIComponent("v*")}`, { ...json, json: [{ action: "create", enable: true }] });
      expect(updated.body).toMatchObject({ name: "v*", actions: [{ action: "create", enable: true, roles: [] }] });
      const removed = await got.delete(`${v4}/protected-tag?tag_name=${encodeURIComponent("v*")}`, json);
      expect(removed.statusCode).toBe(204);
      const gone = await got.get(`${fixture.emulator.url}/v4/repositories/999999/protected-tags`, json);
      expect(gone.statusCode).toBe(404);
      expect(gone.body).toEqual({ error_code: "CH.00402000", error_msg: "The repository does not exist. Check and try again." });
    });

    it("no longer serves the deprecated v2 protection calls", async () => {
      for (const res of [
        await got.put(`${base}/branch/master/protect`, { ...json, json: { access_level: { push_access_level: 40, merge_access_level: 40 } } }),
        await got.delete(`${base}/protected-branches/master`, json),
        await got.post(`${base}/protected-tags`, { ...json, json: { name: "v*", create_access_level: 40 } }),
        await got.delete(`${base}/protected-tags/v1`, json),
      ]) {
        expect(res.statusCode).toBe(404);
        expect(res.body).toMatchObject({ error_code: "APIGW.0101" });
      }
    });
  });
});
