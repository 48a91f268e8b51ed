/**
 * examples/team-repository-yaml through the real engine and the Pulumi YAML language host: the
 * provider plugin serving every kind the TypeScript example declares, the detailed diff a drift
 * check prints, `pulumi import` of every kind with the code it generates, and bad YAML inputs
 * refused at preview before any API call.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { freshClient } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState } from "../support/state-secrets";
import { TEAM_WEBHOOK_TOKEN, TEAM_YAML_PROGRAM_DIR, initTeamYamlStack } from "../support/team-stack";

jest.setTimeout(600_000);

const execFileAsync = promisify(execFile);

const TYPE = "codeartsrepo:index:";

/** The plugin's directory, as a YAML project outside this repository names it. */
const PLUGIN_DIR = join(__dirname, "..", "..", "bin");

function yamlProject(name: string, body: string): string {
  return `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: codeartsrepo\n      path: ${PLUGIN_DIR}\n${body}`;
}

/** Calls that change something, from the emulator's per-route counts. */
function writes(byRoute: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET ")));
}

describe("examples/team-repository-yaml (provider plugin)", () => {
  const { fixture, pulumi } = useE2eStack({ init: initTeamYamlStack });
  let state: Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const resource = (type: string, name: string) => state.find((r) => r.type === `${TYPE}${type}` && String(r.urn).endsWith(`::${name}`))!;

  it("creates every kind with `pulumi up`, with no __provider in the state", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    expect(outputs.masterPushAccess).toBe("noOne");
    expect(outputs.deployKeyFingerprint).toMatch(/^SHA256:/);
    const exported = await pulumi.exportState();
    state = exported.deployment.resources;
    expect(state.map((r) => r.type).filter((type) => type.startsWith(TYPE)).sort()).toEqual(
      ["DeployKey", "Member", "Member", "Member", "ProtectedBranch", "ProtectedTag", "Repository", "SSHKey", "Webhook"].map((t) => TYPE + t),
    );
    expect(exported.text).not.toContain("__provider");
    const api = freshClient(fixture);
    const repositoryId = resource("Repository", "team").outputs.repositoryId;
    expect((await api.call("listProtectedBranches", { params: { repository_id: repositoryId } })).map((rule) => rule.name)).toEqual(["master"]);
    expect(await api.call("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).toHaveLength(1);
  });

  it("previews no changes right after up, with and without refresh", async () => {
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("keeps the webhook token and the credentials out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, [TEAM_WEBHOOK_TOKEN, "emulator-token"]);
  });

  it("names exactly the field changed in the console in its detailed diff, and puts it back", async () => {
    const api = freshClient(fixture);
    const bob = resource("Member", "bob").outputs;
    await api.call("setRepositoryMemberRole", { params: { repository_uuid: bob.repositoryUuid, member_id: bob.memberId }, body: { role: 40 } });
    const drift = await pulumi.run(["preview", "--refresh", "--diff", "--expect-no-changes"], { allowFailure: true });
    expect(drift.code).not.toBe(0);
    const changed = [...drift.stdout.matchAll(/^\s+~ (\w+): .* => .*$/gm)].map((m) => m[0].trim());
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^~ role: "unknown\(.+\)" => "developer"$/);
    expect(drift.stdout).toMatch(/~ codeartsrepo:index:Member: \(update\)\s+\[id=[^\]]+\]\s+\[urn=[^\]]+::bob\]/);

    // `codeartsrepo drift` reads a plugin stack as it reads a dynamic one: the same finding.
    const report = join(mkdtempSync(join(tmpdir(), "codeartsrepo-yaml-drift-")), "drift.json");
    const cli = join(__dirname, "..", "..", "dist", "cli", "codeartsrepo.js");
    const args = [cli, "drift", "--cwd", TEAM_YAML_PROGRAM_DIR, "--stack", pulumi.stack, "--config-file", pulumi.configFile, "--json", report];
    // Not spawnSync: the emulator answers from this process.
    const run = await execFileAsync(process.execPath, args, { env: { ...process.env, ...pulumi.environment() } }).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(run).toEqual({ code: 2, stderr: "" });
    const findings = (JSON.parse(readFileSync(report, "utf8")) as { findings: Array<Record<string, unknown>> }).findings;
    expect(findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} ${f.severity}`)).toEqual(["changed Member bob high"]);
    rmSync(dirname(report), { recursive: true, force: true });

    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("imports every kind with `pulumi import --file`, with reads only, into code that previews with no changes", async () => {
    const repository = resource("Repository", "team");
    const { repositoryId, repositoryUuid } = repository.outputs;
    // The import id of each kind (README "Import ids"); members by uuid, the rest by integer id.
    const imports = [
      { type: "Repository", name: "team", id: repositoryUuid },
      { type: "ProtectedBranch", name: "master", id: `${repositoryId}/master` },
      { type: "ProtectedTag", name: "release-tags", id: `${repositoryId}/v*` },
      { type: "DeployKey", name: "ci-key", id: `${repositoryId}/${resource("DeployKey", "ci-key").outputs.keyId}` },
      ...["alice", "bob", "carol"].map((name) => ({ type: "Member", name, id: `${repositoryUuid}/${resource("Member", name).outputs.userId}` })),
      { type: "Webhook", name: "ci-hook", id: `${repositoryId}/${resource("Webhook", "ci-hook").outputs.hookId}` },
      { type: "SSHKey", name: "operator", id: resource("SSHKey", "operator").outputs.keyId },
      // Made in the console: kinds the example does not declare.
      { type: "Branch", name: "release", id: `${repositoryId}/release/1.0` },
      { type: "Label", name: "bug", id: `${repositoryUuid}/bug` },
    ];
    const api = freshClient(fixture);
    await api.call("createBranchV4", { params: { repository_id: repositoryId }, body: { branch: "release/1.0", ref: "master" } });
    await api.call("createLabel", { params: { repository_id: repositoryId }, body: { name: "bug", color: "#d73a4a", description: "Something is broken" } });
    const project = mkdtempSync(join(tmpdir(), "codeartsrepo-import-"));
    const importer = new PulumiSandbox({ programDir: project });
    try {
      writeFileSync(join(project, "Pulumi.yaml"), yamlProject("imported", ""));
      await importer.init({ "codeartsrepo:endpoint": fixture.emulator.url }, { "codeartsrepo:token": "emulator-token" });
      writeFileSync(join(project, "import.json"), JSON.stringify({ resources: imports.map(({ type, name, id }) => ({ type: TYPE + type, name, id })) }));
      fixture.resetRequests();
      await importer.run(["import", "--file", "import.json", "--out", "generated.yaml", "--yes"]);
      expect(writes(fixture.requests().byRoute)).toEqual({});

      const { deployment } = await importer.exportState();
      const importedIds = Object.fromEntries(deployment.resources.filter((r) => r.type.startsWith(TYPE)).map((r) => [String(r.urn).split("::").pop(), r.id]));
      // Each imported object is recorded under the id the program's own stack gives it.
      const declared = imports.filter(({ type }) => type !== "Branch" && type !== "Label");
      expect(importedIds).toMatchObject(Object.fromEntries(declared.map(({ type, name }) => [name, resource(type, name).id])));
      expect(importedIds).toMatchObject({ release: `${repositoryId}:release/1.0`, bug: expect.stringMatching(new RegExp(`^${repositoryId}/\\d+$`)) });

      // A deploy key's text cannot be read back: the generated code leaves it for the program to add.
      const generated = readFileSync(join(project, "generated.yaml"), "utf8");
      // (the code generator writes a required string it was not given as "").
      const deployPublicKey = (await pulumi.run(["config", "get", "deployPublicKey"])).stdout.trim();
      const completed = generated.replace(/(\n  ci-key:\n    type: \S+\n    properties:\n      key: )""\n/, `$1${deployPublicKey}\n`);
      expect(completed).not.toBe(generated);
      writeFileSync(join(project, "Pulumi.yaml"), yamlProject("imported", completed));
      const preview = await importer.run(["preview", "--expect-no-changes", "--diff"], { allowFailure: true });
      expect({ code: preview.code, output: preview.code === 0 ? "" : preview.stdout + preview.stderr }).toEqual({ code: 0, output: "" });
    } finally {
      // The imported resources are protected and shared with the team stack, which destroys them.
      importer.dispose();
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("refuses to import a RepositoryStatistics, saying why, and an import id that does not fit, saying the format", async () => {
    const project = mkdtempSync(join(tmpdir(), "codeartsrepo-import-"));
    const importer = new PulumiSandbox({ programDir: project });
    try {
      writeFileSync(join(project, "Pulumi.yaml"), yamlProject("refused", ""));
      await importer.init({ "codeartsrepo:endpoint": fixture.emulator.url }, { "codeartsrepo:token": "emulator-token" });
      const repositoryId = resource("Repository", "team").outputs.repositoryId;
      const statistics = await importer.run(["import", `${TYPE}RepositoryStatistics`, "stats", `${repositoryId}/master`, "--yes"], { allowFailure: true });
      expect(statistics.code).not.toBe(0);
      expect(statistics.stdout + statistics.stderr).toContain("RepositoryStatistics cannot be imported: a statistics run is started by the program that declares it");
      const misfit = await importer.run(["import", `${TYPE}Webhook`, "hook", `${repositoryId}/not-a-number`, "--yes"], { allowFailure: true });
      expect(misfit.code).not.toBe(0);
      expect(misfit.stdout + misfit.stderr).toContain(`The import id "${repositoryId}/not-a-number" of a Webhook must be <repository>/<hookId>: it does not end in a webhook id`);
    } finally {
      importer.dispose();
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("leaves the emulator empty after destroy", async () => {
    await pulumi.run(["destroy", "--yes"]);
    const api = freshClient(fixture);
    expect((await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId } })).total).toBe(0);
    expect((await api.call("listSshKeys", { query: { limit: 100 } })).keys).toEqual([]);
  });
});
