/**
 * examples/team-repository-yaml through the real engine and the Pulumi YAML language host: the
 * provider plugin serving every kind the TypeScript example declares, the detailed diff a drift
 * check prints, `pulumi import` of every kind with the code it generates, and bad YAML inputs
 * refused at preview before any API call.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { freshClient } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { pluginYamlProject, withDeployKeyText } from "../support/plugin-yaml";
import { TEAM_YAML_PROGRAM_DIR, initTeamPluginStack } from "../support/team-stack";
import { PLUGIN_TYPE as TYPE, itLeavesTheEmulatorEmpty, teamPluginLifecycle } from "../support/team-plugin-lifecycle";

jest.setTimeout(600_000);



/** Calls that change something, from the emulator's per-route counts. */
function writes(byRoute: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(byRoute).filter(([route]) => !route.startsWith("GET ")));
}

describe("examples/team-repository-yaml (provider plugin)", () => {
  const stack = useE2eStack({ init: (fixture) => initTeamPluginStack(fixture, TEAM_YAML_PROGRAM_DIR) });
  const { fixture, pulumi } = stack;
  // The YAML example also calls a function through the plugin (Invoke): `statisticsCanRun`.
  const resource = teamPluginLifecycle(stack, TEAM_YAML_PROGRAM_DIR, { invokes: true });

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
      writeFileSync(join(project, "Pulumi.yaml"), pluginYamlProject("imported", ""));
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
      const completed = withDeployKeyText(generated, "ci-key", deployPublicKey);
      writeFileSync(join(project, "Pulumi.yaml"), pluginYamlProject("imported", completed));
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
      writeFileSync(join(project, "Pulumi.yaml"), pluginYamlProject("refused", ""));
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

  itLeavesTheEmulatorEmpty(stack);
});
