/**
 * `npm run demo` as the README promises it: the compiled demo script takes the quickstart through
 * up → preview --expect-no-changes → destroy against its own emulator, exits 0, and leaves no
 * stack file behind in the repository.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

jest.setTimeout(300_000);

const repositoryRoot = resolve(__dirname, "..", "..");

it("runs the quickstart through up, an empty preview and destroy", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(repositoryRoot, "dist", "scripts", "demo.js")], {
    cwd: repositoryRoot,
    maxBuffer: 16 * 2 ** 20,
  });
  const steps = [...stdout.matchAll(/^━━ (.+)$/gm)].map((match) => match[1]);
  expect(steps.slice(0, 5)).toEqual([
    "Starting the CodeArts Repo emulator",
    "Creating stack 'demo' on a local file backend",
    "pulumi up",
    "pulumi preview --expect-no-changes (nothing should change)",
    "pulumi destroy",
  ]);
  expect(steps[5]).toMatch(/^Done: \d+ API requests$/);
  expect(existsSync(join(repositoryRoot, "Pulumi.demo.yaml"))).toBe(false);
});
