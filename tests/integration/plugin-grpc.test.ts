/**
 * The provider plugin as a process, spoken to over gRPC as the engine speaks to it, against the
 * emulator: the calls no engine run in the end-to-end tests makes (GetPluginInfo, Invoke, List)
 * and the ones whose answers matter field by field (CheckConfig's failure, Read by import id).
 */
import { ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { EmulatorFixture, startFixture } from "../support/emulator";
import { repositoryRoot } from "../support/packages";

jest.setTimeout(120_000);

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = fromPulumi("@grpc/grpc-js");
const providerPb = fromPulumi("./proto/provider_pb");
const providerGrpc = fromPulumi("./proto/provider_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb");

type Client = Record<string, (...args: unknown[]) => unknown>;

/** One unary call, as a promise. */
function call<T>(client: Client, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[method](request, (error: Error | null, response: T) => (error ? reject(error) : resolve(response))));
}

/** A List call's results, or its error. */
function list(client: Client, token: string, query: Record<string, unknown>): Promise<{ id: string; name: string }[]> {
  const stream = client.list(new providerPb.ListRequest().setToken(token).setQuery(Struct.fromJavaScript(query))) as NodeJS.EventEmitter;
  const results: { id: string; name: string }[] = [];
  return new Promise((resolve, reject) => {
    stream.on("data", (response: { getResult(): { getId(): string; getName(): string } }) => results.push({ id: response.getResult().getId(), name: response.getResult().getName() }));
    stream.on("error", reject);
    stream.on("end", () => resolve(results));
  });
}

describe("the provider plugin over gRPC", () => {
  let fixture: EmulatorFixture;
  let plugin: ChildProcess;
  let client: Client;
  const TYPE = "codeartsrepo:index:";

  beforeAll(async () => {
    fixture = await startFixture({ seedUsers: 2 });
    plugin = spawn(process.execPath, [join(repositoryRoot, "dist", "plugin", "main.js")], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, HW_AUTH_TOKEN: "" } });
    const port = await new Promise<string>((resolve) => plugin.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
    client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as Client;
  });

  afterAll(async () => {
    (client as unknown as { close(): void } | undefined)?.close();
    plugin?.kill();
    await fixture.close();
  });

  it("says its version and serves the schema of every kind", async () => {
    const info = await call<{ getVersion(): string }>(client, "getPluginInfo", new Empty());
    expect(info.getVersion()).toBe(require("../../package.json").version);
    const schema = JSON.parse((await call<{ getSchema(): string }>(client, "getSchema", new providerPb.GetSchemaRequest())).getSchema());
    expect(schema.name).toBe("codeartsrepo");
    expect(Object.keys(schema.resources)).toContain(`${TYPE}Repository`);
  });

  it("fails CheckConfig without credentials, naming the key to set", async () => {
    const response = await call<{ getFailuresList(): { getProperty(): string; getReason(): string }[] }>(
      client,
      "checkConfig",
      new providerPb.CheckRequest().setNews(Struct.fromJavaScript({ endpoint: fixture.emulator.url })),
    );
    expect(response.getFailuresList().map((failure) => [failure.getProperty(), failure.getReason()])).toEqual([
      ["token", expect.stringContaining("No credentials: set codeartsrepo:token (or HW_AUTH_TOKEN)")],
    ]);
  });

  it("creates a repository, lists it and its members by import id, reads one back by that id, and answers a function", async () => {
    await call(client, "configure", new providerPb.ConfigureRequest().setArgs(Struct.fromJavaScript({ endpoint: fixture.emulator.url, token: "emulator-token" })));
    const created = await call<{ getId(): string; getProperties(): { toJavaScript(): Record<string, unknown> } }>(
      client,
      "create",
      new providerPb.CreateRequest().setType(`${TYPE}Repository`).setProperties(Struct.fromJavaScript({ projectId: fixture.projectId, name: "listed", visibility: "private", adoptExisting: false, allowReplace: false })),
    );
    const repositoryId = created.getProperties().toJavaScript().repositoryId as number;

    expect(await list(client, `${TYPE}Repository`, { projectId: fixture.projectId })).toEqual([{ id: created.getId(), name: "listed" }]);
    const members = await list(client, `${TYPE}Member`, { repositoryId });
    expect(members).toEqual([{ id: expect.stringMatching(new RegExp(`^${created.getId()}/\\S+$`)), name: "emulator-admin" }]);
    await expect(list(client, `${TYPE}Member`, {})).rejects.toThrow("List of Member takes a query {repositoryId} or {repositoryUuid}");
    await expect(list(client, `${TYPE}RepositoryStatistics`, { repositoryId })).rejects.toThrow(/RepositoryStatistics objects are not listed: a statistics run/);

    const read = await call<{ getId(): string; getInputs(): { toJavaScript(): Record<string, unknown> } }>(client, "read", new providerPb.ReadRequest().setType(`${TYPE}Member`).setId(members[0].id));
    expect(read.getId()).toBe(members[0].id);
    expect(read.getInputs().toJavaScript()).toMatchObject({ repositoryId, repositoryUuid: created.getId(), userName: "emulator-admin", role: "maintainer" });

    const status = await call<{ getReturn(): { toJavaScript(): Record<string, unknown> } }>(
      client,
      "invoke",
      new providerPb.InvokeRequest().setTok(`${TYPE}getRepositoryStatisticsStatus`).setArgs(Struct.fromJavaScript({ repositoryId })),
    );
    expect(status.getReturn().toJavaScript()).toHaveProperty("canRun");
    await expect(
      call(client, "invoke", new providerPb.InvokeRequest().setTok(`${TYPE}getRepositoryStatistics`).setArgs(Struct.fromJavaScript({ repositoryId }))),
    ).rejects.toThrow(/getRepositoryStatistics: branch/);
  });
});
