/**
 * `npm run demo`: the quickstart (Pulumi.yaml at the repository root, examples/quickstart) through
 * the real Pulumi CLI against a local emulator: up → preview --expect-no-changes → destroy.
 */
import { resolve } from "node:path";
import { DEFAULTS, startEmulator } from "../emulator";
import { PulumiSandbox } from "./lib/pulumi-cli";

const repositoryRoot = resolve(__dirname, "..", "..");

function step(title: string): void {
  process.stdout.write(`\n━━ ${title}\n`);
}

async function main(): Promise<void> {
  step("Starting the CodeArts Repo emulator");
  const emulator = await startEmulator({ port: 0 });
  process.stdout.write(`emulator listening at ${emulator.url}, project ${emulator.seed.project.id}\n`);
  const pulumi = new PulumiSandbox({ programDir: repositoryRoot, stack: "demo", echo: true });
  try {
    step("Creating stack 'demo' on a local file backend");
    await pulumi.init(
      { "codeartsrepo:endpoint": emulator.url, projectId: emulator.seed.project.id },
      { "codeartsrepo:token": DEFAULTS.token },
    );

    step("pulumi up");
    await pulumi.run(["up", "--yes"]);

    step("pulumi preview --expect-no-changes (nothing should change)");
    await pulumi.run(["preview", "--expect-no-changes"]);

    step("pulumi destroy");
    await pulumi.run(["destroy", "--yes"]);
    await pulumi.run(["stack", "rm", "--yes"]);

    const { total, byRoute } = emulator.requests.snapshot();
    step(`Done: ${total} API requests`);
    for (const [route, count] of Object.entries(byRoute)) process.stdout.write(`  ${String(count).padStart(3)}  ${route}\n`);
  } finally {
    pulumi.dispose();
    await emulator.close();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`\ndemo failed: ${error.message}\n`);
  process.exit(1);
});
