/**
 * A call that gets no answer names the host it tried and where that host came from: stack config,
 * environment, or the region's default; for the CodeArts Repo endpoint and for IAM. Configuration
 * is resolved as the provider resolves it (stack config, then the environment) and the client
 * really sends: to a closed loopback port, to an `.invalid` host (RFC 6761: never resolves), or,
 * for a region's real default hosts, through a resolver that fails every lookup, so no test
 * touches the network.
 */
import { createServer } from "node:net";
import type { LookupFunction } from "node:net";
import { CodeArtsClient } from "../../api/client";
import { environmentSource, firstOf, resolveConfig, stackConfigSource } from "../../api/config";
import { CodeArtsNetworkError } from "../../api/errors";

/** A loopback port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A resolver with no network: every name is unknown, as offline or with a wrong region. */
const noSuchHost: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
  process.nextTick(() => callback(error, "", 4));
};

/** The error of one call through a client configured from these stack config values and environment. */
async function failure(
  stack: Record<string, string>,
  env: Record<string, string> = {},
  extra: { dnsLookup?: LookupFunction } = {},
): Promise<CodeArtsNetworkError> {
  const config = resolveConfig(
    firstOf(stackConfigSource({ get: (key) => ({ "codeartsrepo:maxRetries": "0", ...stack })[key] }), environmentSource(env)),
  );
  const client = CodeArtsClient.fromConfig(config, { timeoutMs: 10_000, ...extra });
  const error = await client.call("showRepository", { params: { repository_uuid: "abc" } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodeArtsNetworkError);
  return error as CodeArtsNetworkError;
}

describe("a call that cannot reach the service", () => {
  const password = { "codeartsrepo:userName": "u", "codeartsrepo:password": "p", "codeartsrepo:domainName": "d", "codeartsrepo:projectId": "pid" };

  it("names a loopback host set with codeartsrepo:endpoint", async () => {
    const port = await closedPort();
    const error = await failure({ "codeartsrepo:endpoint": `http://127.0.0.1:${port}`, "codeartsrepo:token": "t" });
    expect(error.message).toBe(`CodeArts Repo API GET /v2/repositories/abc could not reach 127.0.0.1:${port} (codeartsrepo:endpoint): ECONNREFUSED`);
    expect(error).toMatchObject({ host: `127.0.0.1:${port}`, origin: "codeartsrepo:endpoint", reason: "ECONNREFUSED" });
  });

  it("names a host set with HW_CODEARTSREPO_ENDPOINT, and stack config over the environment", async () => {
    const error = await failure({ "codeartsrepo:token": "t" }, { HW_CODEARTSREPO_ENDPOINT: "https://codeartsrepo.example.invalid" });
    expect(error.message).toBe(
      "CodeArts Repo API GET /v2/repositories/abc could not reach codeartsrepo.example.invalid (HW_CODEARTSREPO_ENDPOINT): ENOTFOUND",
    );
    const port = await closedPort();
    const configWins = await failure(
      { "codeartsrepo:endpoint": `http://127.0.0.1:${port}`, "codeartsrepo:token": "t" },
      { HW_CODEARTSREPO_ENDPOINT: "https://codeartsrepo.example.invalid" },
    );
    expect(configWins.message).toContain(`could not reach 127.0.0.1:${port} (codeartsrepo:endpoint): ECONNREFUSED`);
  });

  it("names the region's default endpoint and the region", async () => {
    const error = await failure({ "codeartsrepo:region": "cn-north-4", "codeartsrepo:token": "t" }, {}, { dnsLookup: noSuchHost });
    expect(error.message).toBe(
      "CodeArts Repo API GET /v2/repositories/abc could not reach codehub-ext.cn-north-4.myhuaweicloud.com (default endpoint of region cn-north-4): ENOTFOUND",
    );
  });

  it("names the IAM host and its source when a password token cannot be fetched", async () => {
    const port = await closedPort();
    const repo = { "codeartsrepo:endpoint": `http://127.0.0.1:${port}` };
    const configured = await failure({ ...repo, ...password, "codeartsrepo:iamEndpoint": "https://iam.example.invalid" });
    expect(configured.message).toBe("IAM POST /v3/auth/tokens could not reach iam.example.invalid (codeartsrepo:iamEndpoint): ENOTFOUND");
    const fromEnvironment = await failure({ ...repo, ...password }, { HW_IAM_ENDPOINT: "https://iam-env.example.invalid" });
    expect(fromEnvironment.message).toBe("IAM POST /v3/auth/tokens could not reach iam-env.example.invalid (HW_IAM_ENDPOINT): ENOTFOUND");
    const regional = await failure({ ...repo, ...password, "codeartsrepo:region": "cn-north-4" }, {}, { dnsLookup: noSuchHost });
    expect(regional.message).toBe(
      "IAM POST /v3/auth/tokens could not reach iam.cn-north-4.myhuaweicloud.com (default IAM endpoint of region cn-north-4): ENOTFOUND",
    );
  });

  it("says when IAM is the CodeArts Repo endpoint because no IAM endpoint is set", async () => {
    const port = await closedPort();
    const error = await failure({ "codeartsrepo:endpoint": `http://127.0.0.1:${port}`, "codeartsrepo:accessKey": "ak", "codeartsrepo:secretKey": "sk" });
    expect(error.message).toContain(`could not reach 127.0.0.1:${port} (codeartsrepo:endpoint): ECONNREFUSED`);
    expect(resolveConfig(firstOf(stackConfigSource({ get: (key) => ({ "codeartsrepo:endpoint": "http://h", "codeartsrepo:token": "t" })[key] })))).toMatchObject({
      iamEndpoint: "http://h",
      iamEndpointOrigin: "codeartsrepo:endpoint, as no IAM endpoint is set",
    });
  });
});
