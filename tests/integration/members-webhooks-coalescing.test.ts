/**
 * The coalescing requirement: refreshing many members and webhooks of one repository
 * reads each list once, not once per resource. Pulumi calls every resource's `read` concurrently
 * during a refresh; this does the same in one provider process (the real engine is in
 * tests/e2e/members-webhooks.test.ts).
 */
import * as member from "../../provider/member";
import * as webhook from "../../provider/webhook";
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
