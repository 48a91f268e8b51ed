/**
 * `npm run demo`: the drift story, through the real Pulumi CLI and the package's `codeartsrepo`
 * command, against a local emulator. examples/team-repository is applied; someone then changes
 * three things in the console (a member's role, a deleted webhook, a member added by hand);
 * `codeartsrepo drift` reports them and exits 2; `--remediate` puts back what the program
 * declares and writes what is left to a report; `codeartsrepo prune` removes what that report
 * lists (a person's reviewed decision); the next drift run is clean; destroy.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CodeArtsClient } from "../api/client";
import { DEFAULTS, startEmulator } from "../emulator";
import { PulumiSandbox } from "./lib/pulumi-cli";
import { linkedProgramCopy } from "./lib/program-copy";
import { ed25519Key } from "./lib/ssh-keys";

const repositoryRoot = resolve(__dirname, "..", "..");
const codeartsrepoCli = join(repositoryRoot, "dist", "cli", "codeartsrepo.js");
const STACK = "demo";

/** What `codeartsrepo drift` exits with (cli/drift.ts). */
const DRIFT_EXIT = { clean: 0, driftFound: 2 } as const;

function step(title: string): void {
  process.stdout.write(`\n━━ ${title}\n`);
}

/** Runs `codeartsrepo <args>` on the demo stack, its output shown as it comes; fails unless it exits `expected`. */
function codeartsrepo(args: string[], env: NodeJS.ProcessEnv, expected: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [codeartsrepoCli, ...args], { env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", fail);
    child.on("close", (code) => {
      if (code === expected) done();
      else fail(new Error(`codeartsrepo ${args.join(" ")} exited with ${code}, expected ${expected}`));
    });
  });
}

async function main(): Promise<void> {
  step("Starting the CodeArts Repo emulator");
  const emulator = await startEmulator({ port: 0 });
  const { project, users } = emulator.seed;
  const id = (name: string) => users.find((user) => user.name === name)!.id;
  process.stdout.write(`emulator listening at ${emulator.url}, project ${project.id}\n`);
  // The "console": someone with access to the repository, acting outside Pulumi.
  const consoleClient = new CodeArtsClient({ endpoint: emulator.url, iamEndpoint: emulator.url, auth: { kind: "token", token: DEFAULTS.token }, coalesceTtlMs: 0 });
  const programDir = linkedProgramCopy(join(repositoryRoot, "examples", "team-repository"), repositoryRoot, "codeartsrepo-demo-");
  const pulumi = new PulumiSandbox({ programDir, stack: STACK, echo: true, configInProgramDir: true });
  const driftArgs = ["drift", "--cwd", programDir, "--stack", STACK];
  const reports = mkdtempSync(join(tmpdir(), "codeartsrepo-demo-reports-"));
  const report = join(reports, "drift.json");
  try {
    step(`Creating stack '${STACK}' of examples/team-repository on a local file backend`);
    await pulumi.init(
      {
        "codeartsrepo:endpoint": emulator.url,
        projectId: project.id,
        members: JSON.stringify([
          { id: id("alice"), name: "alice", role: "maintainer" },
          { id: id("bob"), name: "bob", role: "developer" },
        ]),
        deployPublicKey: ed25519Key("ci@example"),
        userPublicKey: ed25519Key("operator@example"),
      },
      { "codeartsrepo:token": DEFAULTS.token, webhookToken: "demo-webhook-token" },
    );

    step("pulumi up");
    await pulumi.run(["up", "--yes"]);
    const { repositoryUuid, webhookId } = (await pulumi.outputs()) as { repositoryUuid: string; webhookId: number };
    const { repository_id: repositoryId } = await consoleClient.call("showRepository", { params: { repository_uuid: repositoryUuid } });
    /** A member's id as the console's role and delete calls take it. */
    const memberId = async (name: string) => {
      const { users: members } = await consoleClient.call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } });
      return members.find((member) => member.name === name)!.user_id;
    };

    step("In the console: bob becomes maintainer, the ci webhook is deleted, carol is added as developer");
    await consoleClient.call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: await memberId("bob") }, body: { role: 40 } });
    await consoleClient.call("deleteRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: webhookId } });
    await consoleClient.call("addRepositoryMembers", { params: { repository_uuid: repositoryUuid }, body: { users: [{ id: id("carol"), name: "carol", role: 30 }] } });

    step("codeartsrepo drift (finds all three, exits 2)");
    await codeartsrepo(driftArgs, pulumi.environment(), DRIFT_EXIT.driftFound);

    step("codeartsrepo drift --remediate --json drift.json (puts back bob's role and the webhook; carol stays, reported, until a person decides)");
    await codeartsrepo([...driftArgs, "--remediate", "--json", report], pulumi.environment(), DRIFT_EXIT.driftFound);

    step("codeartsrepo prune --from drift.json (a person read the report and agreed: carol's access goes)");
    await codeartsrepo(["prune", "--cwd", programDir, "--stack", STACK, "--from", report], pulumi.environment(), 0);

    step("codeartsrepo drift (clean, exits 0)");
    await codeartsrepo(driftArgs, pulumi.environment(), DRIFT_EXIT.clean);

    step("pulumi destroy");
    await pulumi.run(["destroy", "--yes"]);
    await pulumi.run(["stack", "rm", "--yes"]);

    const { total, byRoute } = emulator.requests.snapshot();
    step(`Done: ${total} API requests`);
    for (const [route, count] of Object.entries(byRoute)) process.stdout.write(`  ${String(count).padStart(3)}  ${route}\n`);
  } finally {
    pulumi.dispose();
    rmSync(programDir, { recursive: true, force: true });
    rmSync(reports, { recursive: true, force: true });
    await emulator.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  process.exit(1);
});
