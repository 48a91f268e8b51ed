/**
 * How `codeartsrepo prune` removes one listed object of each prunable kind (each descriptor's
 * `report.unmanaged.remove`), against the emulator with a real client: the object made in the
 * "console", found in its kind's list as prune finds it, removed by exactly one delete call, and
 * "gone" (a 404) when removed again.
 */
import { CodeArtsClient } from "../../api/client";
import type { PagedRouteName } from "../../api/routes";
import { DEFAULTS } from "../../emulator";
import type { EmulatorRouteName } from "../../emulator/routes";
import { RESOURCES, resourceOfType } from "../../provider/registry";
import type { UnmanagedObjects } from "../../provider/resource";
import { parentRepository, setProtectionRule } from "../support/child-resources";
import { EmulatorFixture, routeKey, startFixture } from "../support/emulator";
import { ed25519Key } from "../support/ssh-keys";

describe("removing an unmanaged object, as prune does", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };
  const client = () => new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: DEFAULTS.token }, coalesceTtlMs: 0 });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0, seedUsers: 1 });
    repository = await parentRepository(fixture, "pruned");
  });
  afterAll(() => fixture.close());

  const intern = () => fixture.emulator.seed.users.find((user) => user.name === "user-001")!.id;
  /** The console's answer to the last add: the key's or the hook's id. */
  let lastAdded: Record<string, any>;

  /** Each prunable kind: how the console adds one, the id its list gives it, and the call that removes it. */
  const kinds: { type: string; add: () => Promise<unknown>; liveId: () => string; removal: EmulatorRouteName }[] = [
    {
      type: "Member",
      add: () => fixture.admin.call("addRepositoryMembers", { params: { repository_uuid: repository.repositoryUuid }, body: { users: [{ id: intern(), name: "user-001", role: 30 }] } }),
      liveId: () => intern(),
      removal: "deleteRepositoryMember",
    },
    {
      type: "DeployKey",
      add: () => fixture.admin.call("createDeployKey", { params: { repository_id: repository.repositoryId }, body: { key: ed25519Key("laptop@example"), key_title: "laptop", can_push: true, application: "" } }),
      liveId: () => String(lastAdded.key_id),
      removal: "deleteDeployKey",
    },
    {
      type: "Webhook",
      add: () => fixture.admin.call("createRepositoryWebhook", { params: { repository_id: repository.repositoryId }, body: { url: "https://audit.example.com/hook", name: "audit", push_events: true } }),
      liveId: () => String(lastAdded.id),
      removal: "deleteRepositoryWebhook",
    },
    {
      type: "ProtectedBranch",
      add: () => setProtectionRule(fixture.emulator.url, { repositoryId: repository.repositoryId, kind: "branch", name: "hotfix", actions: [{ action: "push", enable: true }] }),
      liveId: () => "hotfix",
      removal: "deleteProtectedBranch",
    },
    {
      type: "ProtectedTag",
      add: () => setProtectionRule(fixture.emulator.url, { repositoryId: repository.repositoryId, kind: "tag", name: "rc-*", actions: [{ action: "create", enable: true }] }),
      liveId: () => "rc-*",
      removal: "deleteProtectedTag",
    },
    {
      type: "FilePushPermission",
      add: () => fixture.admin.call("createFilePushPermission", { params: { repository_id: repository.repositoryId }, body: { path: "vendor/*", actions: [{ action: "push", enable: true }] } }),
      liveId: () => String(lastAdded.id),
      removal: "deleteFilePushPermissions",
    },
  ];

  it("is possible for exactly the kinds a reviewer may remove by hand-picked findings", () => {
    const prunable = RESOURCES.filter(({ report }) => (report.unmanaged as UnmanagedObjects | undefined)?.remove).map(({ type }) => type);
    expect(prunable.sort()).toEqual(kinds.map(({ type }) => type).sort());
  });

  it.each(kinds.map((kind) => [kind.type, kind] as const))("%s: one delete call removes it; removing it again is `gone`", async (type, kind) => {
    lastAdded = (await kind.add()) as Record<string, any>;
    const spec = resourceOfType(type)!.report.unmanaged as UnmanagedObjects;
    const api = client();
    const listOf = () => api.paginate(spec.list as PagedRouteName, { params: { repository_id: repository.repositoryId } as never });
    const listed = (await listOf()).find((item) => spec.liveId(item as never) === kind.liveId());
    expect(listed).toBeDefined();

    fixture.resetRequests();
    expect(await spec.remove!(api, listed as never, repository)).toBe("deleted");
    expect(fixture.requests().byRoute).toEqual({ [routeKey(kind.removal)]: 1 });
    expect((await listOf()).map((item) => spec.liveId(item as never))).not.toContain(kind.liveId());

    expect(await spec.remove!(api, listed as never, repository)).toBe("gone");
  });
});
