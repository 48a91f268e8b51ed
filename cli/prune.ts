/**
 * `codeartsrepo prune --from FILE`: removes the unmanaged objects of a reviewed drift report
 * (gitops/prune.ts), one JSON line per finding on stdout.
 *
 * Exit codes: 0 every prunable finding was removed (or, with --dry-run, would be); 2 a finding was
 * skipped because the live object no longer matches the report or the stack manages it, which a
 * person should look at; 1 the run failed (a bad or stale file, an unknown stack, an API error).
 * A finding no longer listed is no reason for 2: what the reviewer wanted holds.
 */
import { parseArgs } from "node:util";
import { PruneEntry, pruneUnmanaged } from "../gitops/prune";
import { ExitCode } from "./gitops";

export const PRUNE_SUMMARY = "remove the unmanaged objects a reviewed drift report lists (exit 0 done, 2 some skipped, 1 error)";

const PRUNE_HELP = `Usage: codeartsrepo prune --from FILE [options]

${PRUNE_SUMMARY}.
FILE is a report of codeartsrepo drift --json whose findings a person reviewed, deleting those to
keep. Each unmanaged member, deploy key, webhook and protected branch or tag left in it is removed
if the live object still has the report's id, name and key fingerprint and no resource of the stack
declares it; anything else is skipped, with the reason. Labels, branches and SSH keys are never
removed. Nothing is removed when the file is not a drift report, or the stack's state was written
after it (run drift again). One JSON line per finding on stdout:
{"action", "stack", "resourceType", "object", "identity", "skip"?, "reason"?, "at"}, where action is
removed, would-remove, skipped (skip: mismatch, managed or gone) or not-prunable.

  --from FILE          the reviewed drift report (required)
  --dry-run            say what would be removed, remove nothing
  --cwd DIR            the Pulumi project directory (default: the current directory)
  --stack NAME         the stack (default: the report's; required for a report over several stacks)
  --config-file FILE   stack config file other than Pulumi.<stack>.yaml (as pulumi's --config-file)
  -h, --help           this help
`;

const OPTIONS = {
  from: { type: "string" },
  "dry-run": { type: "boolean" },
  cwd: { type: "string" },
  stack: { type: "string" },
  "config-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function flags(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // A bad flag is an error of the run: exit 1, as for drift.
    throw new Error(`${(error as Error).message} (see --help)`);
  }
}

/** 2 when a skipped finding needs a person: the live object differs from the report, or is managed. */
export function pruneExitCode(entries: PruneEntry[]): number {
  return entries.some((entry) => entry.action === "skipped" && entry.skip !== "gone") ? ExitCode.found : ExitCode.clean;
}

export async function runPruneCommand(args: string[]): Promise<number> {
  const values = flags(args);
  if (values.help) {
    process.stdout.write(PRUNE_HELP);
    return ExitCode.clean;
  }
  if (!values.from) throw new Error("--from is required: the reviewed report of codeartsrepo drift --json (see --help)");
  const entries = await pruneUnmanaged({
    from: values.from,
    dryRun: values["dry-run"] === true,
    cwd: values.cwd,
    stack: values.stack,
    configFile: values["config-file"],
    log: (entry) => process.stdout.write(JSON.stringify(entry) + "\n"),
  });
  return pruneExitCode(entries);
}
