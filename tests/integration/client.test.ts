import { createServer } from "node:http";
import { AddressInfo } from "node:net";
import { CodeArtsClient, TokenCache } from "../../api/client";
import { CodeArtsApiError, CodeArtsNetworkError, CodeArtsResponseError } from "../../api/errors";
import { startEmulator } from "../../emulator";
import { emulatorRoutes } from "../../emulator/routes";
import { EmulatorFixture, loseNextAnswer, startFixture, routeKey } from "../support/emulator";

describe("API client against the emulator", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => (fixture = await startFixture({ users: { ops: "pa55word" } })));
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.resetRequests();
  });

  const passwordClient = (password = "pa55word", exchanges?: string[], tokenCache?: TokenCache) =>
    new CodeArtsClient({
      tokenCache,
      routes: emulatorRoutes,
      endpoint: fixture.emulator.url,
      iamEndpoint: fixture.emulator.url,
      auth: { kind: "password", userName: "ops", password, domainName: "emulator-tenant", scope: { name: "cn-north-4" } },
      onExchange: exchanges ? (e) => exchanges.push(`${e.method} ${e.path} ${e.status}`) : undefined,
    });

  const probe = (client: CodeArtsClient) =>
    client.call("validateRepositoryName", { params: { project_uuid: fixture.projectId, repository_name: "probe" } });
  const PROBE_ROUTE = routeKey("validateRepositoryName");

  it("fetches one IAM token per client, or per shared cache, and reuses it across calls", async () => {
    const shared = new TokenCache();
    const a = passwordClient(undefined, undefined, shared);
    const b = passwordClient(undefined, undefined, shared);
    await Promise.all([probe(a), probe(a), probe(b)]);
    await probe(b);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("iamCreateToken")]: 1, [PROBE_ROUTE]: 4 });
    // A client with its own cache fetches its own token.
    await probe(passwordClient());
    expect(fixture.requests().byRoute[routeKey("iamCreateToken")]).toBe(2);
  });

  it("fetches a new token when the service says the current one expired", async () => {
    const client = passwordClient();
    await probe(client);
    await fixture.emulator.close().catch(() => undefined);
    // Restart on the same port with a fresh token table: the cached token is now unknown.
    const again = await startEmulator({ port: fixture.emulator.port, users: { ops: "pa55word" } });
    fixture.emulator = again;
    await probe(client);
    expect(again.requests.snapshot().byRoute).toEqual({ [PROBE_ROUTE]: 2, [routeKey("iamCreateToken")]: 1 });
  });

  it("turns a wrong password into an error with status, code and message but not the password", async () => {
    const error = await passwordClient("wrong-password-123").call("listUserRepositories", {}).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error).toMatchObject({ httpStatus: 401, code: "IAM.0004", method: "POST", path: "/v3/auth/tokens" });
    expect(error.message).not.toContain("wrong-password-123");
  });

  it("coalesces identical list reads until a write, then reads again", async () => {
    const client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" } });
    const list = () => client.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } });
    const [a, b] = await Promise.all([list(), list()]);
    await list();
    expect(a).toBe(b);
    expect(fixture.requests().byRoute[routeKey("listProjectRepositories")]).toBe(1);
    await client.call("createRepository", { body: { name: "coalesce-write", project_uuid: fixture.projectId } });
    const after = await list();
    expect(after.repositories.map((r) => r.repository_name)).toContain("coalesce-write");
    expect(fixture.requests().byRoute[routeKey("listProjectRepositories")]).toBe(2);
  });

  it("forgets, at a write, only the lists it may change: its repository's, of the kind it declares", async () => {
    const client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" } });
    const repository = async (name: string) => {
      const { repository_uuid } = await client.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { id: (await client.call("showRepository", { params: { repository_uuid } })).repository_id, uuid: repository_uuid };
    };
    const [a, b] = [await repository("scoped-forget-a"), await repository("scoped-forget-b")];
    const hooks = (id: number) => client.call("listRepositoryWebhooks", { params: { repository_id: id } });
    const members = (id: number) => client.call("listMembersV4", { params: { repository_id: id } });
    const read = () => Promise.all([hooks(a.id), hooks(b.id), members(a.id), members(b.id)]);
    await read();
    fixture.resetRequests();
    // A hook of A: A's hook list is read again; B's hooks and both member lists are not.
    await client.call("createRepositoryWebhook", { params: { repository_id: a.id }, body: { url: "https://hooks.example.com/scoped", push_events: true } });
    expect((await hooks(a.id)).map((hook) => hook.url)).toEqual(["https://hooks.example.com/scoped"]);
    await read();
    expect(fixture.requests().byRoute[routeKey("listRepositoryWebhooks")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("listMembersV4")]).toBeUndefined();
    // A member write names the repository by uuid: with its integer id given too, only A's member lists go.
    fixture.resetRequests();
    await client.call("addRepositoryMembers", { params: { repository_uuid: a.uuid }, repository: { id: a.id }, body: { users: [] } }).catch(() => undefined);
    await read();
    expect(fixture.requests().byRoute).toEqual({ [routeKey("addRepositoryMembers")]: 1, [routeKey("listMembersV4")]: 1 });
    // Without it, the write cannot tell A's id-named member list from B's: both are read again.
    fixture.resetRequests();
    await client.call("addRepositoryMembers", { params: { repository_uuid: a.uuid }, body: { users: [] } }).catch(() => undefined);
    await read();
    expect(fixture.requests().byRoute).toEqual({ [routeKey("addRepositoryMembers")]: 1, [routeKey("listMembersV4")]: 2 });
    // A write that declares no reach (a repository's deletion) forgets every list of it and of no repository.
    fixture.resetRequests();
    await client.call("deleteRepository", { params: { repository_uuid: a.uuid } });
    await hooks(b.id);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("deleteRepository")]: 1, [routeKey("listRepositoryWebhooks")]: 1 });
  });

  it("walks a list by the paging its route declares, stopping at the total or at the match", async () => {
    const client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" } });
    for (const n of [1, 2, 3, 4, 5]) await client.call("createRepository", { body: { name: `paged-${n}`, project_uuid: fixture.projectId } });
    const repositories = { params: { project_uuid: fixture.projectId }, query: { search: "paged-" }, pageSize: 2 };
    fixture.resetRequests();
    // v1/v2 paging (page_index, page_size, total in the body): 2 + 2 + 1 items, then the total says stop.
    const names = (await client.paginate("listProjectRepositories", repositories)).map((repo) => repo.repository_name);
    expect(names.sort()).toEqual(["paged-1", "paged-2", "paged-3", "paged-4", "paged-5"]);
    expect(fixture.requests().byRoute[routeKey("listProjectRepositories")]).toBe(3);
    // find reads no page beyond the one holding the match (the answers above are coalesced, so use fresh).
    fixture.resetRequests();
    const first = names[0];
    expect(await client.find("listProjectRepositories", { ...repositories, fresh: true }, (repo) => repo.repository_name === first)).toMatchObject({ repository_name: first });
    expect(fixture.requests().byRoute[routeKey("listProjectRepositories")]).toBe(1);
    // V4 paging (offset, limit, X-Total header): 2 + 1 hooks in two reads.
    const repositoryId = (await client.call("showRepository", { params: { repository_uuid: (await client.find("listProjectRepositories", repositories, () => true))!.repository_uuid } })).repository_id;
    for (const n of [1, 2, 3]) {
      await client.call("createRepositoryWebhook", { params: { repository_id: repositoryId }, body: { url: `https://hooks.example.com/${n}`, push_events: true } });
    }
    fixture.resetRequests();
    const pages = [];
    for await (const page of client.pages("listRepositoryWebhooks", { params: { repository_id: repositoryId }, pageSize: 2 })) pages.push(page);
    expect(pages.map(({ items, total }) => [items.length, total])).toEqual([[2, 3], [1, 3]]);
  });

  it("reuses a coalesced list answer within its window and reads again once the window has passed", async () => {
    let clock = Date.now();
    const client = new CodeArtsClient({
      endpoint: fixture.emulator.url,
      iamEndpoint: fixture.emulator.url,
      auth: { kind: "token", token: "emulator-token" },
      coalesceTtlMs: 5_000,
      now: () => clock,
    });
    const list = () => client.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } });
    const reads = () => fixture.requests().byRoute[routeKey("listProjectRepositories")];
    const first = await list();
    // Made out of band (another client): this client cannot know, so only the window's end shows it.
    await fixture.admin.call("createRepository", { body: { name: "coalesce-expiry", project_uuid: fixture.projectId } });
    clock += 4_999;
    expect(await list()).toBe(first);
    expect(reads()).toBe(1);
    clock += 1;
    const after = await list();
    expect(reads()).toBe(2);
    expect(after).not.toBe(first);
    expect(after.repositories.map((r) => r.repository_name)).toContain("coalesce-expiry");
    expect(first.repositories.map((r) => r.repository_name)).not.toContain("coalesce-expiry");
  });

  it("renews an IAM token shortly before it expires, without waiting for a 401", async () => {
    // The emulator's tokens live 24 h; the client renews 5 min before expiry.
    let clock = Date.now();
    const exchanges: string[] = [];
    const client = new CodeArtsClient({
      endpoint: fixture.emulator.url,
      iamEndpoint: fixture.emulator.url,
      auth: { kind: "password", userName: "ops", password: "pa55word", domainName: "emulator-tenant", scope: { name: "cn-north-4" } },
      now: () => clock,
      onExchange: (e) => exchanges.push(`${e.method} ${e.path} ${e.status}`),
    });
    await probe(client);
    clock += 23 * 60 * 60_000; // 1 h before expiry: the token is still used
    await probe(client);
    clock += 56 * 60_000; // 4 min before expiry: renewed first
    await probe(client);
    const probePath = `/v1/projects/${fixture.projectId}/repositories/validation/probe`;
    expect(exchanges).toEqual([
      "POST /v3/auth/tokens 201",
      `GET ${probePath} 200`,
      `GET ${probePath} 200`,
      "POST /v3/auth/tokens 201",
      `GET ${probePath} 200`,
    ]);
  });

  it("does not keep a failed token fetch: the next call fetches again", async () => {
    const exchanges: string[] = [];
    const client = new CodeArtsClient({
      endpoint: fixture.emulator.url,
      iamEndpoint: fixture.emulator.url,
      auth: { kind: "password", userName: "ops", password: "pa55word", domainName: "emulator-tenant", scope: { name: "cn-north-4" } },
      retry: { maxRetries: 0 },
      onExchange: (e) => exchanges.push(`${e.method} ${e.path} ${e.status}`),
    });
    await loseNextAnswer(fixture, "iamCreateToken");
    const failed = await probe(client).catch((e) => e);
    expect(failed).toBeInstanceOf(CodeArtsApiError);
    expect(failed).toMatchObject({ httpStatus: 502, path: "/v3/auth/tokens" });
    expect(await probe(client)).toBe(true);
    expect(exchanges).toEqual([
      "POST /v3/auth/tokens 502",
      "POST /v3/auth/tokens 201",
      `GET /v1/projects/${fixture.projectId}/repositories/validation/probe 200`,
    ]);
  });

  it("keeps the service's code and request id whatever the error body's style", async () => {
    const client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" } });
    // A v1/v2 route answers with the envelope {error: {code, message}, status: "failed"}.
    const enveloped = await client.call("showRepository", { params: { repository_uuid: "0".repeat(32) } }).catch((e) => e);
    expect(enveloped).toMatchObject({ httpStatus: 404, code: "CH.000404" });
    expect(enveloped.requestId).toMatch(/\S/);
    // A V4 route answers with the bare {error_code, error_msg}.
    const bare = await client.call("listRepositoryWebhooks", { params: { repository_id: 987654 }, query: {} }).catch((e) => e);
    expect(bare).toMatchObject({ httpStatus: 404, code: "CH.00402000" });
    expect(bare.serviceMessage).toMatch(/\S/);
  });

  it("reports a missing token with the gateway's code", async () => {
    const client = new CodeArtsClient({ routes: emulatorRoutes, endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "unknown" } });
    await expect(client.call("listUserRepositories", {})).rejects.toMatchObject({ httpStatus: 401, code: "CH.00000001" });
  });
});

