/**
 * `codeartsrepo import` end to end, running the shell commands of the README's "Bring existing
 * repositories" (import, npm install, stack init, config set, up, --exclude-stack, a rotated token): a
 * project made through the API, imported, its config filled, the packed package installed, and
 * the real engine adopting everything without one write; then a second import, --exclude-stack on
 * that stack, and a rotated webhook token. One stack throughout.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { PulumiExit, PulumiResult, PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { EmulatorFixture, startFixture, routeKey } from "../support/emulator";
import { expectNoPlainSecretsInState } from "../support/state-secrets";
import { SeededProject, seedImportProject } from "../support/import-project";
import { packWorkingTree, repositoryRoot } from "../support/packages";

jest.setTimeout(600_000);

const TOKEN = "import-e2e-token-41c7aa";
const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";
const cli = resolve(repositoryRoot, "dist", "cli", "codeartsrepo.js");

let fixture: EmulatorFixture;
let seeded: SeededProject;
let work: string;
let pulumi: PulumiSandbox;
/** The files of the first import, before `npm install` touched package.json. */
let imported: Record<string, string>;
const program = () => join(work, "infra");

/**
 * `codeartsrepo import …` as a user runs it, with the HW_* environment; fails with what it printed.
 * Asynchronous: the emulator answers from this very process.
 */
function codeartsrepoImport(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ stderr: string }> {
  const child = spawn(process.execPath, [cli, "import", ...args], {
    cwd: work,
    env: { ...process.env, ...env, HW_CODEARTSREPO_ENDPOINT: fixture.emulator.url, HW_AUTH_TOKEN: TOKEN },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolvePromise({ stderr }) : reject(new Error(`codeartsrepo import ${args.join(" ")} exited with ${code}:\n${stderr}`))));
  });
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith(".") && !f.endsWith(".tgz") && f !== "node_modules" && f !== "package-lock.json").map((f) => [f, readFileSync(join(dir, f), "utf8")]));
const writes = () => Object.entries(fixture.requests().byRoute).filter(([route]) => !route.startsWith("GET "));

/** "Kind name operation" for every resource a preview plans to change. */
function plannedChanges(result: PulumiResult): string[] {
  const pattern = new RegExp(`^\\s*(?:\\+-|[+~-])\\s+${TYPE.replace(/[/]/g, "\\/")}(\\w+)\\s+(\\S+)\\s+(create|update|replace|delete)\\b.*$`, "gm");
  return [...(result.stdout + result.stderr).matchAll(pattern)].map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort();
}

beforeAll(async () => {
  fixture = await startFixture({ seedUsers: 2, tokens: [TOKEN] });
  seeded = await seedImportProject(fixture, 26, "team");
  work = mkdtempSync(join(tmpdir(), "codeartsrepo-import-e2e-"));
});

afterAll(async () => {
  pulumi?.dispose();
  rmSync(work, { recursive: true, force: true });
  await fixture.close();
});

