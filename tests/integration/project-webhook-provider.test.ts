import { ProjectWebhookInputs, ProjectWebhookOutputs, provider } from "../../provider/project-webhook";
import { tokenHash } from "../../provider/webhook";
import { asSecret, revealed } from "../../provider/secrets";
import { EmulatorFixture, faultReport, freshClient, planFaults, routeKey, startFixture } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { expectCallsPerResource } from "../support/calls-per-resource";

const TOKEN = "project-hook-secret-51c0"; // a test value, not a credential
const ROTATED = "project-hook-rotated-7d2e";
const LIST = routeKey("listProjectWebhooks");
const CREATE = routeKey("createProjectWebhook");
const UPDATE = routeKey("updateProjectWebhook");

describe("ProjectWebhook provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let projectId: string;

  const inputs = (over: Record<string, unknown> = {}) =>
    ProjectWebhookInputs.parse({ projectId, url: "https://ci.example.com/project", events: ["push", "mergeRequest"], token: TOKEN, ...over });
  const liveHooks = () => freshClient(fixture).paginate("listProjectWebhooks", { params: { project_id: projectId } });

  beforeAll(async () => {
    fixture = await startFixture();
    projectId = fixture.projectId;
    newProviderRun(fixture);
  });
  afterAll(() => fixture.close());

  it("creates a hook with a look at the project's list and one create, keeping only a salted hash of its token", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ name: "ci", description: "builds", branchFilter: "^main$" }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [CREATE]: 1 });
    expect(outs).toEqual({
      projectId,
      url: "https://ci.example.com/project",
      name: "ci",
      description: "builds",
      tokenType: "X-Repo-Token",
      events: ["push", "mergeRequest"],
      branchFilter: "^main$",
      adoptExisting: false,
      hookId: expect.any(Number),
      tokenSalt: asSecret(expect.stringMatching(/^[0-9a-f]{32}$/)),
      tokenHash: asSecret(tokenHash(revealed(outs).tokenSalt, TOKEN)),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(id).toBe(`${projectId}/${outs.hookId}`);
    expect(JSON.stringify(outs)).not.toContain(TOKEN);
    const live = (await liveHooks()).find((hook) => hook.id === outs.hookId)!;
    expect(live).toMatchObject({ token: "********", push_events: true, merge_requests_events: true, tag_push_events: false, note_events: false });
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
  });

  it("creates and refreshes five hooks of one project at up to 1.2 calls each, and a refresh at one list for all", async () => {
    await expectCallsPerResource(fixture, "project webhooks", provider, Array.from({ length: 5 }, (_, i) => inputs({ url: `https://many${i}.example.com/h`, token: undefined })), { list: "listProjectWebhooks", create: "createProjectWebhook" });
  });

  it("reads a console change of url, events and filter as drift, and puts it back with one update", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://drift.example.com/h" }));
    await freshClient(fixture).call("updateProjectWebhook", {
      params: { project_id: projectId, hook_id: outs.hookId },
      body: { url: "https://collector.example.net/h", note_events: true, push_events_branch_regex_filter: "^dev$" },
    });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ url: "https://collector.example.net/h", events: ["push", "mergeRequest", "note"], branchFilter: "^dev$", tokenHash: outs.tokenHash });
    const wanted = inputs({ url: "https://drift.example.com/h" });
    expect((await provider.diff(id, read.props as ProjectWebhookOutputs, wanted)).changes).toBe(true);
    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, read.props as ProjectWebhookOutputs, wanted);
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect(restored).toMatchObject({ url: "https://drift.example.com/h", events: ["push", "mergeRequest"], hookId: outs.hookId });
    expect(restored).not.toHaveProperty("branchFilter");
  });

  it("rotates the token in place, the state never holding it", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://rotate.example.com/h" }));
    const news = inputs({ url: "https://rotate.example.com/h", token: ROTATED, tokenType: "X-Gitlab-Token" });
    expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = (await provider.update(id, outs, news)).outs!;
    expect(updated.tokenHash).toEqual(asSecret(tokenHash(revealed(outs).tokenSalt, ROTATED)));
    expect(JSON.stringify(updated)).not.toContain(ROTATED);
    expect(await provider.diff(id, updated, news)).toMatchObject({ changes: false });
  });

  it("replaces the hook when it moves to another project", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://moving.example.com/h" }));
    const diff = await provider.diff(id, outs, inputs({ url: "https://moving.example.com/h", projectId: "f".repeat(32) }));
    expect(diff).toMatchObject({ changes: true, replaces: ["projectId"] });
  });

  it("refuses a hook someone else made with the url, saying how to adopt, and adopts it keeping its live token", async () => {
    const existing = await freshClient(fixture).call("createProjectWebhook", {
      params: { project_id: projectId },
      body: { url: "https://taken.example.com/h", push_events: true, merge_requests_events: true, token: "console-token" },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    const error = await provider.create(inputs({ url: "https://taken.example.com/h" })).then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(
      `Project ${projectId} already has a webhook with this url (hook ${existing.id}). ` +
        "Set adoptExisting: true to manage it with this program (its settings and token are then set from the program), or use another url.",
    );
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });

    newProviderRun(fixture);
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ url: "https://taken.example.com/h", token: undefined, adoptExisting: true }));
    // Already as the program says and no token to set: adopted with the look alone.
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(id).toBe(`${projectId}/${existing.id}`);
    expect(outs).toMatchObject({ hookId: existing.id, liveTokenKept: true, adoptExisting: true });
    expect(outs).not.toHaveProperty("tokenHash");
    expect((await liveHooks()).filter((hook) => hook.url === "https://taken.example.com/h")).toEqual([expect.objectContaining({ token: "********" })]);
  });

  it("takes the hook found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createProjectWebhook", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ url: "https://lost.example.com/h" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect((await liveHooks()).filter((hook) => hook.url === "https://lost.example.com/h").map((hook) => hook.id)).toEqual([outs.hookId]);
  });

  it("deletes it, reads it as gone after, and deleting again is success", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://short-lived.example.com/h" }));
    await provider.delete(id, outs);
    expect((await liveHooks()).map((hook) => hook.id)).not.toContain(outs.hookId);
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("reads a hook of a project the caller cannot see as gone", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://elsewhere.example.com/h" }));
    newProviderRun(fixture);
    expect(await provider.read(id, { ...outs, projectId: "e".repeat(32) })).toEqual({});
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { projectId: "not-a-project", url: "ftp://x", events: [], token: "" });
    expect(result.failures).toEqual([
      { property: "projectId", reason: "must be a CodeArts project id: 32 hexadecimal characters" },
      { property: "url", reason: "must be an http:// or https:// URL" },
      { property: "token", reason: "must not be empty (leave it out for no token)" },
      { property: "events", reason: "must name at least one event: push, tagPush, mergeRequest, note" },
    ]);
    const filter = await provider.check({}, { projectId, url: "https://ci.example.com/h", events: ["note"], branchFilter: "^main$" });
    expect(filter.failures).toEqual([{ property: "branchFilter", reason: 'applies only to push events: add "push" to events, or leave it out' }]);
    expect(fixture.requests().total).toBe(0);
  });
});
