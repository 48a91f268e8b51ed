import { ProjectWebhookInputs, ProjectWebhookOutputs, projectWebhook, provider } from "../../provider/project-webhook";
import { tokenHash } from "../../provider/webhook";

const PROJECT = "0123456789abcdef0123456789abcdef";
const valid = { projectId: PROJECT, url: "https://audit.example.com/hooks/codearts", events: ["mergeRequest"] };

describe("ProjectWebhook check", () => {
  it("accepts good input with the repository Webhook's rules and defaults, and no repository", async () => {
    const result = await provider.check({}, { ...valid, events: ["note", "push"], token: "s3cret", branchFilter: "^master$" });
    expect(result).toEqual({
      inputs: { ...valid, events: ["push", "note"], token: "s3cret", branchFilter: "^master$", tokenType: "X-Repo-Token", adoptExisting: false },
      failures: [],
    });
  });

  it.each([
    [{ projectId: "payments" }, "projectId", "must be a CodeArts project id: 32 hexadecimal characters"],
    [{ projectId: undefined }, "projectId", "is required"],
    [{ url: "ftp://audit.example.com/x" }, "url", "must be an http:// or https:// URL"],
    [{ events: ["issues"] }, "events.0", 'must be "push", "tagPush", "mergeRequest", "note"'],
    [{ tokenType: "Bearer" }, "tokenType", 'must be one of "X-Repo-Token", "X-Gitlab-Token", "X-Auth-Token"'],
    [{ events: ["note"], branchFilter: "^master$" }, "branchFilter", 'applies only to push events: add "push" to events, or leave it out'],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    expect((await provider.check({}, { ...valid, ...override })).failures).toEqual([{ property, reason }]);
  });

  it("never echoes the token in a failure", async () => {
    const token = `t0ken-${"x".repeat(2000)}`;
    const result = await provider.check({}, { ...valid, token });
    expect(result.failures).toEqual([{ property: "token", reason: "must be at most 2000 characters long" }]);
    expect(JSON.stringify(result.failures)).not.toContain("t0ken-");
  });
});

describe("ProjectWebhook diff", () => {
  const salt = "c3d4";
  const { token: _token, ...declared } = ProjectWebhookInputs.parse({ ...valid, token: "old-token" });
  const olds: ProjectWebhookOutputs = { ...declared, hookId: 31, tokenSalt: salt, tokenHash: tokenHash(salt, "old-token"), createdAt: "" };
  const news = (over: Record<string, unknown> = {}) => ProjectWebhookInputs.parse({ ...valid, token: "old-token", ...over });

  it("sees no change when nothing changed, comparing the token by its salted hash", async () => {
    expect(await provider.diff(`${PROJECT}/31`, olds, news())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([{ token: "new-token" }, { url: "https://other.example.com/h" }, { events: ["push"] }, { description: "audit" }])("updates %j in place", async (over) => {
    expect(await provider.diff(`${PROJECT}/31`, olds, news(over))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces when the project changes", async () => {
    expect(await provider.diff(`${PROJECT}/31`, olds, news({ projectId: "f".repeat(32) }))).toEqual({ changes: true, replaces: ["projectId"], deleteBeforeReplace: false });
  });
});

describe("ProjectWebhook descriptor", () => {
  it("keeps the token's hash and salt secret, as the repository Webhook does", () => {
    expect(projectWebhook.secretOutputs).toEqual(["tokenHash", "tokenSalt"]);
  });

  it("is named in reports by its project, and imported by <projectId>/<hookId> in one spelling", async () => {
    expect(projectWebhook.report).toMatchObject({ label: "project webhook", holder: "project" });
    const importId = "importId" in projectWebhook && "locate" in projectWebhook.importId ? projectWebhook.importId : undefined;
    expect(importId?.format).toBe("<projectId>/<hookId>");
    await expect(importId!.locate({} as never, `${PROJECT.toUpperCase()}/31`)).resolves.toEqual({ id: `${PROJECT}/31`, props: { projectId: PROJECT, hookId: 31 } });
    await expect(importId!.locate({} as never, "payments/31")).rejects.toThrow("it does not start with the project id (32 hexadecimal characters) and a slash");
    await expect(importId!.locate({} as never, `${PROJECT}/first`)).rejects.toThrow("it does not end in a webhook id (a whole number)");
  });
});
