/**
 * State that CI runners share: examples/team-repository with its state in an S3-compatible bucket
 * (moto on loopback, the real CLI speaking S3 to it), as the README's "Keeping the state in OBS"
 * sets it up, and runs that overlap as a preview, an apply and a nightly drift job do. Each overlap
 * is made certain, not hoped for: the emulator holds one call's answer until the test releases it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { runCodeartsrepo } from "../support/codeartsrepo-command";
import { EmulatorFixture, callLog, faultReport, planFaults, releaseHeldAnswers, waitFor, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { commandsOf, readmeSection } from "../support/readme-section";
import { RecordedExchange, RecordingProxy, startRecordingProxy } from "../support/recording-proxy";
import { OBS_CHECKSUM_ENV, S3Server, s3BackendUrl, startS3Server } from "../support/s3-server";
import { TEAM_AS_DECLARED, TEAM_PROGRAM_DIR, initTeamStack, liveObjects } from "../support/team-stack";

jest.setTimeout(600_000);

const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";
const LOCKED = /the stack is currently locked by 1 lock\(s\)\. Either wait for the other process\(es\) to end or delete the lock file with `pulumi cancel`/;

/** Starts the S3 server before the stack's own beforeAll (hooks run in the order they are registered). */
function useS3Server(): () => S3Server {
  let server: S3Server | undefined;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error("the S3 server was asked for before its beforeAll started it");
    return server;
  };
}

/** The environment a runner sets for the state: the bucket's backend URL and its key pair. */
const stateEnv = (s3: S3Server): NodeJS.ProcessEnv => ({ PULUMI_BACKEND_URL: s3.backendUrl(), ...s3.env() });

/** Another CI runner of the same stack: its own Pulumi home, the committed stack file, the same backend. */
function anotherRunner(of: PulumiSandbox, s3: S3Server, env: NodeJS.ProcessEnv = {}): PulumiSandbox {
  const runner = new PulumiSandbox({ programDir: TEAM_PROGRAM_DIR, env: { ...stateEnv(s3), ...env } });
  copyFileSync(of.configFile, runner.configFile);
  return runner;
}

async function setMemberRole(pulumi: PulumiSandbox, fixture: EmulatorFixture, name: "bob" | "carol", role: string): Promise<void> {
  const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
  const roles = { alice: "maintainer", bob: "developer", carol: "reader", [name]: role };
  await pulumi.run(["config", "set", "members", JSON.stringify(Object.entries(roles).map(([member, memberRole]) => ({ id: users[member], name: member, role: memberRole })))]);
}

/** Starts `pulumi up` and waits until the emulator holds the answer of its first `route` call. */
async function upHeldAt(fixture: EmulatorFixture, pulumi: PulumiSandbox, route: string) {
  await planFaults(fixture, { route, kind: "hold" });
  const up = pulumi.start(["up", "--yes"]);
  const exited = new Promise<number>((resolve) => up.child.once("close", (code) => resolve(code ?? -1)));
  const output = () => up.result().stdout + up.result().stderr;
  await waitFor(`up's ${route} call to be held`, async () => (await faultReport(fixture)).held === 1 || undefined, 120_000).catch((error: Error) => {
    throw new Error(`${error.message}; up printed:\n${output()}`);
  });
  return { child: up.child, exited, output };
}

/**
 * Kills `up` (SIGKILL to its process group) while the emulator holds its `route` call, then sends
 * the held answer to nobody: the call took effect, and the state does not know. Returns how many
 * processes outlived the CLI and had to be killed too.
 */
async function killUpHeldAt(fixture: EmulatorFixture, pulumi: PulumiSandbox, route: string): Promise<number> {
  const up = await upHeldAt(fixture, pulumi, route);
  process.kill(-up.child.pid!, "SIGKILL");
  await up.exited;
  const leftovers = pulumi.killLeftovers();
  expect(await releaseHeldAnswers(fixture)).toBe(1);
  return leftovers;
}

