/**
 * The README's Pulumi YAML quickstart, run as written: its `npm install` (of this working tree's
 * packed package), its Pulumi.yaml verbatim, and its commands against the emulator. The only
 * substitutions are the ones a user makes: the emulator's endpoint for the region, a token for
 * "$(cat token)", and real ids for the placeholders.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { installTarball, packWorkingTree } from "../support/packages";
import { commandsOf, readmeSection } from "../support/readme-section";

jest.setTimeout(600_000);

const PLACEHOLDER_ID = "0123456789abcdef0123456789abcdef";

/** A README command line as argv (double quotes group words). */
function argv(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

describe("README: the Pulumi YAML quickstart", () => {
  const blocks = readmeSection("### Pulumi YAML");
  let fixture: EmulatorFixture;
  let dir: string;
  let pulumi: PulumiSandbox | undefined;

  beforeAll(async () => {
    fixture = await startFixture();
    dir = mkdtempSync(join(tmpdir(), "codeartsrepo-readme-yaml-"));
  });

  afterAll(async () => {
    if (pulumi) await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi?.dispose();
    rmSync(dir, { recursive: true, force: true });
    await fixture.close();
  });

  it("has an install command, a Pulumi.yaml and the commands to run, in that order", () => {
    expect(blocks.map((block) => block.language)).toEqual(["sh", "yaml", "sh"]);
    expect(commandsOf(blocks[0])).toEqual(["npm install pulumi-codeartsrepo @pulumi/pulumi"]);
  });

  it("creates what the Pulumi.yaml declares when its commands are run, and then previews no changes", async () => {
    installTarball(dir, packWorkingTree(dir));
    writeFileSync(join(dir, "Pulumi.yaml"), blocks[1].code);
    pulumi = new PulumiSandbox({ programDir: dir, configInProgramDir: true });
    const bob = fixture.emulator.seed.users.find((user) => user.name === "bob")!.id;
    for (const line of commandsOf(blocks[2])) {
      const args = argv(line);
      expect(args[0]).toBe("pulumi");
      const given = args.slice(1).map((arg) => (arg === "$(cat token)" ? "emulator-token" : arg));
      if (given.join(" ") === "config set codeartsrepo:region cn-north-4") given.splice(2, 2, "codeartsrepo:endpoint", fixture.emulator.url);
      if (given[0] === "config" && given.at(-1) === PLACEHOLDER_ID) given[given.length - 1] = given.at(-2) === "projectId" ? fixture.projectId : bob;
      if (given[0] === "up") given.push("--yes");
      await pulumi.run(given);
    }
    const outputs = await pulumi.outputs();
    expect(outputs.cloneUrl).toMatch(/\/app\.git$/);
    const api = freshClient(fixture);
    const { repositories } = await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId } });
    expect(repositories.map((repository) => repository.repository_name)).toEqual(["app"]);
    const repositoryId = repositories[0].repository_id;
    expect((await api.call("listProtectedBranches", { params: { repository_id: repositoryId } })).map((rule) => rule.name)).toEqual(["master"]);
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });
});
