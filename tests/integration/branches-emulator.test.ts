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

  it("answers a protect with the AddProtectResponse flags of its levels (§4.2.25)", async () => {
    const res = await got.put(`${base}/branch/master/protect`, { ...json, json: { access_level: { push_access_level: 0, merge_access_level: 30 } } });
    expect(res.body).toMatchObject({
      result: {
        name: "master",
        protected: true,
        no_one_can_push: true,
        developers_can_push: false,
        master_can_push: false,
        developers_can_merge: true,
        master_can_merge: true,
        no_one_can_merge: false,
      },
      status: "success",
    });
  });

  it("refuses merge < push, a missing branch, and a level outside 0/30/40", async () => {
    const lower = await got.put(`${base}/branch/master/protect`, { ...json, json: { access_level: { push_access_level: 40, merge_access_level: 30 } } });
    expect(lower.statusCode).toBe(400);
    expect(lower.body).toMatchObject({ error: { code: "CH.010001", message: expect.stringContaining("merge_access_level") } });
    const missing = await got.put(`${base}/branch/ghost/protect`, { ...json, json: { access_level: { push_access_level: 40, merge_access_level: 40 } } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ error: { code: "CH.000404", message: "Branch ghost does not exist" }, status: "failed" });
    const odd = await got.put(`${base}/branch/master/protect`, { ...json, json: { access_level: { push_access_level: 20, merge_access_level: 40 } } });
    expect(odd.statusCode).toBe(400);
  });

  it("lists protections bare in V4, and answers a missing repository with CH.00402000", async () => {
    const v4 = base.replace("/v2/", "/v4/");
    const list = await got.get(`${v4}/protected-branches?offset=0&limit=100`, json);
    expect(list.statusCode).toBe(200);
    expect(list.body).toEqual([
      {
        id: 1,
        name: "master",
        actions: [
          { action: "push", enable: true, users: [], user_teams: [], roles: [] },
          { action: "merge", enable: true, users: [], user_teams: [], roles: [
            { id: 30, name: "Developers", related_role_id: "30", chinese_name: "开发者" },
            { id: 40, name: "Maintainers", related_role_id: "40", chinese_name: "管理员" },
          ] },
        ],
      },
    ]);
    const gone = await got.get(`${fixture.emulator.url}/v4/repositories/999999/protected-tags`, json);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).toEqual({ error_code: "CH.00402000", error_msg: "The repository does not exist. Check and try again." });
  });

  it("serves unprotect at the URI line's hyphenated path (§4.2.26), not the example's underscore", async () => {
    const underscore = await got.delete(`${base}/protected_branches/master`, json);
    expect(underscore.statusCode).toBe(404);
    expect(underscore.body).toMatchObject({ error_code: "APIGW.0101" });
    const hyphen = await got.delete(`${base}/protected-branches/master`, json);
    expect(hyphen.body).toEqual({ result: "1", status: "success" });
    const again = await got.delete(`${base}/protected-branches/master`, json);
    expect(again.statusCode).toBe(404);
  });

  it("protects a tag pattern with no matching tag and describes the level (§4.2.28)", async () => {
    const res = await got.post(`${base}/protected-tags`, { ...json, json: { name: "v*", create_access_level: 40 } });
    expect(res.body).toEqual({ result: { name: "v*", create_access_levels: { access_level: 40, access_level_description: "Maintainers" } }, status: "success" });
    const clash = await got.post(`${base}/protected-tags`, { ...json, json: { name: "v*", create_access_level: 30 } });
    expect(clash.statusCode).toBe(400);
    const removed = await got.delete(`${base}/protected-tags/${encodeURIComponent("v*")}`, json);
    expect(removed.body).toEqual({ result: "1", status: "success" });
  });
});
