/**
 * Members and webhooks through the real Pulumi engine against the emulator: one repository with
 * 30 members and 10 webhooks. Covers the coalescing requirement with a real
 * `pulumi refresh`, drift detection of a role changed and a webhook deleted in the console, and
 * in-place updates (a role change, a token rotation).
 */
import { resolve } from "node:path";
import { PulumiExit, PulumiResult } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, listRepositoryNames, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState, plainSecretsInState } from "../support/state-secrets";
import { SECRET_SIGNATURE_KEY } from "../../provider/secrets";

jest.setTimeout(600_000);

const programDir = resolve(__dirname, "programs", "members-webhooks");
const MEMBER_COUNT = 30;
const HOOK_COUNT = 10;
const PRIMARY_TOKEN = "primary-hook-token-0c5d2e";
const ROTATED_TOKEN = "primary-hook-token-rotated-77ab1f";
/** The program's other hooks have plain-string tokens with this prefix. */
const HOOK_TOKEN = "plain-hook-token-";
const MEMBER_LIST = routeKey("listMembersV4");
const HOOK_LIST = routeKey("listRepositoryWebhooks");
const TYPE = "pulumi-nodejs:dynamic/codeartsrepo";
/** Credentials in a URL, as an import from another git host needs. */
const IMPORT_URL = "https://importer:import-password-7c21e@git.example.com/team/seed.git";
const EVERY_SECRET = ["emulator-token", PRIMARY_TOKEN, IMPORT_URL, "import-password-7c21e", ...Array.from({ length: HOOK_COUNT }, (_, i) => `${HOOK_TOKEN}${i}`)];
const encrypted = expect.objectContaining({ [SECRET_SIGNATURE_KEY]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: expect.any(String) });

/**
 * The state as versions up to 0.1.0 wrote it: the webhook token's hash and salt and the import
 * URL input in plain text (the URL's output copy was already secret).
 */
function asEarlierVersionsWroteIt(exported: { deployment: { resources: Array<Record<string, any>> } }) {
  const plain = (value: any) => (value && typeof value === "object" && "plaintext" in value ? JSON.parse(value.plaintext) : value);
  for (const resource of exported.deployment.resources) {
    if (resource.type === `${TYPE}:Webhook`) {
      for (const field of ["tokenHash", "tokenSalt"]) resource.outputs[field] = plain(resource.outputs[field]);
      resource.additionalSecretOutputs = ["token"];
    }
    if (resource.type === `${TYPE}:Repository`) resource.inputs.importUrl = plain(resource.inputs.importUrl);
  }
  return exported;
}

/** `<kind> <name> <operation>` for every resource step a preview or update printed. */
function steps(result: PulumiResult): string[] {
  const found = new Set<string>();
  const pattern = new RegExp(`${TYPE}:(\\w+)\\s+(\\S+)\\s+(create|update|delete|replace|create-replacement|delete-replaced)\\b`, "g");
  for (const match of (result.stdout + result.stderr).matchAll(pattern)) found.add(`${match[1]} ${match[2]} ${match[3]}`);
  return [...found].sort();
}

