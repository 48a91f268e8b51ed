/** The built `codeartsrepo` command (dist/cli/codeartsrepo.js), run against a stack as a CI job runs it. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { repositoryRoot } from "./packages";

export const CODEARTSREPO_COMMAND = join(repositoryRoot, "dist", "cli", "codeartsrepo.js");

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `codeartsrepo <args>` with the sandbox's backend and its stack config file, in `cwd` (the
 * program's directory); `env` is added to the sandbox's environment.
 */
export function runCodeartsrepo(pulumi: PulumiSandbox, cwd: string, args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  const child = spawn(process.execPath, [CODEARTSREPO_COMMAND, ...args, "--cwd", cwd, "--config-file", pulumi.configFile], { env: { ...pulumi.environment(), ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.on("close", (code) => done({ code: code ?? -1, stdout, stderr })));
}
