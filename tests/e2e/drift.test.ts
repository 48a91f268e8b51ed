/**
 * `codeartsrepo drift` through the real engine on examples/team-repository: one stack, changed in
 * the "console" (the emulator's API and console controls) step by step, checked with the command
 * a CI job runs.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { GitopsReport } from "../../gitops/report";
import { freshClient, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { roleId, setProtectionRule } from "../support/child-resources";
import { ed25519Key } from "../support/ssh-keys";
import { TEAM_PROGRAM_DIR, TEAM_WEBHOOK_TOKEN, initTeamStack } from "../support/team-stack";
import { sarifSchemaErrors } from "../support/sarif";
import { assertWellFormedXml } from "../support/xml";
import { expectReadmeExample } from "../support/readme-examples";
import type { PulumiSandbox } from "../../scripts/lib/pulumi-cli";

jest.setTimeout(600_000);

const root = resolve(__dirname, "..", "..");
const programDir = TEAM_PROGRAM_DIR;
const cli = join(root, "dist", "cli", "codeartsrepo.js");
/** The console's token, and the one the stack uses (which the last test revokes). */
const ADMIN_TOKEN = "emulator-token";
const STACK_TOKEN = "drift-stack-token-51aa03";

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  json?: GitopsReport;
  markdown: string;
  junit: string;
  sarif: string;
}

