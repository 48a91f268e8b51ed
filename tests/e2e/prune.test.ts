/**
 * `codeartsrepo prune --from FILE` through the real engine on examples/team-repository: objects
 * added in the "console" (the emulator's API), reported by `codeartsrepo drift --json`, the report
 * reviewed (a finding deleted from the file), then pruned as a CI job would, counting the delete
 * calls the emulator answers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PruneEntry } from "../../gitops/prune";
import { DriftReport, Finding } from "../../gitops/report";
import { CommandRun, runCodeartsrepo } from "../support/codeartsrepo-command";
import { freshClient, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { setProtectionRule } from "../support/child-resources";
import { ed25519Key } from "../support/ssh-keys";
import { TEAM_PROGRAM_DIR, TEAM_WEBHOOK_TOKEN, initTeamStack } from "../support/team-stack";
import { expectReadmeExample } from "../support/readme-examples";
import { commandsOf, readmeSection } from "../support/readme-section";

jest.setTimeout(600_000);

/** The console's token, and the one the stack uses (which one test revokes). */
const ADMIN_TOKEN = "emulator-token";
const STACK_TOKEN = "prune-stack-token-7c2e90";

interface PruneRun extends CommandRun {
  /** stdout's JSON lines. */
  entries: PruneEntry[];
}

/** An entry in brief: "removed DeployKey laptop", "skipped/mismatch Webhook audit". */
const brief = (entry: PruneEntry) => `${entry.action}${entry.skip ? `/${entry.skip}` : ""} ${entry.resourceType} ${entry.identity?.name ?? entry.object}`;

