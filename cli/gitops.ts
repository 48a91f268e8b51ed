/**
 * `codeartsrepo drift` and `codeartsrepo preview`: the CI front ends of pulumi-codeartsrepo/gitops.
 *
 * Exit codes, the contract a CI job branches on: 0 nothing found (no drift / no changes), 2 drift
 * or changes found, 1 the run failed (bad stack, credentials, API failure, bad flags). An error is
 * never 2 and a finding is never 0.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { detectDrift, remediateDrift } from "../gitops/drift";
import { toJUnit, toMarkdown, toText } from "../gitops/formats";
import { parseIgnoreFile } from "../gitops/ignore";
import { previewChanges } from "../gitops/preview";
import type { GitopsReport } from "../gitops/report";
import type { StackOptions } from "../gitops/stack";

export const ExitCode = { clean: 0, error: 1, found: 2 } as const;

export const DRIFT_SUMMARY = "report what changed in CodeArts Repo outside the program (exit 0 clean, 2 drift, 1 error)";
export const PREVIEW_SUMMARY = "report what the program would change, per field (exit 0 none, 2 changes, 1 error)";

const COMMON_HELP = `  --cwd DIR            the Pulumi project directory (default: the current directory)
  --stack NAME         the stack (default: the selected stack)
  --config-file FILE   stack config file other than Pulumi.<stack>.yaml (as pulumi's --config-file)
  --json FILE          write the report as JSON (versioned; see the README, "Drift detection")
  --markdown FILE      write the report as Markdown for a job summary or MR comment (empty when clean)
  --junit FILE         write the report as JUnit XML: one failing test case per finding
  --ignore FILE        leave out the objects and fields FILE names: lines "<resourceType> <name> [<field>]"
  -h, --help           this help`;

const DRIFT_HELP = `Usage: codeartsrepo drift [options]

${DRIFT_SUMMARY}.
Refreshes the stack in preview mode (nothing is written to the state) and reports per resource and
field the recorded, live and program values: changed, deleted, and unmanaged objects (members,
webhooks, deploy keys, protected branches and tags no resource declares).

${COMMON_HELP}
  --remediate          restore changed and deleted resources (pulumi up --refresh, targeted at them),
                       never touching a repository or an unmanaged object; then check again
`;

const PREVIEW_HELP = `Usage: codeartsrepo preview [options]

${PREVIEW_SUMMARY}.

${COMMON_HELP}
  --refresh            refresh first, so the plan starts from what is live
`;

const COMMON_OPTIONS = {
  cwd: { type: "string" },
  stack: { type: "string" },
  "config-file": { type: "string" },
  json: { type: "string" },
  markdown: { type: "string" },
  junit: { type: "string" },
  ignore: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Bad flags are an error of the run: exit 1, like any other. */
class UsageError extends Error {}

function parse<O extends Record<string, { type: "string" | "boolean"; short?: string }>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
}

function stackOptions(values: Record<string, string | boolean | undefined>): StackOptions {
  return {
    cwd: values.cwd as string | undefined,
    stack: values.stack as string | undefined,
    configFile: values["config-file"] as string | undefined,
    ignore: values.ignore ? parseIgnoreFile(values.ignore as string) : undefined,
  };
}

function writeReports(report: GitopsReport, values: Record<string, string | boolean | undefined>): void {
  if (values.json) writeFileSync(values.json as string, JSON.stringify(report, null, 2) + "\n");
  if (values.markdown) writeFileSync(values.markdown as string, toMarkdown(report));
  if (values.junit) writeFileSync(values.junit as string, toJUnit(report));
}

export async function runDriftCommand(args: string[]): Promise<number> {
  const values = parse(args, { ...COMMON_OPTIONS, remediate: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(DRIFT_HELP);
    return ExitCode.clean;
  }
  const options = stackOptions(values);
  let report = await detectDrift(options);
  if (values.remediate && report.findings.length > 0) {
    process.stdout.write(toText(report));
    const result = await remediateDrift(options, report);
    process.stdout.write(`remediation: restored ${result.restored.length} resource(s) with pulumi up --refresh\n`);
    for (const { finding, reason } of result.leftAlone) process.stdout.write(`  left alone: ${finding.object}: ${reason}\n`);
    report = result.after;
  }
  writeReports(report, values);
  process.stdout.write(toText(report));
  return report.findings.length > 0 ? ExitCode.found : ExitCode.clean;
}

export async function runPreviewCommand(args: string[]): Promise<number> {
  const values = parse(args, { ...COMMON_OPTIONS, refresh: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(PREVIEW_HELP);
    return ExitCode.clean;
  }
  const report = await previewChanges({ ...stackOptions(values), refresh: Boolean(values.refresh) });
  writeReports(report, values);
  process.stdout.write(toText(report));
  return report.findings.length > 0 ? ExitCode.found : ExitCode.clean;
}
