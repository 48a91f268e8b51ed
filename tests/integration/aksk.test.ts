import got from "got";
import { CodeArtsClient } from "../../api/client";
import { sdkDate, signatureParts } from "../../api/signer";
import { DEFAULTS } from "../../emulator";
import { emulatorRoutes } from "../../emulator/routes";
import { EmulatorFixture, startFixture, routeKey } from "../support/emulator";

describe("AK/SK signing against the emulator's verifier", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => (fixture = await startFixture()));
  afterAll(() => fixture.close());

  const client = (accessKey: string = DEFAULTS.accessKey, secretKey: string = DEFAULTS.secretKey) =>
    new CodeArtsClient({ routes: emulatorRoutes, endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "aksk", accessKey, secretKey } });

  it("signs reads and writes the emulator accepts, including encoded paths and unicode queries", async () => {
    const signed = client();
    const { repository_uuid } = await signed.call("createRepository", { body: { name: "signed-repo", project_uuid: fixture.projectId, description: "描述" } });
    expect(await signed.call("showRepositoryStatus", { params: { repository_uuid } })).toBeGreaterThanOrEqual(0);
    expect(await signed.call("validateRepositoryName", { params: { project_uuid: fixture.projectId, repository_name: "a b/ü" } })).toBe(true);
    const list = await signed.call("listUserRepositories", { query: { search: "signed-репо", page_size: 5 } });
    expect(list.total).toBe(0);
    expect(fixture.requests().byRoute[routeKey("iamCreateToken")]).toBeUndefined();
  });

  it("refuses a wrong secret key with the gateway's 401", async () => {
    const error = await client(DEFAULTS.accessKey, "wrong-secret").call("listUserRepositories", {}).catch((e) => e);
    expect(error).toMatchObject({ httpStatus: 401, code: "APIGW.0301" });
    expect(error.message).toMatch(/verify aksk signature fail/);
    expect(error.message).not.toContain("wrong-secret");
  });

  it("refuses an unknown access key", async () => {
    await expect(client("UNKNOWNKEY").call("listUserRepositories", {})).rejects.toMatchObject({
      httpStatus: 401,
      serviceMessage: expect.stringContaining("unknown access key"),
    });
  });

  const rawSigned = async (date: string | undefined) => {
    const url = new URL(`${fixture.emulator.url}/v2/projects/repositories`);
    const headers: Record<string, string> = { host: url.host };
    if (date) headers["x-sdk-date"] = date;
    const signDate = date ?? sdkDate(new Date());
    const { authorization } = signatureParts({ method: "GET", path: url.pathname, headers: { ...headers, "x-sdk-date": signDate } }, DEFAULTS.accessKey, DEFAULTS.secretKey);
    const { host: _host, ...send } = headers;
    return got.get(url, { headers: { ...send, authorization }, throwHttpErrors: false, responseType: "json" });
  };

  it("refuses a request without X-Sdk-Date", async () => {
    const res = await rawSigned(undefined);
    expect(res.statusCode).toBe(401);
    expect(res.body).toEqual({ error_code: "APIGW.0301", error_msg: "Incorrect IAM authentication information: X-Sdk-Date is missing" });
  });

  it("refuses a signature dated more than 15 minutes off, and accepts one within", async () => {
    const stale = await rawSigned(sdkDate(new Date(Date.now() - 16 * 60_000)));
    expect(stale.statusCode).toBe(401);
    expect((stale.body as { error_msg: string }).error_msg).toMatch(/more than 15 minutes off/);
    const recent = await rawSigned(sdkDate(new Date(Date.now() - 14 * 60_000)));
    expect(recent.statusCode).toBe(200);
  });
});