describe("API client against a misbehaving server", () => {
  let url: string;
  let hits = 0;
  /** Error bodies as gateways and services send them, by path: /errors/<shape>. */
  const errorBodies: Record<string, { type: string; body: string }> = {
    camel: { type: "application/json", body: '{"errorCode":"DEV.00000003","errorMsg":"no right"}' },
    wrapped: { type: "application/json", body: '{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}' },
    html: { type: "text/html", body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>" },
    empty: { type: "text/plain", body: "" },
  };
  const server = createServer((req, res) => {
    hits += 1;
    const shape = /^\/v2\/repositories\/errors-(\w+)/.exec(req.url ?? "")?.[1];
    if (shape) {
      res.writeHead(400, { "content-type": errorBodies[shape].type, "X-Request-Id": `req-${shape}` });
      res.end(errorBodies[shape].body);
      return;
    }
    if (req.url?.startsWith("/v2/repositories/flaky") && hits % 2 === 1) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ result: { repository_uuid: "x", repository_id: "not-a-number", repository_name: "r" }, status: "success" }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  const client = () => new CodeArtsClient({ endpoint: url, iamEndpoint: url, auth: { kind: "token", token: "t" }, retry: { baseDelayMs: 1 } });

  it("rejects a response that breaks the documented schema, naming the field", async () => {
    const error = await client().call("showRepository", { params: { repository_uuid: "abc" } }).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsResponseError);
    expect(error.message).toMatch(/field "result\.repository_id"/);
  });

  it("retries a read on 503 and then validates what it gets", async () => {
    hits = 0;
    await expect(client().call("showRepository", { params: { repository_uuid: "flaky" } })).rejects.toBeInstanceOf(CodeArtsResponseError);
    expect(hits).toBe(2);
  });

  it.each([
    ["camel", { code: "DEV.00000003", serviceMessage: "no right" }],
    ["wrapped", { code: "APIGW.0301", serviceMessage: "Incorrect IAM authentication information" }],
    ["html", { code: undefined, serviceMessage: "502 Bad Gateway 502 Bad Gateway" }],
    ["empty", { code: undefined, serviceMessage: undefined }],
  ])("reads a %s error body into code, message and the X-Request-Id header", async (shape, expected) => {
    const error = await client().call("showRepository", { params: { repository_uuid: `errors-${shape}` } }).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect({ code: error.code, serviceMessage: error.serviceMessage, requestId: error.requestId, httpStatus: error.httpStatus }).toEqual({
      ...expected,
      requestId: `req-${shape}`,
      httpStatus: 400,
    });
  });

  it("reports an unreachable endpoint as a network error naming the call", async () => {
    const dead = new CodeArtsClient({ endpoint: "http://127.0.0.1:1", iamEndpoint: "http://127.0.0.1:1", auth: { kind: "token", token: "t" }, retry: { maxRetries: 0 } });
    const error = await dead.call("showRepository", { params: { repository_uuid: "abc" } }).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsNetworkError);
    expect(error.message).toBe("CodeArts Repo API GET /v2/repositories/abc could not reach 127.0.0.1:1: ECONNREFUSED");
  });
});
