import { environmentSource, firstOf, resolveConfig, stackConfigSource } from "../../api/config";
import { CodeArtsConfigError } from "../../api/errors";

const from = (values: Record<string, string>) => (name: string) => values[name];

describe("provider configuration", () => {
  it("uses a token and derives endpoints from the region", () => {
    const config = resolveConfig(from({ region: "cn-north-4", token: "t" }));
    expect(config).toEqual({
      endpoint: "https://codehub-ext.cn-north-4.myhuaweicloud.com",
      endpointOrigin: "default endpoint of region cn-north-4",
      iamEndpoint: "https://iam.cn-north-4.myhuaweicloud.com",
      iamEndpointOrigin: "default IAM endpoint of region cn-north-4",
      region: "cn-north-4",
      auth: { kind: "token", token: "t" },
    });
  });

  it.each([
    ["la-south-2", "https://codeartsrepo-ext.la-south-2.myhuaweicloud.com", "https://iam.la-south-2.myhuaweicloud.com"],
    ["me-east-1", "https://repo.me-east-1.myhuaweicloud.com", "https://iam.me-east-1.myhuaweicloud.com"],
    // The SDK core has no IAM endpoint of its own for this region: the global one.
    ["eu-west-101", "https://codeartsrepo-ext.eu-west-101.myhuaweicloud.com", "https://iam.myhuaweicloud.com"],
  ])("takes the endpoints of %s from the SDK's region table", (region, endpoint, iamEndpoint) => {
    expect(resolveConfig(from({ region, token: "t" }))).toMatchObject({ endpoint, iamEndpoint });
  });

  it("refuses a region the table lacks unless the endpoint is set, and says how to set it", () => {
    const resolve = () => resolveConfig(from({ region: "xx-nowhere-1", token: "t" }));
    expect(resolve).toThrow(CodeArtsConfigError);
    expect(resolve).toThrow(/"xx-nowhere-1"/);
    expect(resolve).toThrow(/known regions: af-north-1, af-south-1, .*cn-north-4, .*tr-west-1\)/);
    expect(resolve).toThrow(/codeartsrepo:endpoint/);
    expect(resolve).toThrow(/HW_CODEARTSREPO_ENDPOINT/);
    const explicit = resolveConfig(from({ region: "xx-nowhere-1", endpoint: "https://repo.example", token: "t" }));
    expect(explicit.endpoint).toBe("https://repo.example");
  });

  it("builds an IAM password identity scoped by project id, else by region name", () => {
    const base = { endpoint: "http://127.0.0.1:1/", iamEndpoint: "http://127.0.0.1:2", userName: "u", password: "p", domainName: "d" };
    expect(resolveConfig(from({ ...base, projectId: "pid" })).auth).toEqual({
      kind: "password", userName: "u", password: "p", domainName: "d", scope: { id: "pid" },
    });
    expect(resolveConfig(from({ ...base, region: "cn-east-3" })).auth).toMatchObject({ scope: { name: "cn-east-3" } });
    expect(resolveConfig(from({ ...base, region: "r" })).endpoint).toBe("http://127.0.0.1:1");
  });

  it.each([
    [{ token: "t" }, /No CodeArts Repo endpoint/],
    [{ endpoint: "http://x" }, /No credentials/],
    [{ endpoint: "http://x", token: "t", password: "p" }, /Several ways to authenticate are configured \(token: token; password: password\)/],
    [{ endpoint: "http://x", iamEndpoint: "http://i", userName: "u", region: "r" }, /also needs codeartsrepo:password .* and codeartsrepo:domainName/],
    [{ endpoint: "ftp://x", token: "t" }, /must use https:\/\/ or http:\/\//],
    [{ endpoint: "not a url", token: "t" }, /must be a URL/],
  ])("explains what is wrong with %j", (values, message) => {
    expect(() => resolveConfig(from(values as Record<string, string>))).toThrow(CodeArtsConfigError);
    expect(() => resolveConfig(from(values as Record<string, string>))).toThrow(message);
  });

  it("never puts a credential in a configuration error", () => {
    const resolve = () => resolveConfig(from({ endpoint: "http://x", token: "super-secret-token", password: "super-secret-password" }));
    expect(resolve).toThrow(CodeArtsConfigError);
    expect(resolve).toThrow(/Several ways to authenticate are configured/);
    expect(resolve).not.toThrow(/super-secret/);
  });

  it("prefers stack config over the environment, setting by setting", () => {
    const stack = stackConfigSource({ get: (key: string) => ({ "codeartsrepo:endpoint": "http://stack" } as Record<string, string>)[key] });
    const env = environmentSource({ HW_CODEARTSREPO_ENDPOINT: "http://env", HW_AUTH_TOKEN: "env-token" });
    const config = resolveConfig(firstOf(stack, env));
    expect(config.endpoint).toBe("http://stack");
    expect(config.auth).toEqual({ kind: "token", token: "env-token" });
  });

  it("treats empty values as unset", () => {
    const env = environmentSource({ HW_CODEARTSREPO_ENDPOINT: "http://env", HW_AUTH_TOKEN: "  " });
    expect(() => resolveConfig(env)).toThrow(/No credentials/);
  });
});

