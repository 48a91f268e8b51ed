import got from "got";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS, startEmulator } from "../../emulator";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";

const json = { responseType: "json" as const, throwHttpErrors: false };

describe("emulator wire format", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => (fixture = await startFixture()));
  afterAll(() => fixture.close());

  it("answers a missing token with the gateway's bare 401 body", async () => {
    const res = await got.get(`${fixture.emulator.url}/v2/projects/repositories`, json);
    expect(res.statusCode).toBe(401);
    expect(res.body).toEqual({ error_code: "CH.00000001", error_msg: "User authentication info not found." });
  });

  it("answers an unknown token the same way", async () => {
    const res = await got.get(`${fixture.emulator.url}/v2/projects/repositories`, { ...json, headers: { "x-auth-token": "nope" } });
    expect(res.statusCode).toBe(401);
    expect((res.body as { error_code: string }).error_code).toBe("CH.00000001");
  });

  it("wraps v1/v2 answers and errors in the documented envelope", async () => {
    const headers = { "x-auth-token": DEFAULTS.token };
    const ok = await got.post(`${fixture.emulator.url}/v1/repositories`, { ...json, headers, json: { name: "wire-a", project_uuid: fixture.projectId } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toEqual({ result: { repository_uuid: expect.stringMatching(/^[0-9a-f]{32}$/) }, status: "success" });

    const bad = await got.post(`${fixture.emulator.url}/v1/repositories`, { ...json, headers, json: { name: "9lives", project_uuid: fixture.projectId } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toEqual({ error: { code: "CH.010001", message: expect.stringContaining("name") }, status: "failed" });

    const missing = await got.get(`${fixture.emulator.url}/v2/repositories/${"0".repeat(32)}`, { ...json, headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: "CH.000404" }, status: "failed" });
  });

  it("answers V4 calls bare, with the V4 404 body", async () => {
    const missing = await got.get(`${fixture.emulator.url}/v4/repositories/1`, { ...json, headers: { "x-auth-token": DEFAULTS.token } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toEqual({ error_code: "CH.00402000", error_msg: "The repository does not exist. Check and try again." });
  });

  it("creates repositories asynchronously: status 1, then 0, with master and one commit", async () => {
    // Creating for exactly one status answer: the second answer must say created, however late.
    await got.put(`${fixture.emulator.url}/__emulator/settings`, { json: { creatingStatusAnswers: 1 } });
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name: "wire-async", project_uuid: fixture.projectId } }).finally(() =>
      got.put(`${fixture.emulator.url}/__emulator/settings`, { json: { creatingStatusAnswers: null } }),
    );
    expect(await fixture.admin.call("showRepositoryStatus", { params: { repository_uuid } })).toBe(1);
    expect(await fixture.admin.call("showRepositoryStatus", { params: { repository_uuid } })).toBe(0);
    const info = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    const v4 = await fixture.admin.call("showRepositoryV4", { params: { repository_id: info.repository_id } });
    expect(v4).toMatchObject({ uuid: repository_uuid, name: "wire-async", default_branch: "master", empty_repo: false, branch_count: 1 });
  });

  it("refuses a second repository with the same name in the project", async () => {
    await expect(
      fixture.admin.call("createRepository", { body: { name: "WIRE-A", project_uuid: fixture.projectId } }),
    ).rejects.toMatchObject({ httpStatus: 400, code: "CH.010001", serviceMessage: expect.stringContaining("already exists") });
    expect(await fixture.admin.call("validateRepositoryName", { params: { project_uuid: fixture.projectId, repository_name: "wire-a" } })).toBe(false);
    expect(await fixture.admin.call("validateRepositoryName", { params: { project_uuid: fixture.projectId, repository_name: "free-name" } })).toBe(true);
  });

  it("pages and searches repository lists", async () => {
    for (const name of ["page-1", "page-2", "page-3"]) {
      await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
    }
    const first = await fixture.admin.call("listUserRepositories", { query: { search: "page-", page_size: 2, page_index: 1 } });
    const second = await fixture.admin.call("listUserRepositories", { query: { search: "page-", page_size: 2, page_index: 2 } });
    expect(first.total).toBe(3);
    expect([...first.repositories, ...second.repositories].map((r) => r.repository_name)).toEqual(["page-1", "page-2", "page-3"]);
  });

  it("counts requests per route and resets the counters", async () => {
    fixture.resetRequests();
    // The console client never reuses list answers, so both calls reach the emulator.
    await fixture.admin.call("listUserRepositories", {});
    await fixture.admin.call("listUserRepositories", {});
    const counted = await got.get(`${fixture.emulator.url}/__emulator/requests`).json<{ total: number; byRoute: Record<string, number> }>();
    expect(counted).toEqual({ total: 2, byRoute: { "GET /v2/projects/repositories": 2 }, throttled: 0, faults: {} });
    await got.delete(`${fixture.emulator.url}/__emulator/requests`);
    expect(fixture.requests().total).toBe(0);
  });

  it("serves its seed: tenant, project and users with ids", async () => {
    const seed = await got.get(`${fixture.emulator.url}/__emulator/seed`).json<Record<string, any>>();
    expect(seed.project.id).toMatch(/^[0-9a-f]{32}$/);
    expect(seed.domain.name).toBe("emulator-tenant");
    expect(seed.users.map((u: { name: string }) => u.name)).toEqual(["emulator-admin", "alice", "bob", "carol"]);
  });
});

