/**
 * The `codeartsrepo` command (dist/cli/codeartsrepo.js, the package's bin) and its `emulator`
 * subcommand, run as a user runs them; `codeartsrepo-emulator` stays an alias of the subcommand.
 * `drift` and `preview` run against a stack in tests/e2e/drift.test.ts, `prune` in
 * tests/e2e/prune.test.ts; here, only what needs none.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import got from "got";

const COMMAND = join(__dirname, "../../dist/cli/codeartsrepo.js");
const ALIAS = join(__dirname, "../../dist/emulator/cli.js");

function run(script: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a serving command, returns the base URL it prints and stops it. */
async function serveOnce(script: string, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [script, ...args]);
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${script} exited ${code} before printing its URL`)));
    });
    const seed = await got.get(`${line.trim()}/__emulator/seed`).json<{ project: { id: string } }>();
    expect(seed.project.id).toMatch(/^[0-9a-f]{32}$/);
    return line;
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("close", resolve)));
  }
}

describe("codeartsrepo", () => {
  it("lists its subcommands with --help and exits 0", () => {
    const result = run(COMMAND, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: codeartsrepo <subcommand> \[options\]/);
    expect(result.stdout).toMatch(/^ {2}emulator {2}run a local CodeArts Repo \+ IAM server/m);
    expect(result.stdout).toMatch(/^ {2}import {4}write a Pulumi program that adopts a CodeArts project/m);
  });

  it("describes `import` with `import --help`, and refuses it without --project", () => {
    const help = run(COMMAND, "import", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: codeartsrepo import --project <uuid> --out DIR \[options\]/);
    const missing = run(COMMAND, "import", "--out", "somewhere");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("codeartsrepo import: --project is required: the CodeArts project id (32 hexadecimal characters)\n");
  });

  it("prints the same list without arguments, but exits non-zero: nothing was run", () => {
    const result = run(COMMAND);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(run(COMMAND, "--help").stdout);
  });

  it("refuses an unknown subcommand with exit 1 (never drift's 2), naming it and the known ones", () => {
    const result = run(COMMAND, "drfit");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe('codeartsrepo: unknown subcommand "drfit"; one of: emulator, drift, preview, import, prune (see codeartsrepo --help)\n');
  });

  it("lists drift and preview with their exit codes", () => {
    const help = run(COMMAND, "--help").stdout;
    expect(help).toMatch(/^ {2}drift {5}report what changed in CodeArts Repo outside the program \(exit 0 clean, 2 drift, 1 error\)$/m);
    expect(help).toMatch(/^ {2}preview {3}report what the program would change, per field \(exit 0 none, 2 changes, 1 error\)$/m);
  });

  it.each(["drift", "preview"])("describes `%s --help` and exits 0", (name) => {
    const result = run(COMMAND, name, "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: codeartsrepo ${name} \\[options\\]`));
    for (const flag of ["--cwd DIR", "--stack NAME", "--json FILE", "--markdown FILE", "--junit FILE", "--sarif FILE", "--ignore FILE"]) expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain(name === "drift" ? "--remediate" : "--refresh");
  });

  it.each(["drift", "preview"])("exits 1 (an error, never 2: that means findings) for a bad `%s` flag or ignore file", (name) => {
    const flag = run(COMMAND, name, "--stak", "dev");
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(new RegExp(`^codeartsrepo ${name}: .*--stak.* \\(see --help\\)\n$`));
    const ignore = run(COMMAND, name, "--ignore", join(__dirname, "no-such-ignore-file"));
    expect(ignore.code).toBe(1);
    expect(ignore.stderr).toMatch(/no-such-ignore-file/);
  });

  it.each(["drift", "preview"])("`%s` refuses a report path it could not write before it opens the stack, naming the flag, the path and why", (name) => {
    const dir = mkdtempSync(join(tmpdir(), "codeartsrepo-cli-test-"));
    try {
      const aFile = join(dir, "a-file");
      writeFileSync(aFile, "");
      // No project there: a run that went ahead would fail on the stack instead, after the check.
      const noProject = ["--cwd", join(dir, "no-project")];
      const refusals = [
        [["--sarif", join(dir, "no-such-dir", "drift.sarif")], `--sarif ${join(dir, "no-such-dir", "drift.sarif")}: the directory ${join(dir, "no-such-dir")} does not exist`],
        [["--json", dir], `--json ${dir}: that is a directory, not a file`],
        [["--junit", join(aFile, "report.xml")], `--junit ${join(aFile, "report.xml")}: ${aFile} is not a directory`],
        // The first path is fine: each flag is checked, not only the first.
        [["--json", join(dir, "report.json"), "--markdown", join(dir, "missing", "r.md")], `--markdown ${join(dir, "missing", "r.md")}: the directory ${join(dir, "missing")} does not exist`],
      ] as const;
      for (const [flags, why] of refusals) {
        const result = run(COMMAND, name, ...noProject, ...flags);
        expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({ code: 1, stdout: "", stderr: `codeartsrepo ${name}: ${why}\n` });
      }
      // Writable paths pass the check: the run goes on, and fails on the missing project.
      const writable = run(COMMAND, name, ...noProject, "--json", join(dir, "report.json"), "--sarif", join(dir, "report.sarif"));
      expect(writable.code).toBe(1);
      expect(writable.stderr).not.toMatch(/--json|--sarif/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists prune and describes `prune --help`; refuses it without --from, or with a bad flag, with exit 1", () => {
    expect(run(COMMAND, "--help").stdout).toMatch(/^ {2}prune {5}remove the unmanaged objects a reviewed drift report lists \(exit 0 done, 2 some skipped, 1 error\)$/m);
    const help = run(COMMAND, "prune", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: codeartsrepo prune --from FILE \[options\]/);
    for (const flag of ["--from FILE", "--dry-run", "--cwd DIR", "--stack NAME", "--config-file FILE"]) expect(help.stdout).toContain(flag);
    const missing = run(COMMAND, "prune");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("codeartsrepo prune: --from is required: the reviewed report of codeartsrepo drift --json (see --help)\n");
    const flag = run(COMMAND, "prune", "--form", "report.json");
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/^codeartsrepo prune: .*--form.* \(see --help\)\n$/);
  });

  it("describes the emulator's options with `emulator --help`", () => {
    const result = run(COMMAND, "emulator", "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: codeartsrepo emulator \[options\] {3}\(alias: codeartsrepo-emulator \[options\]\)/);
    expect(result.stdout).toContain("--port <n>");
  });

  it("reports a bad emulator option with the subcommand's name and exits non-zero", () => {
    const result = run(COMMAND, "emulator", "--port", "many");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('codeartsrepo emulator: --port needs a whole number, got "many"\n');
  });

  it("serves the emulator with `emulator`", async () => {
    expect(await serveOnce(COMMAND, "emulator", "--port", "0")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
  });

  it("keeps `codeartsrepo-emulator` working as an alias: same help, same server", async () => {
    expect(run(ALIAS, "--help")).toEqual(run(COMMAND, "emulator", "--help"));
    expect(await serveOnce(ALIAS, "--port", "0")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});
