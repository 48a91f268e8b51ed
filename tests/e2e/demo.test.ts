/**
 * `npm run demo` as the README promises it: the compiled demo script tells the drift story on
 * examples/team-repository against its own emulator (up, three console changes, a drift report
 * that exits 2, remediation, a clean drift run, destroy), exits 0, and leaves no stack file behind.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

jest.setTimeout(300_000);

const repositoryRoot = resolve(__dirname, "..", "..");

it("applies the team repository, reports the console's three changes, remediates, checks clean and destroys", async () => {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repositoryRoot, "dist", "scripts", "demo.js")], {
    cwd: repositoryRoot,
    maxBuffer: 16 * 2 ** 20,
  });
  const sections = stdout.split(/^━━ /m).slice(1);
  const titles = sections.map((section) => section.split("\n")[0]);
  expect(titles.slice(0, 9)).toEqual([
    "Starting the CodeArts Repo emulator",
    "Creating stack 'demo' of examples/team-repository on a local file backend",
    "pulumi up",
    "In the console: bob becomes maintainer, the ci webhook is deleted, carol is added as developer",
    "codeartsrepo drift (finds all three, exits 2)",
    "codeartsrepo drift --remediate --json drift.json (puts back bob's role and the webhook; carol stays, reported, until a person decides)",
    "codeartsrepo prune --from drift.json (a person read the report and agreed: carol's access goes)",
    "codeartsrepo drift (clean, exits 0)",
    "pulumi destroy",
  ]);
  expect(titles[9]).toMatch(/^Done: \d+ API requests$/);
  // The first report names each of the three changes, bob's in the program's words, ranked.
  const firstReport = sections[4];
  for (const name of ["bob", "ci", "carol"]) expect(firstReport).toMatch(new RegExp(`\\b${name}\\b`));
  expect(firstReport).toContain("role: recorded developer, live maintainer, program developer");
  expect(firstReport).toMatch(/member bob {2}\[Member bob, high \(member-role-raised\)\]/);
  // prune removed carol, and only her, as a logged JSON line.
  expect(sections[6].match(/^\{"action":"removed".*\}$/gm)).toEqual([expect.stringContaining('"object":"team-service · member carol"')]);
  expect(stdout + stderr).not.toContain("demo-webhook-token");
  // The program's copy carries a package.json, so @pulumi/pulumi's runner finds its project root
  // (scripts/lib/program-copy.ts); without one every run warned a new user about it.
  expect(stdout + stderr).not.toContain("Could not find a package.json");
  expect(stdout + stderr).not.toMatch(/^\s*warning:/m);
  for (const dir of [repositoryRoot, join(repositoryRoot, "examples", "team-repository")]) expect(existsSync(join(dir, "Pulumi.demo.yaml"))).toBe(false);
});
