/**
 * examples/team-repository through the real engine: every resource kind at once, the drift a
 * scheduled check must catch, and the same program under a flaky service.
 */
import { PulumiSandbox, PulumiResult } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { TEAM_WEBHOOK_TOKEN as WEBHOOK_TOKEN, initTeamStack } from "../support/team-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";
/** What the emulator holds once the example is applied (the creator joins every repository as maintainer). */
const TEAM_AS_DECLARED = {
  repositories: 1,
  protectedBranches: ["master"],
  protectedTags: ["v*"],
  deployKeys: 1,
  hooks: 1,
  members: ["alice:40", "bob:30", "carol:20", "emulator-admin:40"],
  sshKeys: 1,
};

/** "Kind name operation" for every resource a preview plans to change (refresh lines excluded). */
function plannedChanges(result: PulumiResult): string[] {
  const pattern = new RegExp(`^\\s*(?:\\+-|[+~-])\\s+${TYPE.replace(/[/]/g, "\\/")}(\\w+)\\s+(\\S+)\\s+(create|update|replace|delete)\\s*$`, "gm");
  return [...(result.stdout + result.stderr).matchAll(pattern)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
}

/** What the emulator holds, as "Kind name" lines comparable with the state. */
async function liveObjects(fixture: EmulatorFixture, repositoryId: number, repositoryUuid: string) {
  const api = freshClient(fixture);
  const members = (await api.call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } })).users;
  return {
    repositories: (await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } })).repositories.length,
    protectedBranches: (await api.call("listProtectedBranches", { params: { repository_id: repositoryId } })).map((r) => r.name),
    protectedTags: (await api.call("listProtectedTags", { params: { repository_id: repositoryId } })).map((r) => r.name),
    deployKeys: (await api.call("listDeployKeys", { params: { repository_id: repositoryId } })).length,
    hooks: (await api.call("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).length,
    members: members.map((m) => `${m.name}:${m.role}`).sort(),
    sshKeys: (await api.call("listSshKeys", { query: { limit: 100 } })).keys.length,
  };
}

describe("examples/team-repository", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;
  let repositoryId: number;
  let repositoryUuid: string;

  beforeAll(async () => {
    fixture = await startFixture();
    pulumi = await initTeamStack(fixture);
  });

  afterAll(async () => {
    await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi.dispose();
    await fixture.close();
  });

  it("creates every resource with `pulumi up`, with useful outputs", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    repositoryUuid = outputs.repositoryUuid as string;
    const { deployment } = await pulumi.exportState();
    repositoryId = deployment.resources.find((r) => r.type === `${TYPE}Repository`)!.outputs.repositoryId;
    expect(outputs.protection).toEqual({ master: "push: noOne, merge: maintainers", tags: "v* created by maintainers" });
    expect(outputs.memberRoles).toEqual({ alice: "maintainer", bob: "developer", carol: "reader" });
    expect(outputs.deployKeyFingerprint).toMatch(/^SHA256:/);
    expect(await liveObjects(fixture, repositoryId, repositoryUuid)).toEqual(TEAM_AS_DECLARED);
  });

  it("previews no changes right after up, with and without refresh", async () => {
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("keeps the webhook token and the credentials out of the state", async () => {
    const { text } = await pulumi.exportState();
    expect(text).not.toContain(WEBHOOK_TOKEN);
    expect(text).not.toContain("emulator-token");
  });

  it("names exactly the four resources changed in the console, and puts them back", async () => {
    const api = freshClient(fixture);
    const { deployment } = await pulumi.exportState();
    const outputsOf = (type: string, name: string) => deployment.resources.find((r) => r.type === `${TYPE}${type}` && String(r.urn).endsWith(`::${name}`))!.outputs;
    await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: outputsOf("Member", "bob").memberId }, body: { role: 40 } });
    await api.call("deleteProtectedBranch", { params: { repository_id: repositoryId }, query: { branch_name: "master" } });
    await api.call("deleteRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: outputsOf("Webhook", "ci").hookId } });
    await api.call("deleteDeployKey", { params: { repository_id: repositoryId, key_id: Number(outputsOf("DeployKey", "ci").keyId) } });

    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(drift.code).not.toBe(0);
    expect(plannedChanges(drift)).toEqual(["DeployKey ci create", "Member bob update", "ProtectedBranch master create", "Webhook ci create"]);

    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    expect(await liveObjects(fixture, repositoryId, repositoryUuid)).toMatchObject({
      protectedBranches: ["master"],
      deployKeys: 1,
      hooks: 1,
      members: ["alice:40", "bob:30", "carol:20", "emulator-admin:40"],
    });
  });

  it("leaves the emulator empty after destroy", async () => {
    await pulumi.run(["destroy", "--yes"]);
    const api = freshClient(fixture);
    expect((await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId } })).total).toBe(0);
    expect((await api.call("listSshKeys", { query: { limit: 100 } })).keys).toEqual([]);
  });
});

