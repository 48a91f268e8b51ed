import { WebhookInputs, WebhookOutputs, provider, tokenHash } from "../../provider/webhook";

const valid = {
  repositoryId: 468480,
  repositoryUuid: "0123456789abcdef0123456789abcdef",
  url: "https://ci.example.com/hooks/codearts",
  events: ["push"],
};

describe("Webhook check", () => {
  it("accepts good input, fills defaults and orders events canonically", async () => {
    const result = await provider.check({}, { ...valid, events: ["note", "push", "note"], token: "s3cret", branchFilter: "^release/.*$" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({
      ...valid,
      events: ["push", "note"],
      token: "s3cret",
      branchFilter: "^release/.*$",
      tokenType: "X-Repo-Token",
      adoptExisting: false,
    });
  });

  it.each([
    [{ url: "ftp://ci.example.com/x" }, "url", /http:\/\/ or https:\/\/ URL/],
    [{ url: "not a url" }, "url", /http:\/\/ or https:\/\/ URL/],
    [{ url: `https://example.com/${"a".repeat(500)}` }, "url", /at most 500 characters/],
    [{ events: [] }, "events", /at least one event/],
    [{ events: ["issues"] }, "events.0", /"push", "tagPush", "mergeRequest", "note"/],
    [{ tokenType: "Bearer" }, "tokenType", /"X-Repo-Token", "X-Gitlab-Token", "X-Auth-Token"/],
    [{ description: "d".repeat(201) }, "description", /at most 200 characters/],
    [{ branchFilter: "release/(" }, "branchFilter", /valid regular expression/],
    [{ token: "" }, "token", /must not be empty/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("rejects a branch filter without push events", async () => {
    const result = await provider.check({}, { ...valid, events: ["tagPush"], branchFilter: "main" });
    expect(result.failures).toEqual([{ property: "branchFilter", reason: 'applies only to push events: add "push" to events, or leave it out' }]);
  });

  it("never echoes the token in a failure", async () => {
    const result = await provider.check({}, { ...valid, token: "x".repeat(2001) });
    expect(result.failures![0]).toEqual({ property: "token", reason: "must be at most 2000 characters long" });
  });
});

describe("Webhook diff", () => {
  const salt = "a1b2";
  const inputs = WebhookInputs.parse({ ...valid, token: "old-token" });
  const { token: _token, ...withoutToken } = inputs;
  const olds: WebhookOutputs = { ...withoutToken, hookId: 7, tokenSalt: salt, tokenHash: tokenHash(salt, "old-token"), createdAt: "" };
  const news = (over: Record<string, unknown> = {}) => WebhookInputs.parse({ ...valid, token: "old-token", ...over });

  it("sees no change when nothing changed, comparing the token by its salted hash", async () => {
    expect(await provider.diff("1/7", olds, news())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place when the token rotates", async () => {
    expect(await provider.diff("1/7", olds, news({ token: "new-token" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place when the token is removed", async () => {
    expect(await provider.diff("1/7", olds, news({ token: undefined }))).toMatchObject({ changes: true, replaces: [] });
  });

  it.each([{ url: "https://other.example.com/h" }, { events: ["push", "mergeRequest"] }, { name: "ci" }, { branchFilter: "main" }])(
    "updates %j in place",
    async (over) => {
      expect(await provider.diff("1/7", olds, news(over))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    },
  );

  it("does not treat a reordered event list as a change", async () => {
    const two = { ...olds, events: ["push", "note"] as WebhookOutputs["events"] };
    expect((await provider.diff("1/7", two, news({ events: ["note", "push"] }))).changes).toBe(false);
  });

  it("replaces when the repository changes", async () => {
    const diff = await provider.diff("1/7", olds, news({ repositoryId: 9, repositoryUuid: "f".repeat(32) }));
    expect(diff).toEqual({ changes: true, replaces: ["repositoryId", "repositoryUuid"], deleteBeforeReplace: false });
  });

  it("hashes with the per-resource salt, so equal tokens of two hooks hash differently", () => {
    expect(tokenHash("salt-1", "t")).not.toBe(tokenHash("salt-2", "t"));
    expect(tokenHash("salt-1", "t")).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash("salt-1", undefined)).toBeUndefined();
  });
});