describe("codeartsrepo prune on examples/team-repository", () => {
  const { fixture, pulumi } = useE2eStack({
    // One seeded tenant user, user-001, to add by hand.
    emulator: { seedUsers: 1, tokens: [ADMIN_TOKEN, STACK_TOKEN] },
    init: (started) => initTeamStack(started, { repositoryName: "payments-svc" }, { "codeartsrepo:token": STACK_TOKEN }),
  });
  let out: string;
  let repositoryId: number;
  let repositoryUuid: string;
  let alice: { userId: string; memberId: string };
  /** The report as drift wrote it, and as the reviewer left it (the "build-box" key kept). */
  let report: DriftReport;
  let reviewed: string;

  const run = (args: string[], env: Record<string, string> = {}) => runCodeartsrepo(pulumi, TEAM_PROGRAM_DIR, args, env);

  /** `codeartsrepo prune --from FILE …`, its stack the report's own unless args name one. */
  async function prune(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<PruneRun> {
    const result = await run(["prune", "--from", file, ...args], env);
    const entries = result.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as PruneEntry);
    return { ...result, entries };
  }

  async function driftReport(file: string): Promise<DriftReport> {
    const result = await run(["drift", "--stack", pulumi.stack, "--json", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    return DriftReport.parse(JSON.parse(readFileSync(file, "utf8")));
  }

  function written(name: string, content: unknown): string {
    const file = join(out, name);
    writeFileSync(file, JSON.stringify(content, null, 2));
    return file;
  }

  /** The delete calls the emulator answered since the last reset, by route. */
  const deletes = () => Object.fromEntries(Object.entries(fixture.requests().byRoute).filter(([route]) => route.startsWith("DELETE ")));

  /** What the console lists now: members by name, keys by title, hooks by name, branch rules by name. */
  async function live() {
    const api = freshClient(fixture);
    const params = { params: { repository_id: repositoryId } };
    return {
      members: (await api.paginate("listMembersV4", params)).map((member) => member.user_name).sort(),
      keys: (await api.paginate("listDeployKeys", params)).map((key) => key.title).sort(),
      hooks: (await api.paginate("listRepositoryWebhooks", params)).map((hook) => hook.name).sort(),
      branchRules: (await api.paginate("listProtectedBranches", params)).map((rule) => rule.name).sort(),
    };
  }

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "codeartsrepo-prune-test-"));
    await pulumi.run(["up", "--yes"]);
    const { deployment } = await pulumi.exportState();
    const outputsOf = (type: string, name: string) =>
      deployment.resources.find((r) => r.type === `pulumi-nodejs:dynamic/codeartsrepo:${type}` && String(r.urn).endsWith(`::${name}`))!.outputs;
    ({ repositoryId, repositoryUuid } = outputsOf("Repository", "team"));
    alice = outputsOf("Member", "alice");

    // Added by hand in the console: a member, two deploy keys, a webhook and a branch rule.
    const api = freshClient(fixture);
    const intern = fixture.emulator.seed.users.find((user) => user.name === "user-001")!;
    await api.call("addRepositoryMembers", { params: { repository_uuid: repositoryUuid }, body: { users: [{ id: intern.id, name: intern.name, role: 30 }] } });
    for (const title of ["laptop", "build-box"]) {
      await api.call("createDeployKey", { params: { repository_id: repositoryId }, body: { key: ed25519Key(`${title}@example`), key_title: title, can_push: true, application: "" } });
    }
    await api.call("createRepositoryWebhook", { params: { repository_id: repositoryId }, body: { url: "https://audit.example.com/hook", name: "audit", push_events: true } });
    await setProtectionRule(fixture.emulator.url, { repositoryId, kind: "branch", name: "hotfix", actions: [{ action: "push", enable: true }] });

    report = await driftReport(join(out, "report.json"));
    const keep = (finding: Finding) => !(finding.resourceType === "DeployKey" && finding.name === "build-box");
    reviewed = written("reviewed.json", { ...report, findings: report.findings.filter(keep) });
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("drift gives each console-made object an identity to prune it by", () => {
    const unmanaged = report.findings.filter((finding) => finding.kind === "unmanaged");
    expect(unmanaged.map((finding) => `${finding.resourceType} ${finding.name}`).sort()).toEqual([
      "DeployKey build-box",
      "DeployKey laptop",
      "Member user-001",
      "ProtectedBranch hotfix",
      "Webhook audit",
    ]);
    for (const finding of unmanaged) expect(finding.identity).toMatchObject({ repositoryId, repositoryUuid, name: finding.name });
    expect(unmanaged.find((finding) => finding.name === "laptop")!.identity!.fingerprint).toMatch(/^SHA256:/);
  });

  it("--dry-run says what it would remove and that the webhook changed since the report: exit 2, no delete call", async () => {
    // Renamed after the report: no longer the object the reviewer agreed to remove.
    const hook = (await freshClient(fixture).paginate("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).find((h) => h.name === "audit")!;
    await freshClient(fixture).call("updateRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: hook.id }, body: { url: hook.url, name: "audit-v2", push_events: true } });

    fixture.resetRequests();
    const result = await prune(reviewed, ["--dry-run"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    expect(result.entries.map(brief).sort()).toEqual([
      "skipped/mismatch Webhook audit",
      "would-remove DeployKey laptop",
      "would-remove Member user-001",
      "would-remove ProtectedBranch hotfix",
    ]);
    expect(result.entries.find((entry) => entry.resourceType === "Webhook")!.reason).toBe('its name is now "audit-v2"; the report says "audit"');
    for (const entry of result.entries) {
      expect(entry).toMatchObject({ stack: "dev", object: expect.stringMatching(/^payments-svc · /), identity: expect.objectContaining({ repositoryId }) });
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }
    // One list read per kind the file names, and nothing written.
    expect(fixture.requests().byRoute).toEqual({
      [routeKey("listMembersV4")]: 1,
      [routeKey("listDeployKeys")]: 1,
      [routeKey("listRepositoryWebhooks")]: 1,
      [routeKey("listProtectedBranches")]: 1,
    });
  });

  it("removes exactly the listed objects that still match, one delete each: the kept key and the changed webhook stay; exit 2", async () => {
    const stateBefore = (await pulumi.exportState()).text;
    const before = await live();
    expect(before.keys).toEqual(["build-box", "ci (read-only)", "laptop"]);
    fixture.resetRequests();
    const result = await prune(reviewed);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    expect(result.entries.map(brief).sort()).toEqual(["removed DeployKey laptop", "removed Member user-001", "removed ProtectedBranch hotfix", "skipped/mismatch Webhook audit"]);
    expect(deletes()).toEqual({ [routeKey("deleteRepositoryMember")]: 1, [routeKey("deleteDeployKey")]: 1, [routeKey("deleteProtectedBranch")]: 1 });
    expect(await live()).toEqual({
      members: before.members.filter((name) => name !== "user-001"),
      keys: ["build-box", "ci (read-only)"],
      hooks: ["audit-v2", "ci"],
      branchRules: before.branchRules.filter((name) => name !== "hotfix"),
    });
    expect(before.members).toContain("user-001");
    expect(before.branchRules).toContain("hotfix");
    expect((await pulumi.exportState()).text).toBe(stateBefore);
    for (const secret of [TEAM_WEBHOOK_TOKEN, STACK_TOKEN]) expect(result.stdout).not.toContain(secret);
    // The README's Drift section shows this very log, ids and times replaced.
    const intern = fixture.emulator.seed.users.find((user) => user.name === "user-001")!;
    expectReadmeExample(
      "prune-log",
      result.stdout
        .replace(/"at":"[^"]+"/g, '"at":"2026-12-03T02:05:00.000Z"')
        .replace(/"repositoryId":\d+/g, '"repositoryId":468480')
        .replaceAll(repositoryUuid, "<repository uuid>")
        .replaceAll(intern.id, "<user-001's IAM id>")
        .replace(/"id":"\d+"/g, '"id":"<id>"')
        .replace(/SHA256:[A-Za-z0-9+/]{43}/g, "SHA256:…"),
    );
  });

  it("skips, on a second run of the same file, what is no longer listed, and removes nothing", async () => {
    fixture.resetRequests();
    const result = await prune(reviewed);
    expect(result.code).toBe(2);
    expect(result.entries.map(brief).sort()).toEqual(["skipped/gone DeployKey laptop", "skipped/gone Member user-001", "skipped/gone ProtectedBranch hotfix", "skipped/mismatch Webhook audit"]);
    expect(result.entries.find((entry) => entry.resourceType === "DeployKey")!.reason).toMatch(/^no longer listed under id \d+: removed since the report$/);
    expect(deletes()).toEqual({});
  });

  it("never removes an object the stack manages, whatever the file says", async () => {
    const member = report.findings.find((finding) => finding.resourceType === "Member" && finding.kind === "unmanaged")!;
    const smuggled = { ...member, name: "alice", identity: { ...member.identity!, id: alice.userId, name: "alice" } };
    fixture.resetRequests();
    const result = await prune(written("smuggled.json", { ...report, findings: [smuggled] }));
    expect(result.code).toBe(2);
    expect(result.entries.map(brief)).toEqual(["skipped/managed Member alice"]);
    expect(result.entries[0].reason).toMatch(/^resource alice of the stack declares it \(urn:pulumi:dev::.*::alice\); what the stack manages is never pruned$/);
    expect(deletes()).toEqual({});
    expect((await live()).members).toContain("alice");
  });

  it("exits 1 and removes nothing for a file it cannot read or that is no drift report, or a stack the report does not cover", async () => {
    fixture.resetRequests();
    const missing = join(out, "no-such-report.json");
    const unreadable = await prune(missing);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toBe(`codeartsrepo prune: cannot read the drift report ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    expect(unreadable.stdout).toBe("");

    const notes = join(out, "notes.txt");
    writeFileSync(notes, "keep the build-box key\n");
    const notJson = await prune(notes);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^codeartsrepo prune: the drift report .*notes\.txt is not JSON: /);

    const preview = await prune(written("preview.json", { ...report, command: "preview" }));
    expect(preview.code).toBe(1);
    expect(preview.stderr).toMatch(/^codeartsrepo prune: .*preview\.json is not a version 1 report of codeartsrepo drift --json: command: /);

    const otherStack = await prune(reviewed, ["--stack", "prod"]);
    expect(otherStack.code).toBe(1);
    expect(otherStack.stderr).toBe(`codeartsrepo prune: ${reviewed} is a report of stack dev, not of prod\n`);

    const unknown = await prune(written("ghost.json", { ...report, stack: "ghost" }));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^codeartsrepo prune: cannot open stack ghost in /);
    expect(fixture.requests().total).toBe(0);
  });

  it("exits 1 when the service refuses the stack's credential, removing nothing", async () => {
    await freshClient(fixture).call("createDeployKey", { params: { repository_id: repositoryId }, body: { key: ed25519Key("denied@example"), key_title: "denied", can_push: false, application: "" } });
    const file = join(out, "denied.json");
    await driftReport(file);
    const settings = (body: object) => fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify(body) });
    expect((await settings({ staticTokens: [ADMIN_TOKEN] })).ok).toBe(true);
    try {
      fixture.resetRequests();
      const denied = await prune(file);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/^codeartsrepo prune: listing repository \d+'s objects \(list\w+\) failed; nothing was removed: .*401/);
      expect(deletes()).toEqual({});
    } finally {
      await settings({ staticTokens: [ADMIN_TOKEN, STACK_TOKEN] });
    }
    expect((await live()).keys).toContain("denied");
  });

  it("refuses a report made before the stack's state was last written (stale): exit 1, nothing removed", async () => {
    await freshClient(fixture).call("createDeployKey", { params: { repository_id: repositoryId }, body: { key: ed25519Key("stale@example"), key_title: "stale", can_push: false, application: "" } });
    const file = join(out, "stale.json");
    await driftReport(file);
    // The program changes after the report: `up` writes the state.
    await pulumi.run(["config", "set", "webhookUrl", "https://ci.example.com/hooks/v2"]);
    await pulumi.run(["up", "--yes"]);
    fixture.resetRequests();
    const stale = await prune(file);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^codeartsrepo prune: stale: the state of stack dev was written at \S+, after .*stale\.json was made \(\S+\); run codeartsrepo drift again/);
    expect(stale.stdout).toBe("");
    expect(fixture.requests().total).toBe(0);
    expect((await live()).keys).toContain("stale");
  });

  it("runs the README's prune commands (drift, the dry run, prune) on what is left; the next drift finds nothing", async () => {
    const block = readmeSection("## Drift detection").find((candidate) => candidate.language === "sh" && candidate.code.includes("codeartsrepo prune"))!;
    const commands = commandsOf(block);
    expect(commands.map((command) => command.split(" ").slice(0, 3).join(" "))).toEqual(["npx codeartsrepo drift", "npx codeartsrepo prune", "npx codeartsrepo prune"]);
    const report = join(out, "drift.json");
    const codes: number[] = [];
    for (const command of commands) {
      const args = command
        .replace(/^npx codeartsrepo /, "")
        .replace("--stack prod", `--stack ${pulumi.stack}`)
        .split(/\s+/)
        .map((arg) => (arg === "drift.json" ? report : arg));
      codes.push((await run(args)).code);
    }
    // Unmanaged objects found; the reviewer keeps them all in the file: every one would go, then goes.
    expect(codes).toEqual([2, 0, 0]);
    expect((await live()).keys).toEqual(["ci (read-only)"]);
    const after = await run(["drift", "--stack", pulumi.stack]);
    expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: "" });
  });
});