describe("codeartsrepo import, then pulumi up", () => {
  it("writes the project, reporting progress on stderr", async () => {
    const { stderr } = await codeartsrepoImport(["--project", fixture.projectId, "--include-ssh-keys", "--out", "infra"]);
    expect(stderr).toContain(`import: listed ${seeded.repositories.length} repositories, importing ${seeded.repositories.length}`);
    expect(stderr).toMatch(/import: \[1\/3\] team-repo-0001: 1 protected branch, 1 tag rule, 4 members, 1 webhook, 1 deploy key/);
    expect(stderr).toContain("import: wrote Pulumi.yaml, package.json, tsconfig.json, index.ts, README.md");
    imported = files(program());
    const manifest = JSON.parse(readFileSync(join(program(), "package.json"), "utf8"));
    expect(manifest.dependencies["pulumi-codeartsrepo"]).toBe(`^${require("../../package.json").version}`);
  });

  it("adopts everything with `pulumi up` without one write to the service", async () => {
    // The README's `npm install`, with the packed working tree in place of the registry's release
    // and this checkout's versions (so the npm cache serves them).
    const tarball = packWorkingTree(program());
    const version = (name: string) => require(`${name}/package.json`).version as string;
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", `./${basename(tarball)}`, ...["@pulumi/pulumi", "typescript", "@types/node"].map((n) => `${n}@${version(n)}`)],
      { cwd: program(), stdio: "pipe" },
    );

    // The config the generated README asks for: each deploy key's text, found by its listed fingerprint.
    const index = readFileSync(join(program(), "index.ts"), "utf8");
    const config: Record<string, string> = { "codeartsrepo:endpoint": fixture.emulator.url };
    const asked = [...index.matchAll(/listed fingerprint (\S+)\. .*\n\/\/ set `(\S+)` \(the public key\) and `(\S+)`/g)];
    expect(asked).toHaveLength(seeded.deployKeyTexts.length);
    for (const [, fingerprint, keyName, canPushName] of asked) {
      config[keyName] = seeded.deployKeyTexts.find((text) => sshFingerprint(text) === fingerprint.replace(/\.$/, ""))!;
      config[canPushName] = "false";
    }
    // Type-checked as a user's `pulumi up` would (the sandbox skips that for our own examples, which
    // tests/integration/examples-compile checks): the generated index.ts must compile.
    pulumi = new PulumiSandbox({ programDir: program(), env: { PULUMI_NODEJS_TRANSPILE_ONLY: "false" } });
    await pulumi.init(config, { "codeartsrepo:token": TOKEN });

    fixture.resetRequests();
    await pulumi.run(["up", "--yes"]);
    expect(writes()).toEqual([]);
    const { deployment } = await pulumi.exportState();
    const kinds = deployment.resources.filter((r) => String(r.type).startsWith(TYPE)).map((r) => String(r.type).slice(TYPE.length));
    const mix = seeded.mix.repositories;
    expect(kinds.filter((k) => k === "Repository")).toHaveLength(mix.length);
    expect(kinds.filter((k) => k === "Webhook")).toHaveLength(mix.flatMap((r) => r.webhooks).length);
    expect(kinds.filter((k) => k === "DeployKey")).toHaveLength(mix.flatMap((r) => r.deployKeys).length);
    expect(kinds.filter((k) => k === "Member")).toHaveLength(mix.flatMap((r) => r.members).length + mix.length);
    expect(kinds.filter((k) => k === "SSHKey")).toHaveLength(seeded.sshKeys.length);
  });

  it("previews no changes afterwards, with and without refresh", async () => {
    fixture.resetRequests();
    expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    expect(writes()).toEqual([]);
  });

  it("writes the same files on a second import", async () => {
    await codeartsrepoImport(["--project", fixture.projectId, "--include-ssh-keys", "--out", "again"]);
    expect(Object.keys(imported).sort()).toEqual(["Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
    expect(files(join(work, "again"))).toEqual(imported);
  });

  it("declares nothing that stack manages with --exclude-stack", async () => {
    await codeartsrepoImport(["--project", fixture.projectId, "--include-ssh-keys", "--exclude-stack", `infra:${pulumi.stack}`, "--out", "rest"], pulumi.environment());
    const index = readFileSync(join(work, "rest", "index.ts"), "utf8");
    expect(index).not.toContain("new codeartsrepo.");
    expect(index).toContain("// Nothing to declare");
  });

  it("updates only the webhook when its token is set in config", async () => {
    const tokenKey = /config\.getSecret\("(\S+)"\)/.exec(readFileSync(join(program(), "index.ts"), "utf8"))![1];
    await pulumi.run(["config", "set", "--secret", tokenKey, "rotated-hook-token-7d01"]);
    const preview = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.code).toBe(PulumiExit.changesProposed);
    expect(plannedChanges(preview)).toEqual([`Webhook ${tokenKey.replace(/-token$/, "")} update`]);
    fixture.resetRequests();
    await pulumi.run(["up", "--yes"]);
    expect(writes()).toEqual([[routeKey("updateRepositoryWebhook"), 1]]);
    await expectNoPlainSecretsInState(pulumi, ["rotated-hook-token-7d01", TOKEN]);
  });
});