describe("codeartsrepo drift on examples/team-repository", () => {
  const { fixture, pulumi } = useE2eStack({
    // Seeded tenant users to add by hand: user-001, user-002.
    emulator: { seedUsers: 2, tokens: [ADMIN_TOKEN, STACK_TOKEN] },
    init: (started) => initTeamStack(started, { repositoryName: "payments-svc" }, { "codeartsrepo:token": STACK_TOKEN }),
  });
  let out: string;
  let repositoryId: number;
  let repositoryUuid: string;
  let outputsOf: (type: string, name: string) => Record<string, any>;

  /**
   * Runs the installed command as CI would, with the sandbox's backend; reads the four reports.
   * `stackArgs` choose the stacks (default: this stack and its config file).
   */
  function codeartsrepo(
    args: string[],
    env: Record<string, string> = {},
    command: "drift" | "preview" = "drift",
    stackArgs = ["--stack", pulumi.stack, "--config-file", pulumi.configFile],
  ): Promise<CommandResult> {
    const files = { json: join(out, "report.json"), markdown: join(out, "report.md"), junit: join(out, "report.xml"), sarif: join(out, "report.sarif") };
    for (const file of Object.values(files)) rmSync(file, { force: true });
    const full = [cli, command, "--cwd", programDir, ...stackArgs, "--json", files.json, "--markdown", files.markdown, "--junit", files.junit, "--sarif", files.sarif, ...args];
    const child = spawn(process.execPath, full, { env: { ...pulumi.environment(), ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    return new Promise((done) =>
      child.on("close", (code) => {
        const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");
        const text = read(files.json);
        done({ code: code ?? -1, stdout, stderr, json: text ? (GitopsReport.parse(JSON.parse(text)) as GitopsReport) : undefined, markdown: read(files.markdown), junit: read(files.junit), sarif: read(files.sarif) });
      }),
    );
  }

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "codeartsrepo-drift-test-"));
    await pulumi.run(["up", "--yes"]);
    // Decrypted, so the secrets-absent check below searches the reports for the real hash and salt.
    const { deployment } = await pulumi.exportState({ showSecrets: true });
    const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";
    const plain = (value: unknown) =>
      value !== null && typeof value === "object" && "plaintext" in value ? JSON.parse((value as { plaintext: string }).plaintext) : value;
    outputsOf = (type, name) => {
      const outputs = deployment.resources.find((r) => r.type === `${TYPE}${type}` && String(r.urn).endsWith(`::${name}`))!.outputs;
      return Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, plain(value)]));
    };
    repositoryId = outputsOf("Repository", "team").repositoryId;
    repositoryUuid = outputsOf("Repository", "team").repositoryUuid;
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** The id the v1 role change takes for a user: the V4 list's numeric user_id. */
  async function findMemberId(api: ReturnType<typeof freshClient>, userId: string): Promise<string> {
    const members = await api.paginate("listMembersV4", { params: { repository_id: repositoryId } });
    return String(members.find((m) => m.user_iam_id === userId)!.user_id);
  }

  it("exits 0 on a stack just applied, posts nothing, and costs at most one API call per resource", async () => {
    fixture.resetRequests();
    const result = await codeartsrepo([]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ version: 1, command: "drift", stack: "dev", summary: { resources: 9, changed: 0, deleted: 0, unmanaged: 0 }, findings: [] });
    expect(result.json!.notes.join(" ")).toMatch(/tokens cannot be read back.*payments-svc · webhook ci/);
    expect(result.markdown).toBe("");
    assertWellFormedXml(result.junit);
    expect(result.junit).toContain('failures="0"');
    const calls = fixture.requests().total;
    process.stdout.write(`drift run on a clean stack: ${calls} API calls for 9 resources\n`);
    expect(calls).toBeLessThanOrEqual(9);
  });

  it("reports each change made in the console, per field, without writing the state", async () => {
    const api = freshClient(fixture);
    const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
    // changed: a member's role, a protection rule, a webhook's target, the repository's description.
    await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: outputsOf("Member", "bob").memberId }, body: { role: 40 } });
    const maintainers = [await roleId(fixture, repositoryId, "Administrator")];
    await setProtectionRule(fixture.emulator.url, { repositoryId, kind: "branch", name: "master", actions: [{ action: "push", enable: true, related_role_ids: maintainers }] });
    const hook = outputsOf("Webhook", "ci");
    await api.call("updateRepositoryWebhook", {
      params: { repository_id: repositoryId, hook_id: hook.hookId },
      body: { url: "https://collector.example.net/hook", name: "ci", token_type: "X-Repo-Token", push_events: true, push_events_branch_regex_filter: hook.branchFilter, tag_push_events: true, merge_requests_events: true, note_events: false },
    });
    const consoleRepository = await fetch(`${fixture.emulator.url}/__emulator/console/repository`, { method: "PUT", body: JSON.stringify({ uuid: repositoryUuid, description: "edited in the console" }) });
    expect(consoleRepository.ok).toBe(true);
    // deleted: the CI deploy key.
    await api.call("deleteDeployKey", { params: { repository_id: repositoryId, key_id: Number(outputsOf("DeployKey", "ci").keyId) } });
    // unmanaged: a member and a deploy key that can push, added by hand.
    await api.call("addRepositoryMembers", { params: { repository_uuid: repositoryUuid }, body: { users: [{ id: users["user-001"], name: "user-001", role: 30 }] } });
    await api.call("createDeployKey", { params: { repository_id: repositoryId }, body: { key: ed25519Key("laptop@example"), key_title: "laptop", can_push: true, application: "" } });

    const before = (await pulumi.exportState()).text;
    const result = await codeartsrepo([]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    const report = result.json!;
    expect(report.summary).toEqual({ resources: 9, changed: 4, deleted: 1, unmanaged: 2 });
    const brief = report.findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} | ${f.object} | ${f.severity} ${f.rule}`);
    expect(brief).toEqual([
      "deleted DeployKey ci | payments-svc · deploy key ci (read-only) | medium deploy-key-removed",
      "changed Repository team | payments-svc | low descriptive-field-changed",
      "changed Member bob | payments-svc · member bob | high member-role-raised",
      "changed ProtectedBranch master | payments-svc · protected branch master | high protection-loosened",
      "changed Webhook ci | payments-svc · webhook ci | high webhook-target-changed",
      "unmanaged DeployKey laptop | payments-svc · deploy key laptop | high deploy-key-unmanaged",
      "unmanaged Member user-001 | payments-svc · member user-001 | high member-unmanaged",
    ]);
    const fieldsOf = (kind: string, name: string, type: string) => report.findings.find((f) => f.kind === kind && f.name === name && f.resourceType === type)!.fields;
    // The escalation in the program's words: the service's "Administrator" is the reference's 40, maintainer.
    expect(fieldsOf("changed", "bob", "Member")).toEqual([{ field: "role", recorded: "developer", live: "maintainer", desired: "developer" }]);
    expect(fieldsOf("changed", "master", "ProtectedBranch")).toEqual([
      { field: "pushAccess", recorded: "noOne", live: "custom (roles: Administrator)", desired: "noOne", note: expect.stringContaining("no access level names this whitelist") },
    ]);
    expect(fieldsOf("changed", "ci", "Webhook")).toEqual([{ field: "url", recorded: "https://ci.example.com/hooks/codearts", live: "https://collector.example.net/hook", desired: "https://ci.example.com/hooks/codearts" }]);
    expect(fieldsOf("changed", "team", "Repository")).toEqual([{ field: "description", recorded: "Service owned by the platform team", live: "edited in the console", desired: "Service owned by the platform team" }]);
    expect(fieldsOf("deleted", "ci", "DeployKey")).toEqual(expect.arrayContaining([{ field: "canPush", recorded: false, live: null, desired: false }, { field: "title", recorded: "ci (read-only)", live: null, desired: "ci (read-only)" }]));
    expect(fieldsOf("unmanaged", "user-001", "Member")).toEqual([{ field: "userId", recorded: null, live: users["user-001"], desired: null }, { field: "role", recorded: null, live: "developer", desired: null }]);
    // What prune needs to remove exactly this object, and nothing else.
    expect(report.findings.find((f) => f.name === "user-001")!.identity).toEqual({ repositoryId, repositoryUuid, id: users["user-001"], name: "user-001" });
    expect(fieldsOf("unmanaged", "laptop", "DeployKey")).toEqual([
      { field: "title", recorded: null, live: "laptop", desired: null },
      { field: "fingerprint", recorded: null, live: expect.stringMatching(/^SHA256:/), desired: null },
    ]);
    // Markdown: a short table first, the fields collapsed; JUnit: one failing case per finding.
    expect(result.markdown).toMatch(/^### codeartsrepo drift — stack `dev`\n\n\*\*4 changed, 1 deleted, 2 unmanaged \(9 resources\)\*\*/);
    expect(result.markdown).toContain("| changed | payments-svc · member bob | Member bob | role | high (member-role-raised) |");
    expect(result.markdown).toContain("<details>");
    assertWellFormedXml(result.junit);
    expect(result.junit.match(/<failure /g)).toHaveLength(7);
    expect(result.junit).toContain('<testcase classname="codeartsrepo.drift.Member" name="payments-svc · member user-001">');
    // SARIF: valid by the schema, one result per finding at the stack's config file, relative to where the job runs.
    const sarif = JSON.parse(result.sarif);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const results = sarif.runs[0].results as Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    expect(results.map((r) => r.ruleId)).toEqual(report.findings.map((f) => f.rule));
    expect(results.map((r) => r.level)).toEqual(report.findings.map((f) => ({ high: "error", medium: "warning", low: "note" })[f.severity]));
    expect(new Set(results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))).toEqual(new Set([relative(process.cwd(), pulumi.configFile).split(sep).join("/")]));
    expect(results.find((r) => r.ruleId === "member-role-raised")!.message.text).toBe(
      "payments-svc · member bob (Member bob): role recorded developer, live maintainer, program developer",
    );
    // Nothing written: the state is what it was.
    expect((await pulumi.exportState()).text).toBe(before);
    // No secret, nor anything derived from one, in any format or on the terminal.
    const { tokenHash, tokenSalt } = outputsOf("Webhook", "ci");
    for (const text of [JSON.stringify(report), result.markdown, result.junit, result.sarif, result.stdout]) {
      for (const secret of [TEAM_WEBHOOK_TOKEN, STACK_TOKEN, tokenHash, tokenSalt]) expect(text).not.toContain(secret);
    }
    // The README's Drift section shows this very run.
    const stable = (text: string) =>
      text
        .replace(/"generatedAt": "[^"]+"/g, '"generatedAt": "2026-12-03T02:00:00.000Z"')
        .replace(/timestamp="[^"]+"/g, 'timestamp="2026-12-03T02:00:00.000Z"')
        .replace(/SHA256:[A-Za-z0-9+/]{43}/g, "SHA256:…")
        // Each run makes new keys, and the emulator numbers repositories by its own counter.
        .replace(/ssh-ed25519 AAAA[A-Za-z0-9+/=]+/g, "ssh-ed25519 AAAA…")
        .replace(/"repositoryId": \d+/g, '"repositoryId": 468480')
        .replaceAll(repositoryUuid, "<repository uuid>")
        .replaceAll(users["user-001"], "<user-001's IAM id>");
    expectReadmeExample("drift-text", stable(result.stdout));
    expectReadmeExample("drift-markdown", stable(result.markdown));
    const excerpt = { ...report, findings: report.findings.filter((f) => f.name === "bob" || f.name === "user-001") };
    expectReadmeExample("drift-json", stable(JSON.stringify(excerpt, null, 2)));
    expectReadmeExample("drift-junit", /^ *<testcase classname="codeartsrepo\.drift\.Member" name="payments-svc · member bob">[\s\S]*?<\/testcase>$/m.exec(result.junit)![0]);
    const escalation = { rule: sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === "member-role-raised"), result: results.find((r) => r.ruleId === "member-role-raised") };
    // The job's directory is this test's: the file is shown where a repository would keep it.
    expectReadmeExample("drift-sarif", stable(JSON.stringify(escalation, null, 2)).replace(/"uri": "[^"]*Pulumi\.dev\.yaml"/, '"uri": "infra/Pulumi.dev.yaml"'));
  });

  it("leaves out what the ignore file names, objects and single fields", async () => {
    const ignore = join(out, "drift-ignore");
    writeFileSync(ignore, ["# granted until the migration ends", "Member user-*", "DeployKey laptop", "Repository team description", ""].join("\n"));
    const result = await codeartsrepo(["--ignore", ignore]);
    expect(result.code).toBe(2);
    expect(result.json!.summary).toEqual({ resources: 9, changed: 3, deleted: 1, unmanaged: 0 });
    expect(result.json!.notes).toContain("Left out by the ignore rules: 2 object(s), 1 field(s).");
  });

  it("--remediate restores changed and deleted resources, never touches the repository, leaves unmanaged objects alone", async () => {
    const ignore = join(out, "drift-ignore");
    fixture.resetRequests();
    const remediated = await codeartsrepo(["--remediate", "--ignore", ignore]);
    expect(remediated.stderr).toBe("");
    expect(remediated.code).toBe(0);
    expect(remediated.json!.summary).toEqual({ resources: 9, changed: 0, deleted: 0, unmanaged: 0 });
    const routes = Object.keys(fixture.requests().byRoute);
    expect(routes.filter((route) => /repositories\/\{repository_uuid\}$/.test(route) && !route.startsWith("GET"))).toEqual([]);
    expect(routes).not.toContain(routeKey("createRepository"));
    // Without the ignore file, what is left is exactly what remediation must not touch.
    const after = await codeartsrepo([]);
    expect(after.code).toBe(2);
    expect(after.json!.findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} ${f.severity}`)).toEqual([
      "changed Repository team low",
      "unmanaged DeployKey laptop high",
      "unmanaged Member user-001 high",
    ]);
    // --fail-on: the high findings ignored, a low one is still reported but fails nothing at medium.
    const accepted = join(out, "accepted-access");
    writeFileSync(accepted, "Member user-*\nDeployKey laptop\n");
    const medium = await codeartsrepo(["--ignore", accepted, "--fail-on", "medium"]);
    expect({ code: medium.code, findings: medium.json!.findings.map((f) => `${f.kind} ${f.name} ${f.severity}`) }).toEqual({ code: 0, findings: ["changed team low"] });
    expect((await codeartsrepo(["--ignore", accepted, "--fail-on", "low"])).code).toBe(2);
    expect((await codeartsrepo(["--fail-on", "high"])).code).toBe(2);
    const bad = await codeartsrepo(["--fail-on", "critical"]);
    expect({ code: bad.code, stderr: bad.stderr.trim() }).toEqual({ code: 1, stderr: 'codeartsrepo drift: --fail-on must be one of high, medium, low, not "critical"' });
    const repository = await freshClient(fixture).call("showRepository", { params: { repository_uuid: repositoryUuid } });
    expect(repository.repository_id).toBe(repositoryId);
  });

  it("exits 1, never 2, when the run fails: unknown stack, broken credential", async () => {
    const unknown = await codeartsrepo(["--stack", "no-such-stack"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/codeartsrepo drift: cannot open stack no-such-stack/);
    expect(unknown.json).toBeUndefined();

    // The stack's token revoked in the console: the refresh is refused with 401.
    const settings = (body: object) => fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify(body) });
    expect((await settings({ staticTokens: [ADMIN_TOKEN] })).ok).toBe(true);
    try {
      const denied = await codeartsrepo([]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/codeartsrepo drift: refresh failed: .*401/);
      expect(denied.json).toBeUndefined();
    } finally {
      await settings({ staticTokens: [ADMIN_TOKEN, STACK_TOKEN] });
    }
  });

  it("names each live role by the evidence there is, in a tenant whose role names are not the user guide's, and says why when none does", async () => {
    const api = freshClient(fixture);
    const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
    const memberRoles = (roles: object | null) => fetch(`${fixture.emulator.url}/__emulator/member-roles`, { method: "PUT", body: JSON.stringify({ repositoryId, roles }) });
    // 40 keeps its id under a name no document gives; 20 gets a new id and name nobody recorded.
    expect((await memberRoles({ "40": { name: "Repository owner" }, "20": { id: "guest-role-7", name: "Guest" } })).ok).toBe(true);
    const member = (userId: string) => findMemberId(api, userId);
    try {
      await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: await member(users.bob) }, body: { role: 40 } });
      await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: await member(users["user-001"]) }, body: { role: 40 } });
      await api.call("addRepositoryMembers", { params: { repository_uuid: repositoryUuid }, body: { users: [{ id: users["user-002"], name: "user-002", role: 20 }] } });
      fixture.resetRequests();
      const result = await codeartsrepo([]);
      expect(result.code).toBe(2);
      const members = result.json!.findings.filter((f) => f.resourceType === "Member");
      expect(members.map((f) => ({ kind: f.kind, name: f.name, rule: f.rule, role: f.fields.find((field) => field.field === "role") }))).toEqual([
        // bob's new id is nobody's record and its name no document's: the v1 list's code 40 names it.
        { kind: "changed", name: "bob", rule: "member-role-raised", role: { field: "role", recorded: "developer", live: "maintainer", desired: "developer" } },
        // The id alice's membership recorded as maintainer names it, at no call.
        { kind: "unmanaged", name: "user-001", rule: "member-unmanaged", role: { field: "role", recorded: null, live: "maintainer", desired: null } },
        // No evidence: the service's name, and why.
        {
          kind: "unmanaged",
          name: "user-002",
          rule: "member-unmanaged",
          role: { field: "role", recorded: null, live: "unknown(Guest)", desired: null, note: expect.stringContaining('the service names the role "Guest" (role id guest-role-7)') },
        },
      ]);
      // carol's role id changed too, but the v1 code says she is still a reader: no finding. The
      // v1 list was read once for the repository, because one member's role needed it.
      expect(members.some((f) => f.name === "carol")).toBe(false);
      expect(fixture.requests().byRoute[routeKey("listRepositoryMembers")]).toBe(1);
      expect(result.stdout).toContain('why: the service names the role "Guest"');
    } finally {
      expect((await memberRoles(null)).ok).toBe(true);
      await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: await member(users.bob) }, body: { role: 30 } });
    }
  });

  it("checks several stacks in one report: --stacks and --all-stacks; an unknown stack fails before any is checked", async () => {
    let prod: PulumiSandbox | undefined;
    try {
      prod = await initTeamStack(fixture, { repositoryName: "payments-prod", userPublicKey: ed25519Key("prod-operator@example") }, { "codeartsrepo:token": STACK_TOKEN }, { stack: "prod", besides: pulumi });
      await prod.run(["up", "--yes"]);
      const prodRepository = (await prod.exportState()).deployment.resources.find((r) => String(r.urn).endsWith("::team"))!.outputs;
      await freshClient(fixture).call("createDeployKey", {
        params: { repository_id: prodRepository.repositoryId },
        body: { key: ed25519Key("prod-laptop@example"), key_title: "prod laptop", can_push: true, application: "" },
      });
      const eachStack = ["--config-file", join(pulumi.root, "Pulumi.{stack}.yaml")];
      const both = await codeartsrepo([], {}, "drift", ["--stacks", "dev,prod", ...eachStack]);
      expect(both.stderr).toBe("");
      expect(both.code).toBe(2);
      const report = both.json!;
      expect({ stack: report.stack, stacks: report.stacks }).toEqual({ stack: "dev,prod", stacks: ["dev", "prod"] });
      expect(report.summary.resources).toBe(18);
      expect(report.findings.map((f) => `${f.stack} ${f.kind} ${f.object}`)).toEqual([
        "dev changed payments-svc",
        "dev unmanaged payments-svc · deploy key laptop",
        "dev unmanaged payments-svc · member user-001",
        "dev unmanaged payments-svc · member user-002",
        "prod unmanaged payments-prod · deploy key prod laptop",
      ]);
      expect(both.stdout).toContain("prod: payments-prod · deploy key prod laptop");
      expect(both.markdown).toContain("| unmanaged | prod | payments-prod · deploy key prod laptop |");
      assertWellFormedXml(both.junit);
      expect(both.junit).toContain('classname="codeartsrepo.drift.prod.DeployKey"');
      const all = await codeartsrepo([], {}, "drift", ["--all-stacks", ...eachStack]);
      expect(all.json!.stacks).toEqual(["dev", "prod"]);
      expect(all.json!.findings).toHaveLength(report.findings.length);

      fixture.resetRequests();
      const unknown = await codeartsrepo([], {}, "drift", ["--stacks", "dev,nope", ...eachStack]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/cannot open stack nope/);
      expect(unknown.json).toBeUndefined();
      expect(fixture.requests().total).toBe(0);
      const oneFile = await codeartsrepo([], {}, "drift", ["--stacks", "dev,prod", "--config-file", pulumi.configFile]);
      expect(oneFile.code).toBe(1);
      expect(oneFile.stderr).toMatch(/--config-file names each stack's file with \{stack\}/);
    } finally {
      await prod?.run(["destroy", "--yes"], { allowFailure: true });
      await prod?.run(["stack", "rm", "--yes"], { allowFailure: true });
    }
  });

  it("ranks each console change by the direction of privilege: wider is high, narrower medium, a description low", async () => {
    const api = freshClient(fixture);
    const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
    const hook = outputsOf("Webhook", "ci");
    // Wider: the repository made public, the CI hook sent notes too, a tag rule removed, a hook added by hand.
    const visibility = await fetch(`${fixture.emulator.url}/__emulator/console/repository`, { method: "PUT", body: JSON.stringify({ uuid: repositoryUuid, visibility: "public" }) });
    expect(visibility.ok).toBe(true);
    await api.call("updateRepositoryWebhook", {
      params: { repository_id: repositoryId, hook_id: hook.hookId },
      body: { url: hook.url, name: "ci", token_type: "X-Repo-Token", push_events: true, push_events_branch_regex_filter: hook.branchFilter, tag_push_events: true, merge_requests_events: true, note_events: true },
    });
    await api.call("deleteProtectedTag", { params: { repository_id: repositoryId }, query: { tag_name: "v*" } });
    await api.call("createRepositoryWebhook", { params: { repository_id: repositoryId }, body: { url: "https://audit.example.org/in", name: "audit", push_events: true } });
    // Narrower: bob lowered to reader, merging into master closed to everyone, carol and the operator's key removed, a rule added by hand.
    await api.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: await findMemberId(api, users.bob) }, body: { role: 20 } });
    await setProtectionRule(fixture.emulator.url, { repositoryId, kind: "branch", name: "master", actions: [{ action: "push", enable: true }, { action: "merge", enable: true }] });
    await api.call("deleteRepositoryMember", { params: { repository_uuid: repositoryUuid, member_id: await findMemberId(api, users.carol) } });
    await api.call("deleteSshKey", { params: { key_id: Number(outputsOf("SSHKey", "operator").keyId) } });
    await setProtectionRule(fixture.emulator.url, { repositoryId, kind: "branch", name: "release", actions: [{ action: "push", enable: true }] });

    const result = await codeartsrepo([]);
    expect(result.code).toBe(2);
    const ranked = Object.fromEntries(result.json!.findings.map((f) => [`${f.kind} ${f.resourceType} ${f.name}`, `${f.severity} ${f.rule}`]));
    expect(ranked).toEqual({
      "changed Repository team": "high repository-visibility-widened",
      "changed Webhook ci": "high webhook-scope-widened",
      "deleted ProtectedTag release-tags": "high protection-removed",
      "unmanaged Webhook audit": "high webhook-unmanaged",
      "changed Member bob": "medium member-role-lowered",
      "changed ProtectedBranch master": "medium protection-tightened",
      "deleted Member carol": "medium member-removed",
      "deleted SSHKey operator": "medium ssh-key-removed",
      "unmanaged ProtectedBranch release": "medium protection-unmanaged",
      // Left from the earlier tests.
      "unmanaged DeployKey laptop": "high deploy-key-unmanaged",
      "unmanaged Member user-001": "high member-unmanaged",
      "unmanaged Member user-002": "high member-unmanaged",
    });
    // In the program's words: bob is a reader now, master merges are "noOne", the unmanaged rule reads as a level.
    const field = (name: string, type: string, key: string) => result.json!.findings.find((f) => f.name === name && f.resourceType === type)!.fields.find((f) => f.field === key);
    expect(field("bob", "Member", "role")).toMatchObject({ recorded: "developer", live: "reader" });
    expect(field("master", "ProtectedBranch", "mergeAccess")).toMatchObject({ recorded: "maintainers", live: "noOne" });
    expect(field("release", "ProtectedBranch", "pushAccess")).toMatchObject({ recorded: null, live: "noOne" });
    expect(field("team", "Repository", "visibility")).toMatchObject({ recorded: "private", live: "public" });
    // --fail-on high still fails: widened access is there.
    expect((await codeartsrepo(["--fail-on", "high"])).code).toBe(2);
  });

  it("codeartsrepo preview: exit 0 when the program matches the stack", async () => {
    const result = await codeartsrepo([], {}, "preview");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.json).toMatchObject({ version: 1, command: "preview", stack: "dev", summary: { resources: 9, create: 0, update: 0, replace: 0, delete: 0 }, findings: [] });
    expect(result.markdown).toBe("");
  });

  it("codeartsrepo preview: exit 2 with each planned change per field, replacements flagged", async () => {
    const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
    const newKey = ed25519Key("ci-rotated@example");
    await pulumi.run(["config", "set", "members", JSON.stringify([{ id: users.alice, name: "alice", role: "maintainer" }, { id: users.bob, name: "bob", role: "maintainer" }])]);
    await pulumi.run(["config", "set", "webhookUrl", "https://ci.example.com/hooks/v2"]);
    await pulumi.run(["config", "set", "deployPublicKey", newKey]);
    const oldKey = outputsOf("DeployKey", "ci").key;
    const result = await codeartsrepo([], {}, "preview");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    const report = result.json!;
    expect(report.summary).toEqual({ resources: 9, create: 0, update: 2, replace: 1, delete: 1 });
    expect(report.findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} | ${f.object} | ${f.severity}`)).toEqual([
      "delete Member carol | payments-svc · member carol | medium",
      "replace DeployKey ci | payments-svc · deploy key ci (read-only) | medium",
      "update Member bob | payments-svc · member bob | low",
      "update Webhook ci | payments-svc · webhook ci | low",
    ]);
    const fieldsOf = (kind: string, type: string) => report.findings.find((f) => f.kind === kind && f.resourceType === type)!.fields;
    expect(fieldsOf("update", "Member")).toEqual([{ field: "role", recorded: "developer", live: null, desired: "maintainer" }]);
    expect(fieldsOf("update", "Webhook")).toEqual([{ field: "url", recorded: "https://ci.example.com/hooks/codearts", live: null, desired: "https://ci.example.com/hooks/v2" }]);
    expect(fieldsOf("replace", "DeployKey")).toEqual([{ field: "key", recorded: oldKey, live: null, desired: newKey, forcesReplacement: true }]);
    expect(result.markdown).toContain("| key **(replaces)** |");
    assertWellFormedXml(result.junit);
    expect(result.junit.match(/<failure /g)).toHaveLength(4);
    expect(sarifSchemaErrors(JSON.parse(result.sarif))).toEqual([]);
    for (const text of [JSON.stringify(report), result.markdown, result.junit, result.sarif, result.stdout]) {
      for (const secret of [TEAM_WEBHOOK_TOKEN, STACK_TOKEN]) expect(text).not.toContain(secret);
    }
  });

  it("codeartsrepo preview: exit 1 when the preview fails (a repository replacement the provider refuses)", async () => {
    await pulumi.run(["config", "set", "repositoryName", "renamed-svc"]);
    const result = await codeartsrepo([], {}, "preview");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/codeartsrepo preview: preview failed: .*name/);
    expect(result.json).toBeUndefined();
  });
});
