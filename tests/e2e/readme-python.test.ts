/**
 * README "Python" as a user follows it, against the emulator: its first commands install the
 * package (the packed working tree in place of the registry's release), generate the SDK from the
 * installed schema and install it into a virtualenv; its Pulumi.yaml and __main__.py are written as
 * shown; its stack commands run as written, but for the region, which becomes the emulator's
 * endpoint, and the ids, which become the emulator's. `pulumi up` then creates what the program
 * declares, and a preview after it plans nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { useE2eStack } from "../support/e2e";
import { freshClient, listRepositoryNames } from "../support/emulator";
import { installTarball, packWorkingTree } from "../support/packages";
import { pinnedPipEnv, run } from "../support/python-sdk";
import { commandsOf, readmeSection } from "../support/readme-section";
import { expectNoPlainSecretsInState } from "../support/state-secrets";
import { PLUGIN_TYPE } from "../support/team-plugin-lifecycle";

jest.setTimeout(600_000);

const blocks = readmeSection("### Python");
const [install, pulumiYaml, mainPy, stackCommands] = blocks;


// Removed after the stack's own afterAll, which destroys the stack from this directory.
let work: string | undefined;
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("README: Python", () => {
  const { fixture, pulumi } = useE2eStack({
    // Only the backend: the README's own `pulumi stack init dev` makes the stack, and its config
    // goes to Pulumi.dev.yaml in the project, where the sandbox's later commands read it.
    init: async () => {
      work = mkdtempSync(join(tmpdir(), "codeartsrepo-readme-python-"));
      return new PulumiSandbox({ programDir: work, configInProgramDir: true });
    },
  });

  /** Runs a README command in the project with the sandbox's backend; `npm install` installs the packed working tree. */
  async function runCommand(line: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
    if (line === "npm install pulumi-codeartsrepo @pulumi/pulumi") {
      installTarball(work!, packWorkingTree(work!));
      return;
    }
    await run("bash", ["-c", line], { cwd: work!, env: { ...pulumi.environment(), ...env } });
  }

  it("shows install commands, a Pulumi.yaml, a __main__.py and stack commands, in that order", () => {
    expect(blocks.map(({ language }) => language)).toEqual(["sh", "yaml", "python", "sh"]);
    expect(pulumiYaml.code).toContain("path: node_modules/pulumi-codeartsrepo/bin");
    expect(mainPy.code).toContain("import pulumi_codeartsrepo as codeartsrepo");
  });

  it("installs the package, then generates the SDK from its schema and installs it into a virtualenv, with its commands", async () => {
    const pip = await pinnedPipEnv(pulumi.root);
    for (const line of commandsOf(install)) await runCommand(line, pip);
    const imported = await run(join(work!, "venv", "bin", "python"), ["-c", "import pulumi_codeartsrepo, importlib.metadata as m; print(m.version('pulumi_codeartsrepo'))"], {
      cwd: work!,
    });
    expect(imported.trim()).toBe(require("../../package.json").version);
  });

  it("creates the repository, its protected branch and the member with its Pulumi.yaml, __main__.py and stack commands", async () => {
    writeFileSync(join(work!, "Pulumi.yaml"), pulumiYaml.code);
    writeFileSync(join(work!, "__main__.py"), mainPy.code);
    writeFileSync(join(work!, "token"), "emulator-token\n");
    const bob = fixture.emulator.seed.users.find((user) => user.name === "bob")!;
    // The README's placeholders, and the emulator's values for them.
    const values: Record<string, string> = { projectId: fixture.projectId, developerId: bob.id };
    for (const line of commandsOf(stackCommands)) {
      const set = /^pulumi config set (\S+) (\S+)$/.exec(line);
      if (set && set[1] === "codeartsrepo:region") await runCommand(`pulumi config set codeartsrepo:endpoint ${fixture.emulator.url}`);
      else if (set) {
        if (!(set[1] in values)) throw new Error(`README "Python" sets ${set[1]}, which this test has no value for`);
        await runCommand(`pulumi config set ${set[1]} ${values[set[1]]}`);
      } else await runCommand(line);
    }

    expect(await listRepositoryNames(fixture)).toEqual(["app"]);
    expect((await pulumi.outputs()).cloneUrl).toMatch(/\/app\.git$/);
    const { deployment } = await pulumi.exportState();
    const kinds = deployment.resources.map((r) => String(r.type)).filter((type) => type.startsWith(PLUGIN_TYPE));
    expect(kinds.sort()).toEqual(["Member", "ProtectedBranch", "Repository"].map((kind) => PLUGIN_TYPE + kind));
    const repository = deployment.resources.find((r) => r.type === `${PLUGIN_TYPE}Repository`)!.outputs;
    const rules = await freshClient(fixture).call("listProtectedBranches", { params: { repository_id: repository.repositoryId } });
    expect(rules.map((rule) => rule.name)).toEqual(["master"]);
    const member = deployment.resources.find((r) => r.type === `${PLUGIN_TYPE}Member`)!.outputs;
    expect({ userId: member.userId, role: member.role }).toEqual({ userId: bob.id, role: "developer" });
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("previews no changes afterwards", async () => {
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });
});
