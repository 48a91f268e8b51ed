/**
 * `codeartsrepo drift` and `codeartsrepo preview`: the CI front ends of pulumi-codeartsrepo/gitops.
 *
 * Exit codes, the contract a CI job branches on: 0 nothing found (no drift / no changes), 2 drift
 * or changes found, 1 the run failed (bad stack, credentials, API failure, bad flags). An error is
 * never 2 and a finding is never 0.
 */
import { accessSync, constants, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { STACK_PLACEHOLDER, combineReports, detectDrift, detectDriftAcross, optionsOfStack, remediateDrift, stacksOf } from "../gitops/drift";
import { toJUnit, toMarkdown, toText } from "../gitops/formats";
import { parseIgnoreFile } from "../gitops/ignore";
import { previewChanges } from "../gitops/preview";
import { toSarif } from "../gitops/sarif";
import type { DriftReport, GitopsReport } from "../gitops/report";
import { FAIL_ON, FailOn, atLeast } from "../gitops/severity";
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
  --sarif FILE         write the report as SARIF 2.1.0 for code scanning: one result per finding, at
                       the stack's config file
  --ignore FILE        leave out the objects and fields FILE names: lines "<resourceType> <name> [<field>]"
  -h, --help           this help`;

const DRIFT_HELP = `Usage: codeartsrepo drift [options]

${DRIFT_SUMMARY}.
Refreshes the stack in preview mode (nothing is written to the state) and reports per resource and
field the recorded, live and program values: changed, deleted, and unmanaged objects (members,
webhooks, deploy keys, protected branches and tags no resource declares), each ranked high, medium
or low by the direction of privilege (see the README, "Severity").

${COMMON_HELP}
  --stacks A,B,C       check these stacks of the project, in one report (each finding names its stack);
                       with --config-file, write {stack} in its path for each stack's file
  --all-stacks         check every stack of the project, in one report
  --fail-on LEVEL      exit 2 only for findings of this severity or higher: high, medium or low
                       (default: any finding)
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
  sarif: { type: "string" },
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
  if (values.sarif) writeFileSync(values.sarif as string, toSarif(report, { stackFile: stackFileOf(values) }));
}

/**
 * The stack's config file as code scanning wants a location: relative to the directory the job
 * runs in (the repository's root), with forward slashes. `--config-file` when given, else
 * Pulumi.<stack>.yaml in the project directory (a stack `org/project/dev` keeps Pulumi.dev.yaml).
 */
function stackFileOf(values: Record<string, string | boolean | undefined>): (stack: string) => string {
  const projectDir = typeof values.cwd === "string" ? values.cwd : ".";
  return (stack) => {
    const configFile = typeof values["config-file"] === "string" ? values["config-file"].replaceAll(STACK_PLACEHOLDER, stack) : undefined;
    const file = configFile ?? join(projectDir, `Pulumi.${stack.split("/").pop()}.yaml`);
    return relative(process.cwd(), resolve(file)).split(sep).join("/");
  };
}

const REPORT_FLAGS = ["json", "markdown", "junit", "sarif"] as const;

/**
 * Refuses a report path that could not be written, before the run: a drift run refreshes every
 * resource of the stack, and a typo in `--json`'s directory would otherwise throw that away at the end.
 */
function checkReportPaths(values: Record<string, string | boolean | undefined>): void {
  for (const flag of REPORT_FLAGS) {
    const path = values[flag];
    if (typeof path !== "string" || path === "") continue;
    const problem = whyNotWritable(path);
    if (problem) throw new UsageError(`--${flag} ${path}: ${problem}`);
  }
}

/** Why a file could not be written at `path` (undefined: it can), without creating or changing it. */
function whyNotWritable(path: string): string | undefined {
  const directory = dirname(resolve(path));
  const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);
  try {
    if (!statSync(directory).isDirectory()) return `${directory} is not a directory`;
  } catch (error) {
    return codeOf(error) === "ENOENT" ? `the directory ${directory} does not exist` : `cannot reach the directory ${directory} (${codeOf(error)})`;
  }
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) return "that is a directory, not a file";
  try {
    accessSync(existing ? path : directory, constants.W_OK);
  } catch (error) {
    return existing ? `the file cannot be written (${codeOf(error)})` : `the directory ${directory} cannot be written (${codeOf(error)})`;
  }
  return undefined;
}