describe("provider configuration: AK/SK", () => {
  it("signs with an access key pair, carrying the security token and project id", () => {
    const config = resolveConfig(from({ endpoint: "http://x", accessKey: "AK", secretKey: "SK", securityToken: "ST", projectId: "p" }));
    expect(config.auth).toEqual({ kind: "aksk", accessKey: "AK", secretKey: "SK", securityToken: "ST", projectId: "p" });
  });

  it("reads HW_ACCESS_KEY, HW_SECRET_KEY and HW_SECURITY_TOKEN", () => {
    const env = environmentSource({ HW_CODEARTSREPO_ENDPOINT: "http://x", HW_ACCESS_KEY: "AK", HW_SECRET_KEY: "SK", HW_SECURITY_TOKEN: "ST" });
    expect(resolveConfig(env).auth).toMatchObject({ kind: "aksk", securityToken: "ST" });
  });

  it.each([
    [{ accessKey: "AK" }, /AK\/SK signing needs both codeartsrepo:accessKey .* and codeartsrepo:secretKey/],
    [{ accessKey: "AK", secretKey: "SK", token: "t" }, /Several ways to authenticate are configured \(token: token; aksk: accessKey, secretKey\)/],
    [{ accessKey: "AK", secretKey: "SK", userName: "u" }, /Several ways .*password: userName; aksk: accessKey, secretKey/],
  ])("explains %j", (values, message) => {
    expect(() => resolveConfig(from({ endpoint: "http://x", ...values } as Record<string, string>))).toThrow(message);
  });
});

describe("provider configuration: behaviour switches", () => {
  it("reads adoptExisting as a boolean and rejects anything else", () => {
    expect(resolveConfig(from({ endpoint: "http://x", token: "t", adoptExisting: "true" })).adoptExisting).toBe(true);
    expect(resolveConfig(from({ endpoint: "http://x", token: "t" })).adoptExisting).toBeUndefined();
    expect(() => resolveConfig(from({ endpoint: "http://x", token: "t", adoptExisting: "maybe" }))).toThrow(/must be true or false/);
  });

  it("reads maxRetries and rateLimitPerMinute as bounded whole numbers", () => {
    expect(resolveConfig(from({ endpoint: "http://x", token: "t", maxRetries: "5", rateLimitPerMinute: "0" }))).toMatchObject({ maxRetries: 5, rateLimitPerMinute: 0 });
    expect(() => resolveConfig(from({ endpoint: "http://x", token: "t", maxRetries: "-1" }))).toThrow(/whole number from 0 to 20/);
  });
});
