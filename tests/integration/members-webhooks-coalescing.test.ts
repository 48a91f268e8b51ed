/**
 * The coalescing requirement: refreshing many members and webhooks of one repository
 * reads each list once, not once per resource. Pulumi calls every resource's `read` concurrently
 * during a refresh; this does the same in one provider process (the real engine is in
 * tests/e2e/members-webhooks.test.ts).
 */
import * as member from "../../provider/member";
import * as webhook from "../../provider/webhook";
import { RepositoryInputs, provider as repositories } from "../../provider/repository";
import { EmulatorFixture, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";

describe("a refresh of 30 members and 10 webhooks of one repository", () => {
  let fixture: EmulatorFixture;

  beforeAll(async () => {
    fixture = await startFixture({ seedUsers: 30 });
  });
  afterAll(() => fixture.close());

  it("costs one member list and one hook list", async () => {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name: "busy", project_uuid: fixture.projectId } });
    const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    const repository = { repositoryUuid: repository_uuid, repositoryId: repository_id };
    newProviderRun(fixture);
    const users = fixture.emulator.seed.users.filter((u) => u.name.startsWith("user-"));
    expect(users).toHaveLength(30);
    const members = await Promise.all(
      users.map((u) => member.provider.create(member.MemberInputs.parse({ ...repository, userId: u.id, userName: u.name, role: "developer" }))),
    );
    const hooks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        webhook.provider.create(webhook.WebhookInputs.parse({ ...repository, url: `https://hook${i}.example.com/`, events: ["push"], token: `t${i}` })),
      ),
    );

    newProviderRun(fixture);
    fixture.resetRequests();
    const reads = await Promise.all([
      ...members.map(({ id, outs }) => member.provider.read(id, outs as member.MemberOutputs)),
      ...hooks.map(({ id, outs }) => webhook.provider.read(id, outs as webhook.WebhookOutputs)),
    ]);
    expect(reads.every((r) => r.id !== undefined)).toBe(true);
    expect(reads.map((r) => r.props)).toEqual([...members, ...hooks].map((c) => c.outs));
    const counted = fixture.requests();
    process.stdout.write(`40 concurrent reads cost ${JSON.stringify(counted)}\n`);
    expect(counted.byRoute).toEqual({
      [routeKey("listMembersV4")]: 1,
      [routeKey("listRepositoryWebhooks")]: 1,
    });
  });
});

describe("creates in a repository the run created", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 20 });
  });
  afterAll(() => fixture.close());

  it("make no look before a webhook, until a second hook of the same url, which looks and is refused", async () => {
    newProviderRun(fixture, { timing: { creationPoll: { firstDelayMs: 10, maxDelayMs: 10 } } });
    const { outs } = await repositories.create(RepositoryInputs.parse({ projectId: fixture.projectId, name: "made-here" }));
    const repository = { repositoryUuid: outs!.repositoryUuid, repositoryId: outs!.repositoryId };
    const hook = (url: string) => webhook.provider.create(webhook.WebhookInputs.parse({ ...repository, url, events: ["push"] }));
    fixture.resetRequests();
    await hook("https://ci.example.com/a");
    await hook("https://ci.example.com/b");
    expect(fixture.requests().byRoute).toEqual({ [routeKey("createRepositoryWebhook")]: 2 });
    // The url is claimed: the same url again is looked up, found and refused, with no second POST.
    const error = await hook("https://ci.example.com/a").catch((e) => e);
    expect(error.message).toContain("already has a webhook with this url");
    expect(fixture.requests().byRoute).toEqual({ [routeKey("createRepositoryWebhook")]: 2, [routeKey("listRepositoryWebhooks")]: 1 });
  });

  it("look before a webhook of a repository the run did not create", async () => {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name: "made-elsewhere", project_uuid: fixture.projectId } });
    const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    newProviderRun(fixture);
    fixture.resetRequests();
    await webhook.provider.create(webhook.WebhookInputs.parse({ repositoryUuid: repository_uuid, repositoryId: repository_id, url: "https://ci.example.com/x", events: ["push"] }));
    expect(fixture.requests().byRoute).toEqual({ [routeKey("listRepositoryWebhooks")]: 1, [routeKey("createRepositoryWebhook")]: 1 });
  });
});
