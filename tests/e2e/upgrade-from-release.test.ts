/**
 * Stacks made with the released package keep working after the upgrade. A program with every kind
 * whose id or state could be disturbed is created by release 0.1.0 (packed from its commit) against
 * that release's own emulator — the service still answers the calls 0.1.0 makes (deprecated, not
 * removed), which today's emulator no longer serves — then today's emulator takes over the same
 * data file, as the service keeps its data, and the program installs the package packed from this
 * working tree. Because the serialized provider
 * in state loads `pulumi-codeartsrepo/provider/<kind>` from the installed package, the old state
 * now runs the new code: refresh and preview must write nothing and see no change, an update must
 * change in place, and no id (least of all the repository's) may change.
 */
import { ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { clearTokenCache } from "../../api/client";
import { PulumiResult, PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, listRepositoryNames, startFixture } from "../support/emulator";
import { installTarball, packRelease, packWorkingTree, repositoryRoot } from "../support/packages";
import { ecdsaKey, ed25519Key } from "../support/ssh-keys";
import { expectNoPlainSecretsInState, plainSecretsInState } from "../support/state-secrets";

jest.setTimeout(900_000);

/** Release 0.1.0: package.json says so at this commit (checked when the tarball is built). */
const RELEASE = { version: "0.1.0", commit: "6e0da72f9ecf8d78b40ad746cb7f70082deed179" };
const TOKEN = "upgrade-e2e-token-3f81c0";
const HOOK_TOKEN = "upgrade-hook-token-9d2e77";
const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";
const KINDS = ["DeployKey", "Member", "ProtectedBranch", "ProtectedTag", "Repository", "SSHKey", "Webhook"];

/** Routes called with anything but GET since the last reset: what a refresh or preview must not do. */
function writeCalls(fixture: EmulatorFixture): Record<string, number> {
  return Object.fromEntries(Object.entries(fixture.requests().byRoute).filter(([route]) => !route.startsWith("GET ")));
}

/**
 * The released package's emulator as a child process on a data file; resolves once it printed its
 * URL (its documented first line), and stops when asked, leaving the data file behind.
 */
async function startReleasedEmulator(programDir: string, dataFile: string): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const cli = join(programDir, "node_modules/pulumi-codeartsrepo/dist/emulator/cli.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, "--port", "0", "--data", dataFile, "--token", TOKEN, "--seed-users", "1", "--creation-delay", "50"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let printed = "";
    child.once("exit", (code) => reject(new Error(`the released emulator exited with ${code} before printing its URL`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      printed += chunk;
      const line = printed.split("\n").find((candidate) => candidate.startsWith("http://"));
      if (line) resolveUrl(line.trim());
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    stop: () =>
      new Promise<void>((resolveStop) => {
        child.once("exit", () => resolveStop());
        child.kill("SIGTERM");
      }),
  };
}

describe(`a stack made with release ${RELEASE.version}, run by the package from this working tree`, () => {
  let fixture: EmulatorFixture;
  let released: Awaited<ReturnType<typeof startReleasedEmulator>> | undefined;
  let dataFile: string;
  let programDir: string;
  let pulumi: PulumiSandbox;
  let createdIds: Record<string, string>;
  let repositoryUuid: string;
  const show = (result: PulumiResult) => process.env.SHOW_PULUMI_OUTPUT && process.stdout.write(result.stdout + result.stderr);

  /** Resource id by URN, for this program's resources. */
  async function resourceIds(): Promise<Record<string, string>> {
    const { deployment } = await pulumi.exportState();
    const ours = deployment.resources.filter((r) => String(r.type).startsWith(TYPE));
    return Object.fromEntries(ours.map((r) => [String(r.urn), String(r.id)]));
  }

  beforeAll(async () => {
    const releaseTarball = packRelease(RELEASE.commit, RELEASE.version);
    clearTokenCache();
    programDir = mkdtempSync(join(tmpdir(), "codeartsrepo-upgrade-"));
    dataFile = join(programDir, "service-data.json");
    for (const file of ["Pulumi.yaml", "index.js"]) copyFileSync(resolve(__dirname, "programs", "upgrade", file), join(programDir, file));
    installTarball(programDir, releaseTarball);
    released = await startReleasedEmulator(programDir, dataFile);
    const seed = (await (await fetch(`${released.url}/__emulator/seed`)).json()) as { project: { id: string }; users: { id: string; name: string }[] };
    const colleague = seed.users.find((u) => u.name.startsWith("user-"))!;
    pulumi = new PulumiSandbox({ programDir });
    await pulumi.init(
      {
        "codeartsrepo:endpoint": released.url,
        projectId: seed.project.id,
        memberId: colleague.id,
        memberName: colleague.name,
        memberRole: "developer",
        hookEvents: JSON.stringify(["push", "mergeRequest"]),
        deployKey: ed25519Key("ci@build-host"),
        sshKey: ecdsaKey("nistp256", "me@laptop"),
      },
      { "codeartsrepo:token": TOKEN, hookToken: HOOK_TOKEN },
    );
  });

  afterAll(async () => {
    await pulumi?.run(["destroy", "--yes"], { allowFailure: true });
    pulumi?.dispose();
    await released?.stop();
    await fixture?.close();
    if (programDir) rmSync(programDir, { recursive: true, force: true });
  });

  it(`creates every kind with release ${RELEASE.version}`, async () => {
    show(await pulumi.run(["up", "--yes"]));
    createdIds = await resourceIds();
    const kinds = Object.keys(createdIds).map((urn) => urn.slice(urn.indexOf(TYPE) + TYPE.length).split("::")[0]);
    expect(kinds.sort()).toEqual(KINDS);
    repositoryUuid = (await pulumi.outputs()).repositoryUuid as string;
    expect(repositoryUuid).toMatch(/^[0-9a-f]{32}$/);
  });

  it("hands the service's data to today's emulator, on the same address", async () => {
    const port = released!.port;
    await released!.stop();
    released = undefined;
    fixture = await startFixture({ port, dataFile, tokens: [TOKEN], seedUsers: 1 });
    expect(fixture.emulator.url).toBe(`http://127.0.0.1:${port}`);
    expect((await listRepositoryNames(fixture)).length).toBe(1);
  });

  it("installs the working tree's package in its place", () => {
    // A name of its own (the cached release is named after its commit), so npm sees a new dependency.
    installTarball(programDir, packWorkingTree(programDir));
    // Proof the switch happened: the installed implementation is byte for byte this checkout's build.
    const installed = join(programDir, "node_modules/pulumi-codeartsrepo/dist/provider");
    const built = join(repositoryRoot, "dist/provider");
    const files = readdirSync(built).filter((file) => file.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(join(installed, file), "utf8")).toBe(readFileSync(join(built, file), "utf8"));
  });

  it("refreshes the old state with the new code without writing anything or changing an id, encrypting the token's hash and salt", async () => {
    // The release stored them in plain text: the premise of the migration.
    expect(await plainSecretsInState(pulumi, [TOKEN, HOOK_TOKEN])).toEqual(
      expect.arrayContaining([expect.stringMatching(/Webhook::ci outputs\.tokenHash is not encrypted/), expect.stringMatching(/outputs\.tokenSalt is not encrypted/)]),
    );
    fixture.resetRequests();
    show(await pulumi.run(["refresh", "--yes", "--skip-preview"]));
    expect(writeCalls(fixture)).toEqual({});
    expect(await resourceIds()).toEqual(createdIds);
    await expectNoPlainSecretsInState(pulumi, [TOKEN, HOOK_TOKEN]);
  });

  it("previews no changes, without writing anything", async () => {
    fixture.resetRequests();
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    show(result);
    expect(writeCalls(fixture)).toEqual({});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${KINDS.length + 1} unchanged`)); // and the stack
  });

  it("updates a member's role and a webhook's events in place, keeping every id and the repository", async () => {
    await pulumi.run(["config", "set", "memberRole", "maintainer"]);
    await pulumi.run(["config", "set", "hookEvents", JSON.stringify(["push", "tagPush"])]);
    const result = await pulumi.run(["up", "--yes"]);
    show(result);
    expect(result.stdout).toMatch(/2 updated/);
    expect(result.stdout).not.toMatch(/replace/);
    expect(await resourceIds()).toEqual(createdIds);
    expect((await pulumi.outputs()).repositoryUuid).toBe(repositoryUuid);
    const live = await fixture.admin.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } });
    expect(live.repositories.map((repo) => repo.repository_uuid)).toEqual([repositoryUuid]);
    // The service holds what the program says: a refresh sees no drift in the role or the events.
    const refreshed = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    show(refreshed);
    expect(refreshed.code).toBe(0);
  });

  it("destroys everything it made", async () => {
    show(await pulumi.run(["destroy", "--yes"]));
    expect(await listRepositoryNames(fixture)).toEqual([]);
    expect((await fixture.admin.call("listSshKeys", { query: { offset: 0, limit: 100 } })).keys).toEqual([]);
  });
});
