#!/usr/bin/env node
/**
 * `codeartsrepo <subcommand> [options]`: the package's one command. A subcommand is an entry of
 * {@link SUBCOMMANDS}: a name, the line `codeartsrepo --help` shows for it, and a function that
 * gets the arguments after its name (and answers `--help` itself). A new subcommand (drift,
 * preview, import, …) is one more entry; nothing else here changes.
 */
import { EMULATOR_SUMMARY, runEmulatorCommand } from "../emulator/cli";
import { IMPORT_SUMMARY, runImportCommand } from "../importer/command";

/** A subcommand of `codeartsrepo`. */
export interface Subcommand {
  /** One line for `codeartsrepo --help`. */
  summary: string;
  /** Runs it with the arguments after its name; a thrown error exits 2 with its message. */
  run(args: string[]): Promise<void>;
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  emulator: { summary: EMULATOR_SUMMARY, run: runEmulatorCommand },
  import: { summary: IMPORT_SUMMARY, run: runImportCommand },
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
    return 2;
  }
  try {
    await subcommand.run(rest);
    return 0;
  } catch (error) {
    process.stderr.write(`codeartsrepo ${name}: ${(error as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    // A server subcommand keeps running after its promise resolves; only failures end the process here.
    if (code !== 0) process.exit(code);
  });
}