describe("the README's OBS backend form, run as written", () => {
  const s3 = useS3Server();
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("initialises a stack in the bucket with the passphrase secrets provider", async () => {
    const [block] = readmeSection("## Keeping the state in OBS").filter((b) => b.language === "sh");
    const url = /PULUMI_BACKEND_URL='([^']+)'/.exec(block.code)![1];
    // The recipes and the tests use one form; only the endpoint and the bucket are the test's own.
    expect(url).toBe(s3BackendUrl("my-pulumi-state", "https://obs.cn-north-4.myhuaweicloud.com", "cn-north-4"));
    dir = mkdtempSync(join(tmpdir(), "codeartsrepo-obs-form-"));
    copyFileSync(join(TEAM_PROGRAM_DIR, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    const script = join(dir, "setup.sh");
    writeFileSync(script, ["set -eu", ...commandsOf(block)].join("\n").replace("https://obs.cn-north-4.myhuaweicloud.com", s3().endpoint).replace("my-pulumi-state", s3().bucket));
    await promisify(execFile)("bash", [script], {
      cwd: dir,
      env: {
        ...process.env,
        PULUMI_HOME: join(dir, "home"),
        HW_ACCESS_KEY: s3().accessKeyId,
        HW_SECRET_KEY: s3().secretAccessKey,
        STATE_PASSPHRASE: "obs-form-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    });
    expect(await s3().keys(".pulumi/stacks/")).toContain(".pulumi/stacks/codeartsrepo-team-repository/prod.json");
    expect(readFileSync(join(dir, "Pulumi.prod.yaml"), "utf8")).toMatch(/^encryptionsalt: /m);
  });
});

describe("the recipes' checksum settings, on the wire between the CLI and the bucket", () => {
  const s3 = useS3Server();
  let proxy: RecordingProxy;
  const sandboxes: PulumiSandbox[] = [];
  beforeAll(async () => {
    proxy = await startRecordingProxy(s3().endpoint);
  });
  afterAll(async () => {
    sandboxes.forEach((sandbox) => sandbox.dispose());
    await proxy?.close();
  });

  /** What the CLI sends to make a stack and read its state back, through the proxy, with `checksums` set. */
  async function exchangesOf(stack: string, checksums: Record<string, string>): Promise<RecordedExchange[]> {
    proxy.exchanges.length = 0;
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = s3().env();
    const sandbox = new PulumiSandbox({
      programDir: TEAM_PROGRAM_DIR,
      stack,
      env: { PULUMI_BACKEND_URL: s3BackendUrl(s3().bucket, proxy.url, s3().region), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...checksums },
    });
    sandboxes.push(sandbox);
    await sandbox.init({ projectId: "checksums" });
    await sandbox.exportState();
    expect(proxy.exchanges.filter((e) => e.method === "PUT" && e.status === 200).length).toBeGreaterThan(0);
    expect(proxy.exchanges.filter((e) => e.method === "GET" && !e.query.has("list-type") && e.status === 200).length).toBeGreaterThan(0);
    return [...proxy.exchanges];
  }

  /** "METHOD key header" for each checksum header a request carries (an aws-chunked body with trailers included). */
  const checksumHeaders = (exchanges: RecordedExchange[]) =>
    exchanges.flatMap((exchange) =>
      Object.entries(exchange.requestHeaders)
        .filter(([name, value]) => /^x-amz-(checksum|sdk-checksum|trailer)/.test(name) || (name === "content-encoding" && /aws-chunked/.test(String(value))))
        .map(([name]) => `${exchange.method} ${exchange.path} ${name}`),
    );

  it("with them, no request carries a checksum or asks for one: OBS's API sees plain S3 requests", async () => {
    expect(checksumHeaders(await exchangesOf("with-settings", OBS_CHECKSUM_ENV))).toEqual([]);
  });

  it("without them, the CLI leaves the response side on (reads ask for checksums), which is why the recipes set both", async () => {
    const headers = checksumHeaders(await exchangesOf("without-settings", {}));
    // The request side the CLI turns off itself when the URL names an endpoint; the response side it does not.
    expect(headers.filter((line) => line.startsWith("PUT "))).toEqual([]);
    expect(headers.filter((line) => line.startsWith("GET ")).length).toBeGreaterThan(0);
    expect(new Set(headers.map((line) => line.split(" ")[2]))).toEqual(new Set(["x-amz-checksum-mode"]));
  });
});

describe("examples/team-repository with its state in a bucket, run by several runners", () => {
  const s3 = useS3Server();
  const { fixture, pulumi } = useE2eStack({ init: (started) => initTeamStack(started, { repositoryName: "shared-state-team" }, undefined, { env: stateEnv(s3()) }) });
  const runners: PulumiSandbox[] = [];
  afterAll(() => runners.forEach((runner) => runner.dispose()));
  const runner = (env: NodeJS.ProcessEnv = {}) => {
    const made = anotherRunner(pulumi, s3(), env);
    runners.push(made);
    return made;
  };

  it("applies the example with its state in the bucket; a second runner with the same passphrase previews no changes", async () => {
    await pulumi.run(["up", "--yes"]);
    // The checkpoint, and the copy of the one before it that the backend keeps beside it.
    expect(await s3().keys(".pulumi/stacks/")).toEqual([".pulumi/stacks/codeartsrepo-team-repository/dev.json", ".pulumi/stacks/codeartsrepo-team-repository/dev.json.bak"]);
    fixture.resetRequests();
    const preview = await runner().run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect([preview.code, preview.stdout + preview.stderr]).toEqual([0, expect.stringMatching(/\d+ unchanged/)]);
  });

  it("a runner with another passphrase fails before any CodeArts API call, saying so", async () => {
    fixture.resetRequests();
    const wrong = await runner({ PULUMI_CONFIG_PASSPHRASE: "not-the-stack-passphrase" }).run(["preview"], { allowFailure: true });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/incorrect passphrase/);
    expect(fixture.requests().total).toBe(0);
  });

  it("two ups at once: the second fails on the lock, naming its holder, and calls nothing; a preview meanwhile runs (it takes no lock); the first finishes", async () => {
    await setMemberRole(pulumi, fixture, "bob", "maintainer");
    fixture.resetRequests();
    const first = await upHeldAt(fixture, pulumi, "setRepositoryMemberRole");
    expect(await s3().keys(".pulumi/locks/")).toEqual([expect.stringMatching(/^\.pulumi\/locks\/organization\/codeartsrepo-team-repository\/dev\/[\w-]+\.json$/)]);
    const callsBefore = await callLog(fixture);

    const second = await runner().run(["up", "--yes"], { allowFailure: true });
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toMatch(LOCKED);
    expect(second.stdout + second.stderr).toMatch(/created by \S+@\S+ \(pid \d+\)/);
    expect(await callLog(fixture)).toEqual(callsBefore);
    // A merge request's preview meanwhile takes no lock: it plans against the state as it stands.
    const preview = await runCodeartsrepo(pulumi, TEAM_PROGRAM_DIR, ["preview"]);
    expect([preview.code, preview.stdout]).toEqual([2, expect.stringMatching(/bob/)]);

    expect(await releaseHeldAnswers(fixture)).toBe(1);
    expect([await first.exited, first.output()]).toEqual([0, expect.stringMatching(/1 updated/)]);
    expect(await s3().keys(".pulumi/locks/")).toEqual([]);
    expect(fixture.requests().byRoute[routeKey("setRepositoryMemberRole")]).toBe(1);
  });

  it("drift beside an up with an operation under way: exit 1, 'being updated', no API call and no finding", async () => {
    await setMemberRole(pulumi, fixture, "bob", "developer");
    const up = await upHeldAt(fixture, pulumi, "setRepositoryMemberRole");
    const callsBefore = await callLog(fixture);

    const drift = await runCodeartsrepo(pulumi, TEAM_PROGRAM_DIR, ["drift", "--json", join(pulumi.root, "drift.json")]);
    expect([drift.code, drift.stderr]).toEqual([1, expect.stringMatching(/stack dev is being updated: its state holds 1 operation\(s\) an update began and has not finished \(updating bob\)/)]);
    expect(await callLog(fixture)).toEqual(callsBefore);

    expect(await releaseHeldAnswers(fixture)).toBe(1);
    expect(await up.exited).toBe(0);
  });

  it("an up while drift reads: the up is not kept waiting (drift holds no lock), and drift stops with 'being updated' instead of reporting the update as drift", async () => {
    // Drift's first API call waits; meanwhile an up changes carol's role and records it.
    await planFaults(fixture, { route: "*", kind: "hold" });
    const drift = runCodeartsrepo(pulumi, TEAM_PROGRAM_DIR, ["drift"]);
    await waitFor("drift's first call to be held", async () => (await faultReport(fixture)).held === 1 || undefined, 120_000);
    expect(await s3().keys(".pulumi/locks/")).toEqual([]);
    await setMemberRole(pulumi, fixture, "carol", "developer");
    const up = await pulumi.run(["up", "--yes"]);
    expect(up.stdout).toMatch(/1 updated/);

    expect(await releaseHeldAnswers(fixture)).toBe(1);
    const stopped = await drift;
    expect([stopped.code, stopped.stderr]).toEqual([1, expect.stringMatching(/stack dev is being updated: its state changed while drift read CodeArts Repo/)]);
    expect(stopped.stdout).not.toMatch(/carol/);

    // The state is whole: the next drift run, with nothing under way, is clean, and writes nothing
    // to the bucket (no checkpoint, no history entry, no lock).
    const objects = await s3().keys(".pulumi/");
    const checkpoint = (await pulumi.exportState()).text;
    const clean = await runCodeartsrepo(pulumi, TEAM_PROGRAM_DIR, ["drift"]);
    expect([clean.code, clean.stderr]).toEqual([0, expect.not.stringMatching(/being updated|error/i)]);
    expect(await s3().keys(".pulumi/")).toEqual(objects);
    expect((await pulumi.exportState()).text).toBe(checkpoint);
  });
});

describe("an up killed mid-way with its state in a bucket", () => {
  const s3 = useS3Server();
  const { fixture, pulumi } = useE2eStack({ init: (started) => initTeamStack(started, { repositoryName: "killed-shared-team" }, undefined, { env: stateEnv(s3()) }) });

  it("leaves its lock in the bucket; the next up fails on it; the README's recovery, run as written, converges with nothing made twice", async () => {
    // The provider, in a process group of its own, outlives the CLI; it would wait forever.
    expect(await killUpHeldAt(fixture, pulumi, "createRepository")).toBeGreaterThanOrEqual(1);
    expect(await s3().keys(".pulumi/locks/")).toHaveLength(1);

    fixture.resetRequests();
    const next = await pulumi.run(["up", "--yes"], { allowFailure: true });
    expect(next.code).not.toBe(0);
    expect(next.stdout + next.stderr).toMatch(LOCKED);
    expect(fixture.requests().total).toBe(0);

    // The README's commands, one by one, as a user types them.
    const [block] = readmeSection("## Recovering a run that was killed").filter((b) => b.language === "sh");
    const commands = commandsOf(block);
    expect(commands).toEqual(["pulumi cancel --yes", "pulumi refresh --clear-pending-creates --yes", "HW_CODEARTSREPO_ADOPT_EXISTING=true pulumi up --yes"]);
    fixture.resetRequests();
    for (const command of commands) {
      const words = command.split(" ");
      const env = Object.fromEntries(words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.split("=")));
      await pulumi.run(words.filter((word) => !/^[A-Z_]+=/.test(word)).slice(1), { env });
      if (words.includes("cancel")) expect(await s3().keys(".pulumi/locks/")).toEqual([]);
    }
    expect(fixture.requests().byRoute[routeKey("createRepository")]).toBeUndefined();
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    const { deployment } = await pulumi.exportState();
    const repository = deployment.resources.find((r) => r.type === `${TYPE}Repository`)!;
    expect(await liveObjects(fixture, repository.outputs.repositoryId, repository.id)).toEqual(TEAM_AS_DECLARED);
  });

  it("a lock left behind can also be deleted as an object, as in the OBS console; the next up then finishes the change", async () => {
    await setMemberRole(pulumi, fixture, "bob", "maintainer");
    await killUpHeldAt(fixture, pulumi, "setRepositoryMemberRole");
    const locks = await s3().keys(".pulumi/locks/");
    expect(locks).toHaveLength(1);
    const refused = await pulumi.run(["up", "--yes"], { allowFailure: true });
    expect(refused.stdout + refused.stderr).toMatch(LOCKED);
    await s3().deleteKeys(locks);
    await pulumi.run(["up", "--yes"]);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
    const { deployment } = await pulumi.exportState();
    const repository = deployment.resources.find((r) => r.type === `${TYPE}Repository`)!;
    expect((await liveObjects(fixture, repository.outputs.repositoryId, repository.id)).members).toEqual(["alice:40", "bob:40", "carol:20", "emulator-admin:40"]);
  });
});
