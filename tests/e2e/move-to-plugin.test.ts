/**
 * Moving a TypeScript stack from dynamic resources to the provider plugin without deleting
 * anything (README "Moving a TypeScript stack…"): `codeartsrepo import --from-stack` writes a YAML
 * project whose import.json names each of the stack's objects by its import id, its README's steps
 * import them with reads only into code that previews with no changes, and its `pulumi state
 * delete` commands make the old stack forget them while every object stays.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { freshClient } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { installTarball, packWorkingTree, repositoryRoot } from "../support/packages";
import { withDeployKeyText } from "../support/plugin-yaml";
import { commandsOf } from "../support/readme-section";
import { TEAM_PROGRAM_DIR, initTeamStack } from "../support/team-stack";

jest.setTimeout(600_000);

const cli = resolve(repositoryRoot, "dist", "cli", "codeartsrepo.js");
const writes = (byRoute: Record<string, number>) => Object.keys(byRoute).filter((route) => !route.startsWith("GET "));

describe("moving examples/team-repository to the provider plugin", () => {
  const { fixture, pulumi } = useE2eStack({ init: initTeamStack });
  let work: string;
  let moved: PulumiSandbox | undefined;
  const dir = () => join(work, "moved");

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "codeartsrepo-move-"));
  });

  afterAll(() => {
    moved?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it("writes a YAML project naming each of the stack's objects by its import id, with no API call", async () => {
    await pulumi.run(["up", "--yes"]);
    fixture.resetRequests();
    const args = [cli, "import", "--from-stack", `${TEAM_PROGRAM_DIR}:${pulumi.stack}`, "--language", "yaml", "--out", dir()];
    const { stderr } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, ...pulumi.environment() } });
    expect(stderr).toContain("import: wrote Pulumi.yaml, package.json, import.json, README.md");
    expect(fixture.requests().total).toBe(0);
    const entries = JSON.parse(readFileSync(join(dir(), "import.json"), "utf8")).resources as Array<{ type: string; name: string; id: string }>;
    const { deployment } = await pulumi.exportState();
    const repository = deployment.resources.find((r) => String(r.type).endsWith(":Repository"))!.outputs;
    expect(Object.fromEntries(entries.map(({ type, name, id }) => [name, `${type.split(":").pop()} ${id}`]))).toEqual({
      team: `Repository ${repository.repositoryUuid}`,
      master: `ProtectedBranch ${repository.repositoryId}/master`,
      "release-tags": `ProtectedTag ${repository.repositoryId}/v*`,
      // A webhook and a deploy key are both "ci" in the TypeScript program; a YAML program keys resources by name alone.
      "ci-deploy-key": expect.stringMatching(new RegExp(`^DeployKey ${repository.repositoryId}/\\d+$`)),
      "ci-webhook": expect.stringMatching(new RegExp(`^Webhook ${repository.repositoryId}/\\d+$`)),
      ...Object.fromEntries(["alice", "bob", "carol"].map((name) => [name, expect.stringMatching(new RegExp(`^Member ${repository.repositoryUuid}/\\S+$`))])),
      operator: expect.stringMatching(/^SSHKey \d+$/),
    });
  });

  it("imports them by its README's steps with reads only, into a YAML program that previews with no changes", async () => {
    installTarball(dir(), packWorkingTree(dir()));
    moved = new PulumiSandbox({ programDir: dir(), configInProgramDir: true });
    await moved.run(["stack", "init", "dev"]);
    await moved.run(["config", "set", "codeartsrepo:endpoint", fixture.emulator.url]);
    await moved.run(["config", "set", "--secret", "codeartsrepo:token", "emulator-token"]);
    fixture.resetRequests();
    await moved.run(["import", "--file", "import.json", "--out", "resources.yaml", "--yes"]);
    expect(writes(fixture.requests().byRoute)).toEqual([]);
    // The deploy key's text, which the service cannot return: the old stack's program has it.
    const key = (await pulumi.run(["config", "get", "deployPublicKey"])).stdout.trim();
    const generated = readFileSync(join(dir(), "resources.yaml"), "utf8");
    const completed = withDeployKeyText(generated, "ci-deploy-key", key);
    writeFileSync(join(dir(), "Pulumi.yaml"), readFileSync(join(dir(), "Pulumi.yaml"), "utf8") + completed);
    const preview = await moved.run(["preview", "--expect-no-changes", "--diff"], { allowFailure: true });
    expect({ code: preview.code, output: preview.code === 0 ? "" : preview.stdout + preview.stderr }).toEqual({ code: 0, output: "" });
  });

  it("makes the old stack forget them with its README's commands, and every object stays", async () => {
    const readme = readFileSync(join(dir(), "README.md"), "utf8");
    const forget = commandsOf({ language: "sh", code: /## Then: the old stack forgets them[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1], line: 0 });
    expect(forget).toHaveLength(9);
    fixture.resetRequests();
    for (const line of forget) {
      const [, urn] = /^pulumi state delete --yes --force '(.+)'$/.exec(line)!;
      await pulumi.run(["state", "delete", "--yes", "--force", urn]);
    }
    // Forgotten, not deleted: the old stack holds nothing of ours, its destroy deletes nothing.
    const { deployment } = await pulumi.exportState();
    expect(deployment.resources.filter((r) => String(r.type).startsWith("pulumi-nodejs:dynamic/codeartsrepo:"))).toEqual([]);
    await pulumi.run(["destroy", "--yes"]);
    expect(writes(fixture.requests().byRoute)).toEqual([]);
    const api = freshClient(fixture);
    expect((await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId } })).total).toBe(1);
    const after = await moved!.run(["preview", "--refresh", "--expect-no-changes", "--diff"], { allowFailure: true });
    expect({ code: after.code, output: after.code === 0 ? "" : after.stdout + after.stderr }).toEqual({ code: 0, output: "" });
  });
});