/** The stacks a drift run covers: one (`--stack`, or the selected one), a list, or every stack of the project. */
function stacksToCheck(values: Record<string, string | boolean | undefined>): string[] | "all" | undefined {
  const chosen = ["stack", "stacks", "all-stacks"].filter((flag) => values[flag] !== undefined);
  if (chosen.length > 1) throw new UsageError(`--${chosen.join(" and --")} cannot be combined: choose one (see --help)`);
  if (values["all-stacks"]) return "all";
  if (values.stacks === undefined) return undefined;
  const names = String(values.stacks).split(",").map((name) => name.trim()).filter((name) => name !== "");
  if (names.length === 0) throw new UsageError("--stacks needs at least one stack name: --stacks dev,prod");
  return [...new Set(names)];
}

function failOn(values: Record<string, string | boolean | undefined>): FailOn {
  const level = values["fail-on"];
  if (level === undefined) return "low";
  if (!(FAIL_ON as readonly string[]).includes(String(level))) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${level}"`);
  return level as FailOn;
}

/** Checks one stack, remediating first when asked; prints the remediation's progress. */
async function driftOfStack(options: StackOptions, remediate: boolean): Promise<DriftReport> {
  const report = await detectDrift(options);
  if (!remediate || report.findings.length === 0) return report;
  process.stdout.write(toText(report));
  const result = await remediateDrift(options, report);
  process.stdout.write(`remediation: restored ${result.restored.length} resource(s) with pulumi up --refresh\n`);
  for (const { finding, reason } of result.leftAlone) process.stdout.write(`  left alone: ${finding.object}: ${reason}\n`);
  return result.after;
}

export async function runDriftCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    ...COMMON_OPTIONS,
    remediate: { type: "boolean" },
    stacks: { type: "string" },
    "all-stacks": { type: "boolean" },
    "fail-on": { type: "string" },
  });
  if (values.help) {
    process.stdout.write(DRIFT_HELP);
    return ExitCode.clean;
  }
  const threshold = failOn(values);
  const stacks = stacksToCheck(values);
  const configFile = values["config-file"] as string | undefined;
  if (stacks !== undefined && configFile !== undefined && !configFile.includes(STACK_PLACEHOLDER)) {
    throw new UsageError(`with --stacks or --all-stacks, --config-file names each stack's file with ${STACK_PLACEHOLDER} in it (e.g. infra/Pulumi.${STACK_PLACEHOLDER}.yaml)`);
  }
  checkReportPaths(values);
  const options = stackOptions(values);
  let report: DriftReport;
  if (stacks === undefined) report = await driftOfStack(options, Boolean(values.remediate));
  else if (!values.remediate) report = await detectDriftAcross(options, stacks);
  else {
    // Every stack is named and checked before any is changed: an unknown one fails the run first.
    const reports: DriftReport[] = [];
    for (const stack of await stacksOf(options, stacks)) reports.push(await driftOfStack(optionsOfStack(options, stack), true));
    report = combineReports(reports);
  }
  writeReports(report, values);
  process.stdout.write(toText(report));
  return report.findings.some((finding) => atLeast(finding.severity, threshold)) ? ExitCode.found : ExitCode.clean;
}

export async function runPreviewCommand(args: string[]): Promise<number> {
  const values = parse(args, { ...COMMON_OPTIONS, refresh: { type: "boolean" } });
  if (values.help) {
    process.stdout.write(PREVIEW_HELP);
    return ExitCode.clean;
  }
  checkReportPaths(values);
  const report = await previewChanges({ ...stackOptions(values), refresh: Boolean(values.refresh) });
  writeReports(report, values);
  process.stdout.write(toText(report));
  return report.findings.length > 0 ? ExitCode.found : ExitCode.clean;
}
