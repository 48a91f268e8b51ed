#!/usr/bin/env node
/**
 * `codeartsrepo <subcommand> [options]`: the package's one command. A subcommand is an entry of
 * {@link SUBCOMMANDS}: a name, the line `codeartsrepo --help` shows for it, and a function that
 * gets the arguments after its name (and answers `--help` itself). A new subcommand (drift,
 * preview, import, …) is one more entry; nothing else here changes.
 */
import { EMULATOR_SUMMARY, runEmulatorCommand } from "../emulator/cli";
import { DRIFT_SUMMARY, ExitCode, PREVIEW_SUMMARY, runDriftCommand, runPreviewCommand } from "./gitops";
import { IMPORT_SUMMARY, runImportCommand } from "../importer/command";
import { PRUNE_SUMMARY, runPruneCommand } from "./prune";

/** A subcommand of `codeartsrepo`. */
export interface Subcommand {
  /** One line for `codeartsrepo --help`. */
  summary: string;
  /**
   * Runs it with the arguments after its name and resolves to the exit code (nothing: 0, or keep
   * running, as a server does). A thrown error prints its message and exits with `errorExitCode`.
   */
  run(args: string[]): Promise<number | void>;
  /** The exit code of a thrown error: 2 by default; 1 where 2 means "found something" (drift, preview). */
  errorExitCode?: number;
  /** A one-shot command: the process exits when it resolves, whatever connections are still open. */
  exitsWhenDone?: boolean;
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  emulator: { summary: EMULATOR_SUMMARY, run: runEmulatorCommand },
  drift: { summary: DRIFT_SUMMARY, run: runDriftCommand, errorExitCode: ExitCode.error, exitsWhenDone: true },
  preview: { summary: PREVIEW_SUMMARY, run: runPreviewCommand, errorExitCode: ExitCode.error, exitsWhenDone: true },
  import: { summary: IMPORT_SUMMARY, run: runImportCommand },
  prune: { summary: PRUNE_SUMMARY, run: runPruneCommand, errorExitCode: ExitCode.error, exitsWhenDone: true },
};

function help(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    "Usage: codeartsrepo <subcommand> [options]",
    "",
    "Command-line tools of pulumi-codeartsrepo (Pulumi resources for Huawei Cloud CodeArts Repo).",
    "",
    "Subcommands:",
    ...lines,
    "",
    "`codeartsrepo <subcommand> --help` describes a subcommand's options.",
    "",
  ].join("\n");
}

/** Dispatches `args` (what follows `codeartsrepo`); resolves to the exit code, or runs until stopped. */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help());
    return name === undefined ? 2 : 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    process.stderr.write(`codeartsrepo: unknown subcommand "${name}"; one of: ${Object.keys(SUBCOMMANDS).join(", ")} (see codeartsrepo --help)\n`);
    // 1, not 2: a CI job running `codeartsrepo drift` on a package too old to have it must see an
    // error, and 2 is drift's "findings" code.
    return 1;
  }
  try {
    return (await subcommand.run(rest)) ?? 0;
  } catch (error) {
    process.stderr.write(`codeartsrepo ${name}: ${(error as Error).message}\n`);
    return subcommand.errorExitCode ?? 2;
  }
}

if (require.main === module) {
  const name = process.argv[2];
  main(process.argv.slice(2)).then((code) => {
    // A server subcommand keeps running after its promise resolves; only failures end it here.
    const oneShot = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) && SUBCOMMANDS[name].exitsWhenDone;
    if (code !== 0 || oneShot) process.exit(code);
  });
}