describe("examples/team-repository on a flaky service (fault rate 0.2)", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    fixture = await startFixture({ faultRate: 0.2 });
    pulumi = await initTeamStack(fixture, { "codeartsrepo:maxRetries": "8", repositoryName: "flaky-team" });
  });

  afterAll(async () => {
    await fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ faultRate: 0 }) });
    await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi.dispose();
    await fixture.close();
  });

  it("converges with the emulator holding exactly what the state holds: no duplicates, no orphans", async () => {
    await pulumi.run(["up", "--yes"]);
    const faults = fixture.requests().faults;
    await fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ faultRate: 0 }) });
    const { deployment } = await pulumi.exportState();
    const repo = deployment.resources.find((r) => r.type === `${TYPE}Repository`)!;
    const count = (type: string) => deployment.resources.filter((r) => r.type === `${TYPE}${type}`).length;
    const live = await liveObjects(fixture, repo.outputs.repositoryId, repo.id);
    process.stdout.write(`faults injected during up: ${JSON.stringify(faults)}\n`);
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(live).toEqual({
      repositories: count("Repository"),
      protectedBranches: ["master"],
      protectedTags: ["v*"],
      deployKeys: count("DeployKey"),
      hooks: count("Webhook"),
      // The creator joins every repository as maintainer; the program's three members are the rest.
      members: ["alice:40", "bob:30", "carol:20", "emulator-admin:40"],
      sshKeys: count("SSHKey"),
    });
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });
});

describe("examples/team-repository signed with an access key pair, debug logging on", () => {
  const SECRET_KEY = "team-secret-key-5e0a77";
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    fixture = await startFixture({ accessKey: "TEAMACCESSKEY0001", secretKey: SECRET_KEY });
    pulumi = await initTeamStack(fixture, { "codeartsrepo:accessKey": "TEAMACCESSKEY0001", repositoryName: "signed-team" }, { "codeartsrepo:secretKey": SECRET_KEY });
  });

  afterAll(async () => {
    await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi.dispose();
    await fixture.close();
  });

  it("works, and neither the secret key nor the webhook token appears in the output or the state", async () => {
    const { stdout, stderr } = await pulumi.run(["up", "--yes"], { env: { CODEARTSREPO_DEBUG: "1" } });
    const printed = stdout + stderr;
    expect(printed).toMatch(/\[codeartsrepo\] POST \/v4\/repositories\/\d+\/hooks -> 20\d/);
    expect(fixture.requests().byRoute["POST /v3/auth/tokens"]).toBeUndefined();
    const { text } = await pulumi.exportState();
    for (const secret of [SECRET_KEY, WEBHOOK_TOKEN]) {
      expect(printed).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });
});

describe("examples/team-repository after `pulumi up` is killed mid-way", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    // Slow calls, so that the run is still going when it is killed.
    fixture = await startFixture({ latencyMs: 300 });
    pulumi = await initTeamStack(fixture, { repositoryName: "interrupted-team" });
  });

  afterAll(async () => {
    await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi.dispose();
    await fixture.close();
  });

  it("converges as a user would recover it — cancel, clear pending creates, one adopting up — with no duplicates", async () => {
    fixture.resetRequests();
    const { child, result } = pulumi.start(["up", "--yes"]);
    const exited = new Promise((resolve) => child.once("close", resolve));
    // Die with a create in flight: the emulator counts a request when it arrives, then holds it for
    // its latency, so more creates sent than the CLI has reported created means one is under way.
    const sent = () => Object.entries(fixture.requests().byRoute).filter(([route]) => route.startsWith("POST ")).reduce((n, [, c]) => n + c, 0);
    const created = () => (result().stdout.match(/ created \(/g) ?? []).length;
    const deadline = Date.now() + 120_000;
    while (!(created() >= 2 && sent() > created())) {
      if (Date.now() > deadline) throw new Error(`no create was in flight within 120 s:\n${result().stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const inFlight = sent() - created();
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    expect(inFlight).toBeGreaterThanOrEqual(1);

    // The README's recovery, step by step. A kill can tear the DIY backend's checkpoint; the README
    // says to put back the backup Pulumi wrote before it, which the next step then uses.
    const cancel = await pulumi.run(["cancel", "--yes"], { allowFailure: true });
    if (cancel.code !== 0) {
      expect(cancel.stdout + cancel.stderr).toMatch(/failed to load checkpoint/);
      pulumi.restoreCheckpointBackup();
      await pulumi.run(["cancel", "--yes"]);
    }
    await pulumi.run(["refresh", "--clear-pending-creates", "--yes"]);
    await pulumi.run(["up", "--yes"], { env: { HW_CODEARTSREPO_ADOPT_EXISTING: "true" } });
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);

    const { deployment } = await pulumi.exportState();
    const repo = deployment.resources.find((r) => r.type === `${TYPE}Repository`)!;
    expect(deployment.resources.filter((r) => String(r.type).startsWith(TYPE))).toHaveLength(9);
    expect(await liveObjects(fixture, repo.outputs.repositoryId, repo.id)).toEqual(TEAM_AS_DECLARED);
  });
});
