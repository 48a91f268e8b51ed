/** Throttling, retries and fault tolerance between the client and the emulator's gateway. */
import { CodeArtsClient } from "../../api/client";
import { RepositoryInputs, provider } from "../../provider/repository";
import { configureWith } from "../../provider/runtime";
import { EmulatorFixture, listRepositoryNames, startFixture } from "../support/emulator";

jest.setTimeout(60_000);

const probe = (client: CodeArtsClient, projectId: string, i: number) =>
  client.call("validateRepositoryName", { params: { project_uuid: projectId, repository_name: `probe-${i}` } });

describe("rate limits", () => {
  // Each test gets its own emulator, so each starts with a full minute's allowance.
  let fixture: EmulatorFixture;
  beforeEach(async () => (fixture = await startFixture({ rateLimitPerMinute: 600 })));
  afterEach(() => fixture.close());

  const client = (rateLimitPerMinute: number) =>
    new CodeArtsClient({
      endpoint: fixture.emulator.url,
      iamEndpoint: fixture.emulator.url,
      auth: { kind: "token", token: "emulator-token" },
      rateLimitPerMinute,
      retry: { maxRetries: 20 },
    });

  it("answers calls over 600 a minute per API with 429 and Retry-After, which the client honours", async () => {
    const unlimited = client(0);
    const answers = await Promise.all(Array.from({ length: 700 }, (_, i) => probe(unlimited, fixture.projectId, i)));
    expect(answers.every((free) => free === true)).toBe(true);
    const counts = fixture.requests();
    process.stdout.write(`700 calls, client limiter off: ${counts.throttled} answered 429\n`);
    expect(counts.throttled).toBeGreaterThan(0);
  });

  it("keeps the client under the limit by itself: no 429 at all", async () => {
    const limited = client(600);
    const started = Date.now();
    await Promise.all(Array.from({ length: 620 }, (_, i) => probe(limited, fixture.projectId, i)));
    const counts = fixture.requests();
    process.stdout.write(`620 calls, client limiter on: ${counts.throttled} answered 429 in ${Date.now() - started} ms\n`);
    expect(counts.throttled).toBe(0);
    expect(counts.total).toBe(620);
  });
});

describe("faults", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startFixture({ faultRate: 0.3, creationDelayMs: 20 });
    configureWith({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" }, maxRetries: 8 });
  });
  afterAll(() => fixture.close());

  it("reads through 500s, 503s, 429s, 502s and dropped connections", async () => {
    const client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" }, retry: { maxRetries: 8, baseDelayMs: 5 } });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => probe(client, fixture.projectId, i)));
    expect(answers).toHaveLength(60);
    const { faults } = fixture.requests();
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  });

  it("creates each repository exactly once even when create answers are lost", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `faulty-${i}`);
    const results = await Promise.allSettled(names.map((name) => provider.create(RepositoryInputs.parse({ projectId: fixture.projectId, name }))));
    const created = results.filter((r) => r.status === "fulfilled").length;
    for (const r of results) if (r.status === "rejected") process.stdout.write(`create failed: ${(r.reason as Error).message}\n`);
    const faults = fixture.requests().faults;
    // The check reads what exists without faults: only the creates are under test.
    await fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ faultRate: 0 }) });
    const live = (await listRepositoryNames(fixture)).filter((n) => n.startsWith("faulty-"));
    process.stdout.write(`fault rate 0.3: ${created}/12 creates succeeded; faults ${JSON.stringify(faults)}\n`);
    // No duplicates: a name never appears twice, and every successful create is there.
    expect(new Set(live).size).toBe(live.length);
    expect(live.length).toBeGreaterThanOrEqual(created);
    expect(created).toBe(12);
  });
});