describe("emulator IAM", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => (fixture = await startFixture({ users: { ops: "s3cret" } })));
  afterAll(() => fixture.close());

  const tokenRequest = (password: string, scope: object = { name: "cn-north-4" }) => ({
    auth: {
      identity: { methods: ["password"], password: { user: { name: "ops", password, domain: { name: "emulator-tenant" } } } },
      scope: { project: scope },
    },
  });

  it("issues a project-scoped token in X-Subject-Token with expires_at", async () => {
    const res = await got.post(`${fixture.emulator.url}/v3/auth/tokens`, { ...json, json: tokenRequest("s3cret") });
    expect(res.statusCode).toBe(201);
    expect(res.headers["x-subject-token"]).toMatch(/^MII/);
    const body = res.body as { token: { expires_at: string; project: { name: string } } };
    expect(Date.parse(body.token.expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(body.token.project.name).toBe("cn-north-4");
    const use = await got.get(`${fixture.emulator.url}/v2/projects/repositories`, { ...json, headers: { "x-auth-token": res.headers["x-subject-token"] as string } });
    expect(use.statusCode).toBe(200);
  });

  it("refuses a wrong password with 401", async () => {
    const res = await got.post(`${fixture.emulator.url}/v3/auth/tokens`, { ...json, json: tokenRequest("wrong") });
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatchObject({ error_code: "IAM.0004" });
  });

  it("answers an expired token with the documented 401 body", async () => {
    await got.put(`${fixture.emulator.url}/__emulator/settings`, { json: { tokenTtlSeconds: 0 } });
    const res = await got.post(`${fixture.emulator.url}/v3/auth/tokens`, { ...json, json: tokenRequest("s3cret") });
    const use = await got.get(`${fixture.emulator.url}/v2/projects/repositories`, { ...json, headers: { "x-auth-token": res.headers["x-subject-token"] as string } });
    expect(use.statusCode).toBe(401);
    expect(use.body).toEqual({ error_code: "DEV.00000003", error_msg: "Authentication information expired." });
    await got.put(`${fixture.emulator.url}/__emulator/settings`, { json: { tokenTtlSeconds: 86400 } });
  });
});

describe("emulator process", () => {
  it("keeps state across restarts with --data", async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), "emulator-data-")), "state.json");
    const first = await startEmulator({ dataFile, creationDelayMs: 0 });
    const created = await got
      .post(`${first.url}/v1/repositories`, { headers: { "x-auth-token": DEFAULTS.token }, json: { name: "kept", project_uuid: first.seed.project.id } })
      .json<{ result: { repository_uuid: string } }>();
    await first.close();
    const second = await startEmulator({ dataFile });
    const shown = await got
      .get(`${second.url}/v2/repositories/${created.result.repository_uuid}`, { headers: { "x-auth-token": DEFAULTS.token } })
      .json<{ result: { repository_name: string } }>();
    expect(shown.result.repository_name).toBe("kept");
    await second.close();
  });

  it("prints its base URL on one line from the command line, and honours --project", async () => {
    const project = "ab".repeat(16);
    const child = spawn(process.execPath, [join(__dirname, "../../dist/emulator/cli.js"), "--port", "0", "--project", project]);
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      child.once("error", reject);
    });
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
    const seed = await got.get(`${line.trim()}/__emulator/seed`).json<{ project: { id: string } }>();
    expect(seed.project.id).toBe(project);
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
  });

  it("documents its defaults in --help", async () => {
    const child = spawn(process.execPath, [join(__dirname, "../../dist/emulator/cli.js"), "--help"]);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk));
    await new Promise((resolve) => child.once("close", resolve));
    expect(out).toContain(`default "${DEFAULTS.token}"`);
    expect(out).toContain(`${DEFAULTS.user}:${DEFAULTS.password}`);
  });
});
