/**
 * The Python SDK generated from plugin/schema.json, as a user makes it (README "Python"): `pulumi
 * package gen-sdk` writes it, and pip installs it into a virtualenv of its own, beside the pulumi
 * package of scripts/toolchain.sh's virtualenv (the version its pulumi-language-python-exec is
 * written for). Nothing is written into the repository or the toolchain's virtualenv.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { repositoryRoot } from "./packages";

const execFileAsync = promisify(execFile);

/** The committed package schema, from which the SDK is generated. */
export const SCHEMA_PATH = join(repositoryRoot, "plugin", "schema.json");

/** The toolchain's virtualenv (CODEARTSREPO_PYTHON_VENV), which holds the tested pulumi package. */
export function toolchainPythonVenv(): string {
  const venv = process.env.CODEARTSREPO_PYTHON_VENV;
  if (!venv) throw new Error("CODEARTSREPO_PYTHON_VENV is not set. Run the suite with `npm test`, which sources scripts/toolchain.sh.");
  return venv;
}

/** Runs a command; its failure says what it printed. Asynchronous: an emulator may answer from this process meanwhile. */
export async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 << 20 });
    return stdout + stderr;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

/**
 * Environment variables for `pip install` (to add to the rest): offline, from the toolchain's
 * wheels, with pulumi pinned to the toolchain virtualenv's version, so the SDK's
 * `pulumi>=3.0.0,<4.0.0` resolves to the version the language host's exec script is tested with.
 */
export async function pinnedPipEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const python = join(toolchainPythonVenv(), "bin", "python");
  const version = (await run(python, ["-c", 'import importlib.metadata as m; print(m.version("pulumi"))'], { cwd: dir })).trim();
  const constraints = join(dir, "pulumi-constraint.txt");
  writeFileSync(constraints, `pulumi==${version}\n`);
  // Offline, from the wheels scripts/toolchain.sh downloaded once: `npm test` needs no PyPI.
  const wheels = process.env.CODEARTSREPO_PYTHON_WHEELS;
  if (!wheels) throw new Error("CODEARTSREPO_PYTHON_WHEELS is not set. Run the suite with `npm test`, which sources scripts/toolchain.sh.");
  return { PIP_CONSTRAINT: constraints, PIP_DISABLE_PIP_VERSION_CHECK: "1", PIP_NO_INDEX: "1", PIP_FIND_LINKS: wheels };
}

/**
 * Generates the SDK into `<dir>/sdk` and installs it into a new virtualenv `<dir>/venv`, as the
 * README's commands do. Returns the virtualenv's python, for PULUMI_PYTHON_CMD or a Pulumi.yaml's
 * `virtualenv` option.
 */
export async function pythonWithGeneratedSdk(dir: string): Promise<string> {
  await run("pulumi", ["package", "gen-sdk", SCHEMA_PATH, "--language", "python", "--out", join(dir, "sdk")], { cwd: dir });
  await run("python3", ["-m", "venv", join(dir, "venv")], { cwd: dir });
  await run(join(dir, "venv", "bin", "pip"), ["install", "--no-input", "-q", join(dir, "sdk", "python")], { cwd: dir, env: { ...process.env, ...(await pinnedPipEnv(dir)) } });
  return join(dir, "venv", "bin", "python");
}
