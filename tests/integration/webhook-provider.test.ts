import { CodeArtsApiError } from "../../api/errors";
import { WebhookInputs, WebhookOutputs, provider, tokenHash } from "../../provider/webhook";
import { asSecret, revealed } from "../../provider/secrets";
import { EmulatorFixture, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";

const TOKEN = "hook-secret-4e1b77";
const ROTATED = "hook-secret-rotated-90aa";

describe("Webhook provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryUuid: string; repositoryId: number };

  async function newRepository(name: string) {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
    const live = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    return { repositoryUuid: repository_uuid, repositoryId: live.repository_id };
  }
  const inputs = (over: Record<string, unknown> = {}) =>
    WebhookInputs.parse({ ...repository, url: "https://ci.example.com/hook", events: ["push", "mergeRequest"], token: TOKEN, ...over });
  const liveHooks = (repositoryId = repository.repositoryId) =>
    fixture.admin.call("listRepositoryWebhooks", { params: { repository_id: repositoryId }, query: { limit: 100 } });

  beforeAll(async () => {
    fixture = await startFixture();
    newProviderRun(fixture);
    repository = await newRepository("hooks-repo");
  });
  afterAll(() => fixture.close());

  it("creates a hook and keeps only a salted hash of its token", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ name: "ci", description: "builds", branchFilter: "^main$" }));
    expect(outs).toEqual({
      ...repository,
      url: "https://ci.example.com/hook",
      name: "ci",
      description: "builds",
      tokenType: "X-Repo-Token",
      events: ["push", "mergeRequest"],
      branchFilter: "^main$",
      adoptExisting: false,
      hookId: expect.any(Number),
      // Both computed from the token, so both go to the engine as secrets.
      tokenSalt: asSecret(expect.stringMatching(/^[0-9a-f]{32}$/)),
      tokenHash: asSecret(tokenHash(revealed(outs)!.tokenSalt, TOKEN)),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(id).toBe(`${repository.repositoryId}/${outs!.hookId}`);
    expect(JSON.stringify(outs)).not.toContain(TOKEN);
    expect(fixture.requests().byRoute).toEqual({
      [routeKey("listRepositoryWebhooks")]: 1,
      [routeKey("createRepositoryWebhook")]: 1,
    });
    const [live] = (await liveHooks()).filter((h) => h.id === outs!.hookId);
    expect(live.token).toBe("********");
    expect(live).toMatchObject({ push_events: true, merge_requests_events: true, tag_push_events: false, note_events: false });
  });

  it("reads back what it created, and drift in events, url and filter", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://drift.example.com/h" }));
    expect(await provider.read(id, outs as WebhookOutputs)).toEqual({ id, props: outs });
    await fixture.admin.call("updateRepositoryWebhook", {
      params: { repository_id: repository.repositoryId, hook_id: outs!.hookId },
      body: { note_events: true, merge_requests_events: false, push_events_branch_regex_filter: "^dev$" },
    });
    newProviderRun(fixture);
    const read = await provider.read(id, outs as WebhookOutputs);
    expect(read.props).toMatchObject({ events: ["push", "note"], branchFilter: "^dev$", tokenHash: outs!.tokenHash });
    expect((await provider.diff(id, read.props as WebhookOutputs, inputs({ url: "https://drift.example.com/h" }))).changes).toBe(true);
  });

  it("turns a plain hash and salt of an earlier version into secrets on read, and sees no change", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://earlier.example.com/h" }));
    const earlier = revealed(outs) as WebhookOutputs;
    expect(earlier.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const read = await provider.read(id, earlier);
    expect(read.props).toEqual(outs);
    expect(await provider.diff(id, revealed(read.props) as WebhookOutputs, inputs({ url: "https://earlier.example.com/h" }))).toMatchObject({ changes: false });
    expect(await provider.diff(id, earlier, inputs({ url: "https://earlier.example.com/h", token: ROTATED }))).toMatchObject({ changes: true });
  });

  it("rotates the token and changes settings in place", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://rotate.example.com/h" }));
    fixture.resetRequests();
    const news = inputs({ url: "https://rotate.example.com/h", token: ROTATED, events: ["tagPush"], tokenType: "X-Gitlab-Token" });
    const { outs: updated } = await provider.update(id, outs as WebhookOutputs, news);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("updateRepositoryWebhook")]: 1 });
    expect(updated).toMatchObject({ hookId: outs!.hookId, events: ["tagPush"], tokenType: "X-Gitlab-Token", tokenSalt: outs!.tokenSalt });
    expect(updated!.tokenHash).toEqual(asSecret(tokenHash(revealed(outs)!.tokenSalt, ROTATED)));
    expect(await provider.diff(id, updated as WebhookOutputs, news)).toMatchObject({ changes: false });
  });

  it("removes a token the program no longer sets", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://untoken.example.com/h" }));
    const { outs: updated } = await provider.update(id, outs as WebhookOutputs, inputs({ url: "https://untoken.example.com/h", token: undefined }));
    expect(updated!.tokenHash).toBeUndefined();
    expect((await liveHooks()).find((h) => h.id === outs!.hookId)!.token).toBeNull();
  });

  it("reports a hook deleted out of band as gone, and deleting it again succeeds", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://gone.example.com/h" }));
    await fixture.admin.call("deleteRepositoryWebhook", { params: { repository_id: repository.repositoryId, hook_id: outs!.hookId } });
    newProviderRun(fixture);
    expect(await provider.read(id, outs as WebhookOutputs)).toEqual({});
    await expect(provider.delete(id, outs as WebhookOutputs)).resolves.toBeUndefined();
  });

  it("deletes a hook", async () => {
    const { id, outs } = await provider.create(inputs({ url: "https://delete.example.com/h" }));
    await provider.delete(id, outs as WebhookOutputs);
    expect((await liveHooks()).map((h) => h.id)).not.toContain(outs!.hookId);
  });

  it("refuses a second hook with the same url, saying how to adopt, without leaking the token", async () => {
    const existing = await fixture.admin.call("createRepositoryWebhook", {
      params: { repository_id: repository.repositoryId },
      body: { url: "https://taken.example.com/h", push_events: true },
    });
    newProviderRun(fixture);
    const error = await provider.create(inputs({ url: "https://taken.example.com/h" })).catch((e) => e);
    expect(error.message).toBe(
      `Repository ${repository.repositoryId} already has a webhook with this url (hook ${existing.id}). ` +
        "Set adoptExisting: true to manage it with this program (its settings and token are then set from the program), or use another url.",
    );
    expect((await liveHooks()).filter((h) => h.url === "https://taken.example.com/h")).toHaveLength(1);
  });

  it("adopts a hook with the same url, setting it as the program says", async () => {
    const existing = await fixture.admin.call("createRepositoryWebhook", {
      params: { repository_id: repository.repositoryId },
      body: { url: "https://adopt.example.com/h", note_events: true },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ url: "https://adopt.example.com/h", adoptExisting: true }));
    expect(id).toBe(`${repository.repositoryId}/${existing.id}`);
    expect(outs).toMatchObject({ hookId: existing.id, events: ["push", "mergeRequest"], adoptExisting: true });
    expect(fixture.requests().byRoute[routeKey("createRepositoryWebhook")]).toBeUndefined();
    expect((await liveHooks()).find((h) => h.id === existing.id)).toMatchObject({ note_events: false, token: "********" });
  });

  it("adopts a hook without a token in the program with no write, and keeps its live token through later updates", async () => {
    const existing = await fixture.admin.call("createRepositoryWebhook", {
      params: { repository_id: repository.repositoryId },
      body: { url: "https://keep.example.com/h", token: TOKEN, push_events: true, merge_requests_events: true },
    });
    newProviderRun(fixture);
    fixture.resetRequests();
    const adopted = await provider.create(inputs({ url: "https://keep.example.com/h", adoptExisting: true, token: undefined }));
    expect(Object.keys(fixture.requests().byRoute)).toEqual([routeKey("listRepositoryWebhooks")]);
    expect(adopted.outs).toMatchObject({ hookId: existing.id, liveTokenKept: true });
    expect(adopted.outs).not.toHaveProperty("tokenHash");

    const olds = revealed(adopted.outs) as WebhookOutputs;
    const renamed = { ...olds, name: "renamed" } as WebhookInputs;
    expect((await provider.diff!(adopted.id, olds, renamed)).changes).toBe(true);
    const outs = revealed((await provider.update!(adopted.id, olds, renamed)).outs) as WebhookOutputs;
    expect(outs).toMatchObject({ name: "renamed", liveTokenKept: true });
    expect((await liveHooks()).find((h) => h.id === existing.id)).toMatchObject({ name: "renamed", token: "********" });

    // Setting a token sends it, and the program owns the token from then on.
    const withToken = { ...renamed, token: ROTATED } as WebhookInputs;
    expect((await provider.diff!(adopted.id, outs, withToken)).changes).toBe(true);
    const rotated = revealed((await provider.update!(adopted.id, outs, withToken)).outs) as WebhookOutputs;
    expect(rotated).not.toHaveProperty("liveTokenKept");
    expect(rotated.tokenHash).toBe(tokenHash(rotated.tokenSalt, ROTATED));
  });

  it("walks every page of a long hook list using X-Total", async () => {
    const big = await newRepository("many-hooks");
    for (let i = 0; i < 104; i++) {
      await fixture.admin.call("createRepositoryWebhook", { params: { repository_id: big.repositoryId }, body: { url: `https://h${i}.example.com/`, push_events: true } });
    }
    // One page of the largest size cannot hold them all.
    expect(await liveHooks(big.repositoryId)).toHaveLength(100);
    const { outs } = await provider.create(WebhookInputs.parse({ ...big, url: "https://last.example.com/", events: ["push"] }));
    newProviderRun(fixture);
    fixture.resetRequests();
    const read = await provider.read("x", outs as WebhookOutputs);
    expect(read.props).toMatchObject({ hookId: outs!.hookId, url: "https://last.example.com/" });
    expect(fixture.requests().byRoute[routeKey("listRepositoryWebhooks")]).toBe(2);
  });

  it("reports the hooks of a deleted repository as gone", async () => {
    const doomed = await newRepository("doomed-hooks");
    const { id, outs } = await provider.create(WebhookInputs.parse({ ...doomed, url: "https://d.example.com/", events: ["note"] }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: doomed.repositoryUuid } });
    newProviderRun(fixture);
    expect(await provider.read(id, outs as WebhookOutputs)).toEqual({});
    await expect(provider.delete(id, outs as WebhookOutputs)).resolves.toBeUndefined();
  });

  it("surfaces other read errors instead of calling the hook gone", async () => {
    const props = { ...inputs(), hookId: 1, tokenSalt: "s", createdAt: "" } as WebhookOutputs;
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read("x", props).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
  });
});
