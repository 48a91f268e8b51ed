/**
 * `codeartsrepo import --language yaml` end to end: the generated project's README steps, run as
 * written against the emulator (npm install of the packed package, `pulumi import --file
 * import.json`, the generated block appended to Pulumi.yaml), import every object with reads only
 * into a YAML program that previews with no changes once the deploy keys' texts are written in.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { EmulatorFixture, startFixture } from "../support/emulator";
import { SeededProject, seedImportProject } from "../support/import-project";
import { installTarball, packWorkingTree, repositoryRoot } from "../support/packages";
import { withDeployKeyText } from "../support/plugin-yaml";

jest.setTimeout(600_000);

const cli = resolve(repositoryRoot, "dist", "cli", "codeartsrepo.js");

describe("codeartsrepo import --language yaml, then pulumi import --file", () => {
  let fixture: EmulatorFixture;
  let seeded: SeededProject;
  let work: string;
  let pulumi: PulumiSandbox | undefined;

  beforeAll(async () => {
    fixture = await startFixture({ seedUsers: 5 });
    seeded = await seedImportProject(fixture, 12, "yaml");
    work = mkdtempSync(join(tmpdir(), "codeartsrepo-import-yaml-"));
  });

  afterAll(async () => {
    pulumi?.dispose();
    rmSync(work, { recursive: true, force: true });
    await fixture.close();
  });

  it("writes a plugin project whose import.json names every object by its import id", async () => {
    const env = { ...process.env, HW_CODEARTSREPO_ENDPOINT: fixture.emulator.url, HW_AUTH_TOKEN: "emulator-token" };
    const { stderr } = await promisify(execFile)(process.execPath, [cli, "import", "--project", fixture.projectId, "--include-ssh-keys", "--language", "yaml", "--out", "infra"], { cwd: work, env });
    expect(stderr).toContain("import: wrote Pulumi.yaml, package.json, import.json, README.md");
    const entries = JSON.parse(readFileSync(join(work, "infra", "import.json"), "utf8")).resources as Array<{ type: string; name: string; id: string }>;
    const count = (type: string) => entries.filter((entry) => entry.type === `codeartsrepo:index:${type}`).length;
    const mix = seeded.mix.repositories;
    expect(count("Repository")).toBe(mix.length);
    expect(count("DeployKey")).toBe(mix.flatMap((r) => r.deployKeys).length);
    expect(count("Webhook")).toBe(mix.flatMap((r) => r.webhooks).length);
    expect(count("SSHKey")).toBe(seeded.sshKeys.length);
    expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
  });

  it("imports them with reads only by its README's steps, into a YAML program that previews with no changes", async () => {
    const dir = join(work, "infra");
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    const steps = /```sh\n([\s\S]*?)```/.exec(readme)![1].split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter(Boolean);
    expect(steps).toEqual([
      "npm install",
      "pulumi stack init <stack>",
      "pulumi config set codeartsrepo:region <region>",
      "pulumi import --file import.json --out resources.yaml --yes",
      "cat resources.yaml >> Pulumi.yaml && rm resources.yaml",
      "pulumi preview --expect-no-changes",
    ]);
    // `npm install` with the packed working tree in place of the registry's release.
    installTarball(dir, packWorkingTree(dir));
    pulumi = new PulumiSandbox({ programDir: dir, configInProgramDir: true });
    await pulumi.run(["stack", "init", "dev"]);
    await pulumi.run(["config", "set", "codeartsrepo:endpoint", fixture.emulator.url]);
    await pulumi.run(["config", "set", "--secret", "codeartsrepo:token", "emulator-token"]);
    fixture.resetRequests();
    await pulumi.run(["import", "--file", "import.json", "--out", "resources.yaml", "--yes"]);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);

    // The deploy keys' texts, which the service cannot return: each found by its listed fingerprint.
    const generated = readFileSync(join(dir, "resources.yaml"), "utf8");
    const { deployment } = await pulumi.exportState();
    let completed = generated;
    for (const key of deployment.resources.filter((r) => r.type === "codeartsrepo:index:DeployKey")) {
      const text = seeded.deployKeyTexts.find((candidate) => sshFingerprint(candidate) === key.outputs.fingerprint)!;
      const name = String(key.urn).split("::").pop();
      completed = withDeployKeyText(completed, name!, text);
    }
    expect(completed.match(/key: ""/g) ?? []).toEqual([]);
    writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(join(dir, "Pulumi.yaml"), "utf8") + completed);
    const preview = await pulumi.run(["preview", "--expect-no-changes", "--diff"], { allowFailure: true });
    expect({ code: preview.code, output: preview.code === 0 ? "" : preview.stdout + preview.stderr }).toEqual({ code: 0, output: "" });
  });
});