describe("members and webhooks through the Pulumi engine", () => {
  let members: Array<{ id: string; name: string; role: string }>;
  const { fixture, pulumi } = useE2eStack({
    emulator: { seedUsers: MEMBER_COUNT },
    program: programDir,
    config: (started: EmulatorFixture) => {
      members = started.emulator.seed.users
        .filter((u) => u.name.startsWith("user-"))
        .map((u, i) => ({ id: u.id, name: u.name, role: i % 10 === 0 ? "maintainer" : i % 5 === 0 ? "reader" : "developer" }));
      return { members: JSON.stringify(members), hookCount: String(HOOK_COUNT) };
    },
    secrets: { primaryHookToken: PRIMARY_TOKEN, importUrl: IMPORT_URL },
  });
  let repositoryUuid: string;
  let repositoryId: number;
  const liveMembers = async () =>
    (await fixture.admin.call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } })).users;
  const liveHooks = () => fixture.admin.call("listRepositoryWebhooks", { params: { repository_id: repositoryId }, query: { limit: 100 } });
  const show = (result: PulumiResult) => process.env.SHOW_PULUMI_OUTPUT && process.stdout.write(result.stdout + result.stderr);

  it("creates the repository, 30 members and 10 webhooks with `pulumi up`", async () => {
    const started = Date.now();
    show(await pulumi.run(["up", "--yes"]));
    process.stdout.write(`up of ${MEMBER_COUNT + HOOK_COUNT + 1} resources: ${Date.now() - started} ms\n`);
    const outputs = await pulumi.outputs();
    repositoryUuid = outputs.repositoryUuid as string;
    repositoryId = outputs.repositoryId as number;
    const live = await liveMembers();
    expect(live).toHaveLength(MEMBER_COUNT + 1); // and the creator
    for (const member of members) {
      expect(live).toContainEqual(expect.objectContaining({ name: member.name, role: { reader: 20, developer: 30, maintainer: 40 }[member.role] }));
    }
    const hooks = await liveHooks();
    expect(hooks.map((h) => h.url).sort()).toEqual(Array.from({ length: HOOK_COUNT }, (_, i) => `https://hooks.example.com/ci/${i}`).sort());
    expect(hooks.every((h) => h.token === "********")).toBe(true);
  });

  it("previews no changes right after up", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${MEMBER_COUNT + HOOK_COUNT + 2} unchanged`));
  });

  it("keeps webhook tokens, their salted hashes and the import URL encrypted in the state", async () => {
    const { text, deployment } = await pulumi.exportState();
    for (const token of [PRIMARY_TOKEN, HOOK_TOKEN, "import-password"]) expect(text).not.toContain(token);
    const hook0 = deployment.resources.find((r) => r.type === `${TYPE}:Webhook` && String(r.urn).endsWith("::hook-0"))!;
    expect(hook0.outputs).toMatchObject({ tokenHash: encrypted, tokenSalt: encrypted });
    expect(hook0.outputs.token).toBeUndefined();
    expect(hook0.inputs.token).toEqual(encrypted);
    const hook1 = deployment.resources.find((r) => r.type === `${TYPE}:Webhook` && String(r.urn).endsWith("::hook-1"))!;
    expect(hook1.inputs.token).toEqual(encrypted);
    const repository = deployment.resources.find((r) => r.type === `${TYPE}:Repository`)!;
    expect(repository.inputs.importUrl).toEqual(encrypted);
    expect(repository.outputs.importUrl).toEqual(encrypted);
    // Decrypted, the hash is still what rotation detection compares.
    const shown = (await pulumi.exportState({ showSecrets: true })).deployment.resources.find((r) => String(r.urn).endsWith("::hook-0"))!;
    expect(JSON.parse(shown.outputs.tokenHash.plaintext)).toMatch(/^[0-9a-f]{64}$/);
    await expectNoPlainSecretsInState(pulumi, EVERY_SECRET);
  });

  it("encrypts a state of an earlier version, with hashes and the import URL in plain text, on refresh and on up, seeing no change", async () => {
    const earlier = asEarlierVersionsWroteIt(JSON.parse((await pulumi.exportState({ showSecrets: true })).text));
    await pulumi.importState(earlier);
    expect(await plainSecretsInState(pulumi, EVERY_SECRET)).toEqual(expect.arrayContaining([expect.stringMatching(/outputs\.tokenHash is not encrypted/)])); // the test's premise: the old form leaks

    const refreshed = await pulumi.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"], { allowFailure: true });
    show(refreshed);
    expect(refreshed.code).toBe(0);
    const afterRefresh = (await pulumi.exportState()).deployment.resources;
    for (const hook of afterRefresh.filter((r) => r.type === `${TYPE}:Webhook`)) expect(hook.outputs).toMatchObject({ tokenHash: encrypted, tokenSalt: encrypted });

    await pulumi.importState(earlier);
    const up = await pulumi.run(["up", "--yes", "--expect-no-changes"], { allowFailure: true });
    show(up);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`${MEMBER_COUNT + HOOK_COUNT + 2} unchanged`));
    // An up converts the import URL's input copy too, which a refresh cannot reach.
    await expectNoPlainSecretsInState(pulumi, EVERY_SECRET);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("refreshes all 41 resources with a handful of list calls, not one per resource", async () => {
    // One pass: `refresh --yes` without --skip-preview reads everything twice (preview, then refresh).
    fixture.resetRequests();
    const started = Date.now();
    const result = await pulumi.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"], { allowFailure: true });
    show(result);
    const counted = fixture.requests();
    process.stdout.write(`pulumi refresh --skip-preview (${Date.now() - started} ms) cost ${JSON.stringify(counted)}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${MEMBER_COUNT + HOOK_COUNT + 2} unchanged`));
    // Each list once; a second only if the engine spaced the reads out beyond the client's reuse window.
    expect(counted.byRoute[MEMBER_LIST]).toBeLessThanOrEqual(2);
    expect(counted.byRoute[HOOK_LIST]).toBeLessThanOrEqual(2);
    expect(counted.total).toBeLessThanOrEqual(5);
  });

  it("names exactly the member whose role changed and the webhook deleted in the console", async () => {
    const victim = (await liveMembers()).find((m) => m.name === "user-004")!;
    expect(victim.role).toBe(30);
    await fixture.admin.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: victim.user_id }, body: { role: 40 } });
    const hook3 = (await liveHooks()).find((h) => h.url === "https://hooks.example.com/ci/3")!;
    await fixture.admin.call("deleteRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: hook3.id } });

    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    show(drift);
    expect(drift.code).toBe(PulumiExit.changesProposed);
    expect(drift.stdout + drift.stderr).toMatch(/no changes were expected for preview but changes were proposed/i);
    expect(steps(drift)).toEqual(["Member member-user-004 update", "Webhook hook-3 create"]);
  });

  it("puts both back with `up --refresh`, then sees no changes", async () => {
    show(await pulumi.run(["up", "--refresh", "--yes"]));
    expect((await liveMembers()).find((m) => m.name === "user-004")!.role).toBe(30);
    expect((await liveHooks()).map((h) => h.url)).toContain("https://hooks.example.com/ci/3");
    const again = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    show(again);
    expect(again.code).toBe(0);
  });

  it("shows a role change and a token rotation as in-place updates, and applies them", async () => {
    const changed = members.map((m) => (m.name === "user-002" ? { ...m, role: "maintainer" } : m));
    await pulumi.run(["config", "set", "members", JSON.stringify(changed)]);
    await pulumi.run(["config", "set", "--secret", "primaryHookToken", ROTATED_TOKEN]);
    const hook0Hash = async () =>
      JSON.parse((await pulumi.exportState({ showSecrets: true })).deployment.resources.find((r) => String(r.urn).endsWith("::hook-0"))!.outputs.tokenHash.plaintext);
    const before = await hook0Hash();

    const preview = await pulumi.run(["preview", "--diff"]);
    show(preview);
    expect(steps(preview)).toEqual([]); // --diff prints a different layout: check it directly
    expect(preview.stdout).toMatch(new RegExp(`~ ${TYPE}:Member: \\(update\\)[\\s\\S]*?member-user-002[\\s\\S]*?~ role\\s*: "developer" => "maintainer"`));
    expect(preview.stdout).toMatch(new RegExp(`~ ${TYPE}:Webhook: \\(update\\)[\\s\\S]*?hook-0`));
    expect(preview.stdout).not.toMatch(/\+-/);
    expect(preview.stdout).toMatch(/2 to update/);
    expect(preview.stdout + preview.stderr).not.toContain(ROTATED_TOKEN);

    const up = await pulumi.run(["up", "--yes"]);
    expect(up.stdout).toMatch(/2 updated/);
    expect((await liveMembers()).find((m) => m.name === "user-002")!.role).toBe(40);
    const after = await hook0Hash();
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    await expectNoPlainSecretsInState(pulumi, [...EVERY_SECRET, ROTATED_TOKEN]);
  });

  it("removes every member and webhook, then the repository, on destroy", async () => {
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    const { byRoute } = fixture.requests();
    expect(byRoute[routeKey("deleteRepositoryMember")]).toBe(MEMBER_COUNT);
    expect(byRoute[routeKey("deleteRepositoryWebhook")]).toBe(HOOK_COUNT);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
