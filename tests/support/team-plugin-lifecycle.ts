/**
 * The lifecycle every program of examples/team-repository through the provider plugin goes through
 * (the YAML one, the Python one): `pulumi up` creates every kind with no __provider in the state, a
 * preview right after plans nothing, no secret is stored in plain text, a role changed in the
 * console is named field by field by `pulumi preview --refresh --diff`, found by `codeartsrepo
 * drift` and put back by its `--remediate`, a renamed repository is refused rather than
 * replaced (the same safety rule as the dynamic resources), and `pulumi destroy` leaves the emulator empty.
 * Registered as tests of the enclosing describe block, in that order.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { E2eStack, expectNoChanges } from "./e2e";
import { freshClient } from "./emulator";
import { repositoryRoot } from "./packages";
import { expectNoPlainSecretsInState } from "./state-secrets";
import { TEAM_WEBHOOK_TOKEN } from "./team-stack";

const execFileAsync = promisify(execFile);

/** The plugin's type tokens: `codeartsrepo:index:<Kind>`. */
export const PLUGIN_TYPE = "codeartsrepo:index:";

type StateResource = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Registers the tests from `up` to the drift put back (not the destroy: see itLeavesTheEmulatorEmpty).
 * `invokes`: the program also exports `statisticsCanRun` from a function the plugin serves.
 * `programDir` is the program's directory, for `codeartsrepo drift --cwd`. Returns the resource of
 * a kind and name in the state `up` left, for the tests registered after these.
 */
export function teamPluginLifecycle({ fixture, pulumi }: E2eStack, programDir: string, options: { invokes?: boolean } = {}): (type: string, name: string) => StateResource {
  let state: StateResource[];
  const resource = (type: string, name: string) => state.find((r) => r.type === `${PLUGIN_TYPE}${type}` && String(r.urn).endsWith(`::${name}`))!;

  it("creates every kind with `pulumi up`, with no __provider in the state", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    expect(outputs.masterPushAccess).toBe("noOne");
    expect(outputs.deployKeyFingerprint).toMatch(/^SHA256:/);
    if (options.invokes) expect(outputs.statisticsCanRun).toBe(true);
    const exported = await pulumi.exportState();
    state = exported.deployment.resources;
    expect(state.map((r) => r.type).filter((type) => type.startsWith(PLUGIN_TYPE)).sort()).toEqual(
      ["DeployKey", "Member", "Member", "Member", "ProtectedBranch", "ProtectedTag", "Repository", "SSHKey", "Webhook"].map((t) => PLUGIN_TYPE + t),
    );
    expect(exported.text).not.toContain("__provider");
    const api = freshClient(fixture);
    const repositoryId = resource("Repository", "team").outputs.repositoryId;
    expect((await api.call("listProtectedBranches", { params: { repository_id: repositoryId } })).map((rule) => rule.name)).toEqual(["master"]);
    expect(await api.call("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).toHaveLength(1);
  });

  it("previews no changes right after up, with and without refresh", async () => {
    await expectNoChanges(pulumi);
  });

  it("keeps the webhook token and the credentials out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, [TEAM_WEBHOOK_TOKEN, "emulator-token"]);
  });

  it("names exactly the field changed in the console in its detailed diff, and codeartsrepo drift --remediate puts it back", async () => {
    const api = freshClient(fixture);
    const bob = resource("Member", "bob").outputs;
    await api.call("setRepositoryMemberRole", { params: { repository_uuid: bob.repositoryUuid, member_id: bob.memberId }, body: { role: 40 } });
    const drift = await pulumi.run(["preview", "--refresh", "--diff", "--expect-no-changes"], { allowFailure: true });
    expect(drift.code).not.toBe(0);
    const changed = [...drift.stdout.matchAll(/^\s+~ (\w+): .* => .*$/gm)].map((m) => m[0].trim());
    expect(changed).toHaveLength(1);
    // In the program's words: the service's "Administrator" is the reference's 40, maintainer.
    expect(changed[0]).toBe('~ role: "maintainer" => "developer"');
    expect(drift.stdout).toMatch(/~ codeartsrepo:index:Member: \(update\)\s+\[id=[^\]]+\]\s+\[urn=[^\]]+::bob\]/);

    // `codeartsrepo drift` reads a plugin stack as it reads a dynamic one: the same finding, and
    // `--remediate` puts it back (a targeted `pulumi up --refresh`), then finds the stack clean.
    const dir = mkdtempSync(join(tmpdir(), "codeartsrepo-plugin-drift-"));
    try {
      const drift = (...extra: string[]) => {
        const args = [join(repositoryRoot, "dist", "cli", "codeartsrepo.js"), "drift", "--cwd", programDir, "--stack", pulumi.stack, "--config-file", pulumi.configFile, "--json", join(dir, "drift.json"), ...extra];
        // Not spawnSync: the emulator answers from this process.
        return execFileAsync(process.execPath, args, { env: { ...process.env, ...pulumi.environment() } }).then(
          ({ stderr }) => ({ code: 0, stderr }),
          (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
        );
      };
      expect(await drift()).toEqual({ code: 2, stderr: "" });
      const findings = (JSON.parse(readFileSync(join(dir, "drift.json"), "utf8")) as { findings: Array<Record<string, unknown>> }).findings;
      expect(findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} ${f.severity} ${f.rule}`)).toEqual(["changed Member bob high member-role-raised"]);
      expect(await drift("--remediate")).toEqual({ code: 0, stderr: "" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const members = await api.call("listRepositoryMembers", { params: { repository_uuid: bob.repositoryUuid } });
    expect(members.users.find((member) => member.user_id === bob.memberId)?.role).toBe(30);

    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("refuses to plan replacing the repository when its name changes, naming the field, and changes nothing", async () => {
    await pulumi.run(["config", "set", "repositoryName", "renamed-team"]);
    fixture.resetRequests();
    try {
      const preview = await pulumi.run(["preview", "--diff"], { allowFailure: true });
      expect(preview.code).not.toBe(0);
      expect(preview.stdout + preview.stderr).toMatch(/would have to be replaced — deleted with all its code, then created empty[\s\S]*- name: the program says "renamed-team"/);
      expect(preview.stdout).not.toMatch(/\+-codeartsrepo:index:Repository/);
      expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    } finally {
      await pulumi.run(["config", "rm", "repositoryName"]);
    }
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  return resource;
}

/** Registers the last test: `pulumi destroy` leaves no repository and no SSH key in the emulator. */
export function itLeavesTheEmulatorEmpty({ fixture, pulumi }: E2eStack): void {
  it("leaves the emulator empty after destroy", async () => {
    await pulumi.run(["destroy", "--yes"]);
    const api = freshClient(fixture);
    expect((await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId } })).total).toBe(0);
    expect((await api.call("listSshKeys", { query: { limit: 100 } })).keys).toEqual([]);
  });
}
