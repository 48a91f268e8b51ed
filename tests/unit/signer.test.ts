/**
 * Conformance: our SDK-HMAC-SHA256 signer against the official @huaweicloud/huaweicloud-sdk-core
 * AKSKSigner (a devDependency used only here). Same method, URL, query, headers, body, key pair and
 * timestamp must give a byte-identical Authorization header.
 */
import { AKSKSigner } from "@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner";
import { BasicCredentials } from "@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials";
import { parseAuthorization, parseSdkDate, sdkDate, signatureParts, signingEncode } from "../../api/signer";

interface Case {
  title: string;
  method: string;
  host: string;
  /** As sent on the wire: already percent-encoded. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: unknown;
  ak?: string;
  sk?: string;
  date?: string;
}

const table: Case[] = [
  { title: "GET without query or body", method: "GET", host: "codehub-ext.cn-north-4.myhuaweicloud.com", path: "/v2/repositories/0123456789abcdef0123456789abcdef" },
  { title: "GET with paging query", method: "GET", host: "codehub-ext.cn-north-4.myhuaweicloud.com", path: "/v2/projects/repositories", query: { page_index: "1", page_size: "100", search: "demo" } },
  { title: "query keys out of order", method: "GET", host: "h.example.com", path: "/v4/repositories/42/events", query: { offset: "0", limit: "20", filter: "push", after: "2024-01-01" } },
  { title: "repeated query key", method: "GET", host: "h.example.com", path: "/v1/things", query: { id: ["b", "a", "c"], z: "1" } },
  { title: "unicode query keys and values", method: "GET", host: "h.example.com", path: "/v1/search", query: { 名前: "仓库", "ключ": "значение", emoji: "🚀" } },
  { title: "query values needing escapes", method: "GET", host: "h.example.com", path: "/v1/search", query: { q: "a b&c=d/e?f*g'h(i)j!k~l", empty: "" } },
  { title: "path segment with encoded space and slash", method: "GET", host: "h.example.com", path: "/v1/projects/p/repositories/validation/a%20b%2Fc" },
  { title: "path with unicode segment", method: "DELETE", host: "h.example.com", path: `/v2/repositories/7/protected-branches/${encodeURIComponent("功能/分支")}` },
  { title: "POST with a JSON body", method: "POST", host: "codehub-ext.cn-north-4.myhuaweicloud.com", path: "/v1/repositories", headers: { "Content-Type": "application/json" }, body: { name: "demo", project_uuid: "0123456789abcdef0123456789abcdef", visibility_level: 0 } },
  { title: "PUT with nested JSON and unicode", method: "PUT", host: "h.example.com", path: "/v2/repositories/7/branch/master/protect", headers: { "Content-Type": "application/json;charset=UTF-8" }, body: { access_level: { push_access_level: 40, merge_access_level: 40 }, note: "保护" } },
  { title: "host with a port", method: "GET", host: "127.0.0.1:8443", path: "/v1/users/sshkey" },
  { title: "security token and project headers", method: "GET", host: "h.example.com", path: "/v4/repositories/1/hooks", headers: { "X-Security-Token": "temporary-token", "X-Project-Id": "p1" } },
  { title: "trailing slash already present", method: "GET", host: "h.example.com", path: "/v1/repositories/" },
  { title: "other keys and a later date", method: "POST", host: "h.example.com", path: "/v3/auth/tokens", headers: { "Content-Type": "application/json" }, body: {}, ak: "AK2EXAMPLE", sk: "a different secret", date: "20300615T235959Z" },
];

describe("AK/SK signer conformance with the official SDK", () => {
  it.each(table.map((c) => [c.title, c] as const))("%s", (_title, c) => {
    const ak = c.ak ?? "UTEST0ACCESS0KEY0001";
    const sk = c.sk ?? "test-secret-key-0123456789";
    const date = c.date ?? "20240102T030405Z";
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);

    const official = AKSKSigner.sign(
      {
        endpoint: `https://${c.host}${c.path}`,
        method: c.method,
        headers: { ...c.headers, "X-Sdk-Date": date },
        queryParams: c.query ? structuredClone(c.query) : undefined,
        data: c.body,
      } as never,
      new BasicCredentials().withAk(ak).withSk(sk),
    ) as Record<string, string>;

    const ours = signatureParts(
      { method: c.method, path: c.path, query: c.query, headers: { ...c.headers, host: c.host, "X-Sdk-Date": date }, body },
      ak,
      sk,
    );
    expect(ours.authorization).toBe(official.Authorization);
  });
});

describe("signer helpers", () => {
  it("formats and parses X-Sdk-Date", () => {
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(sdkDate(date)).toBe("20240102T030405Z");
    expect(parseSdkDate("20240102T030405Z")?.toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(parseSdkDate("2024-01-02T03:04:05Z")).toBeUndefined();
  });

  it("encodes like RFC 3986, upper-case hex", () => {
    expect(signingEncode("a b!*'()~._-/é")).toBe("a%20b%21%2A%27%28%29~._-%2F%C3%A9");
  });

  it("parses the Authorization header it produces", () => {
    const { authorization, signature } = signatureParts({ method: "GET", path: "/x", headers: { host: "h", "x-sdk-date": "20240102T030405Z" } }, "AK", "SK");
    expect(parseAuthorization(authorization)).toEqual({ accessKey: "AK", signedHeaders: ["host", "x-sdk-date"], signature });
    expect(parseAuthorization("Bearer x")).toBeUndefined();
  });
});
