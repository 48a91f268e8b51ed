/**
 * `detectDrift()`: what changed in CodeArts Repo since the stack last recorded it, per resource and
 * per field, and what was added there that no resource declares. Nothing is written to the state.
 *
 * One drift run is: the recorded state (`stack export`), a refresh in preview mode (`pulumi
 * refresh --preview-only`: live values; its provider captures the lists it reads), a preview
 * without refresh (the program's values), the unmanaged-object pass over the captured lists, and
 * the recorded state once more. None of them takes the stack's lock, so drift runs beside an
 * update; a state with operations pending, or one that changed between the two reads, ends the
 * run with "stack … is being updated" (exit 1) instead of a report.
 * Only the refresh calls the CodeArts API (one call per list, shared by all resources of a kind
 * in a repository), so a drift run costs about one API call per resource.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { CodeArtsClient, LIST_CAPTURE_ENV } from "../api/client";
import { applyIgnoreRules } from "./ignore";
import { RepositoryNames, declaredByRepository, describeObject } from "./objects";
import { DriftReport, FieldDifference, Finding, sortFindings } from "./report";
import { ranked } from "./severity";
import { resourceOfType } from "../provider/registry";
import { CapturedLists, findUnmanaged } from "./unmanaged";
import {
  GitopsError,
  StackOptions,
  StackResource,
  asGitopsError,
  asStackResource,
  automation,
  differingFields,
  engineEnv,
  eventLog,
  openStack,
  providerConfigOf,
  recordedState,
  reportValue,
  resourceTypeOf,
} from "./stack";

export type DriftOptions = StackOptions;

/** Fields that say where a resource lives, not how it is set: never listed for a deleted resource. */
const PLACEMENT = new Set(["repositoryId", "repositoryUuid", "projectId"]);

/** The program's inputs per URN, from a preview's step events (every resource has one, `same` included). */
export function programInputs(events: EngineEvent[]): Map<string, StackResource> {
  const inputs = new Map<string, StackResource>();
  for (const event of events) {
    const metadata = event.resourcePreEvent?.metadata;
    if (!metadata?.new || !resourceTypeOf(metadata.type)) continue;
    inputs.set(metadata.urn, asStackResource(metadata.new as unknown as Record<string, unknown>));
  }
  return inputs;
}

interface Refreshed {
  urn: string;
  op: string;
  old?: StackResource;
  live?: StackResource;
}

/** What refresh found for each resource: `same`, `update` (read back different) or `delete` (gone). */
function refreshOutcomes(events: EngineEvent[]): Refreshed[] {
  const outcomes: Refreshed[] = [];
  for (const event of events) {
    const metadata = event.resOutputsEvent?.metadata;
    if (!metadata || !resourceTypeOf(metadata.type)) continue;
    outcomes.push({
      urn: metadata.urn,
      op: metadata.op,
      old: metadata.old ? asStackResource(metadata.old as unknown as Record<string, unknown>) : undefined,
      live: metadata.new ? asStackResource(metadata.new as unknown as Record<string, unknown>) : undefined,
    });
  }
  return outcomes;
}

/**
 * The changed fields with live values in the program's words where the stack's evidence names
 * them (the kind's `liveInProgramWords`); a field whose live value then equals the recorded one
 * is no drift after all.
 */
function inProgramWords(resourceType: string, fields: FieldDifference[], live: Record<string, unknown>, declared: Record<string, unknown>[]): FieldDifference[] {
  const words = resourceOfType(resourceType)?.report;
  const hook = words && "liveInProgramWords" in words ? words.liveInProgramWords : undefined;
  if (!hook) return fields;
  return fields.flatMap((field) => {
    const named = hook(field.field, live, declared);
    if (!named) return [field];
    if (named.value === field.recorded && named.note === undefined) return [];
    return [{ ...field, live: reportValue(named.value), ...(named.note ? { note: named.note } : {}) }];
  });
}

function driftFindings(recorded: StackResource[], refreshed: Refreshed[], desired: Map<string, StackResource>): Finding[] {
  const repositories = new RepositoryNames(recorded);
  const declaredIn = declaredByRepository(recorded);
  const byUrn = new Map(recorded.map((resource) => [resource.urn, resource]));
  const findings: Finding[] = [];
  for (const outcome of refreshed) {
    const before = outcome.old ?? byUrn.get(outcome.urn);
    if (!before) continue;
    const program = desired.get(outcome.urn)?.inputs;
    const base = {
      resourceType: before.resourceType,
      name: before.name,
      urn: outcome.urn,
      object: describeObject(before.resourceType, before.outputs, repositories, before.name),
    };
    if (outcome.op === "delete" || !outcome.live) {
      const declared = Object.keys(program ?? before.inputs).filter((field) => !PLACEMENT.has(field)).sort();
      findings.push(
        ranked({
          ...base,
          kind: "deleted",
          fields: declared.map((field) => ({ field, recorded: reportValue(before.outputs[field]), live: null, desired: reportValue(program?.[field]) })),
        }, before.outputs),
      );
      continue;
    }
    const live = outcome.live;
    const differing = differingFields(before.outputs, live.outputs).map((field) => ({
      field,
      recorded: reportValue(before.outputs[field]),
      live: reportValue(live.outputs[field]),
      desired: reportValue(program?.[field]),
    }));
    const declared = declaredIn(before.resourceType, before.outputs.repositoryId);
    const fields = inProgramWords(before.resourceType, differing, { ...live.outputs, ...live.bookkeeping }, declared);
    if (fields.length === 0) continue;
    findings.push(ranked({ ...base, kind: "changed", fields }, before.outputs));
  }
  return findings;
}

/** Notes for what no drift run can see, so the report never pretends. */
function blindSpots(recorded: StackResource[], repositories: RepositoryNames): string[] {
  const hooks = recorded.filter((resource) => resource.resourceType === "Webhook" && resource.outputs.tokenHash !== undefined);
  if (hooks.length === 0) return [];
  const names = hooks.map((hook) => describeObject("Webhook", hook.outputs, repositories, hook.name)).join(", ");
  return [
    `Webhook tokens cannot be read back (the service answers a mask), so a token changed in the console is not detected (${names}); ` +
      "rotate the token in the program to set it again.",
  ];
}

/** The run's error when an update writes the stack's state while drift reads it: exit 1, never a finding. */
function beingUpdated(stack: string, why: string): GitopsError {
  return new GitopsError(`stack ${stack} is being updated: ${why}. Run drift again when the update has ended.`);
}

/** Runs the drift check on an existing stack. Throws {@link GitopsError} when the run itself fails. */
export async function detectDrift(options: DriftOptions = {}): Promise<DriftReport> {
  const captureDir = mkdtempSync(join(tmpdir(), "codeartsrepo-drift-"));
  const captureFile = join(captureDir, "lists.jsonl");
  try {
    const stack = await openStack(options, { [LIST_CAPTURE_ENV]: captureFile });
    return await driftOf(stack, options, captureFile);
  } finally {
    rmSync(captureDir, { recursive: true, force: true });
  }
}

async function driftOf(stack: Stack, options: DriftOptions, captureFile: string): Promise<DriftReport> {
  const state = await recordedState(stack).catch((error) => Promise.reject(asGitopsError(error, "cannot read the stack's state")));
  if (state.pending.length > 0) {
    throw beingUpdated(
      stack.name,
      `its state holds ${state.pending.length} operation(s) an update began and has not finished (${state.pending.join(", ")}). ` +
        'If no update is running, one was killed: recover it as the README\'s "Recovering a run that was killed" says (pulumi cancel, then pulumi refresh --clear-pending-creates)',
    );
  }
  const recorded = state.resources;
  const refresh = eventLog();
  try {
    await stack.previewRefresh({ configFile: options.configFile, onEvent: refresh.onEvent });
  } catch (error) {
    throw asGitopsError(error, "refresh failed");
  }
  const plan = eventLog();
  try {
    await stack.preview({ configFile: options.configFile, onEvent: plan.onEvent });
  } catch (error) {
    throw asGitopsError(error, "the program's preview failed");
  }
  const refreshed = refreshOutcomes(refresh.events);
  const gone = new Set(refreshed.filter((outcome) => outcome.op === "delete").map((outcome) => outcome.urn));
  const liveRepositories = recorded.filter((resource) => resource.resourceType === "Repository" && !gone.has(resource.urn));
  let client: Promise<CodeArtsClient> | undefined;
  const clientOnce = () => (client ??= providerConfigOf(stack, options).then((config) => CodeArtsClient.fromConfig(config)));
  let unmanaged: Finding[];
  const inheritedNotes: string[] = [];
  try {
    unmanaged = await findUnmanaged(recorded, liveRepositories, CapturedLists.fromFile(captureFile), clientOnce, inheritedNotes);
  } catch (error) {
    throw asGitopsError(error, "listing the repositories' members, webhooks, keys and protections failed");
  }
  // Refresh in preview mode takes no lock, so an update may have run meanwhile: what drift read
  // live would then be the update's own work, reported as drift. Drift reports only a state that
  // stayed as it was from the first read to the last.
  const after = await recordedState(stack).catch((error) => Promise.reject(asGitopsError(error, "cannot read the stack's state")));
  if (after.checkpoint !== state.checkpoint) {
    throw beingUpdated(stack.name, "its state changed while drift read CodeArts Repo, so what differs could be the update's own work, not drift");
  }
  const all = [...driftFindings(recorded, refreshed, programInputs(plan.events)), ...unmanaged];
  const { findings, ignoredObjects, ignoredFields } = applyIgnoreRules(all, options.ignore ?? []);
  const notes = [...blindSpots(recorded, new RepositoryNames(recorded)), ...inheritedNotes];
  if (ignoredObjects + ignoredFields > 0) notes.push(`Left out by the ignore rules: ${ignoredObjects} object(s), ${ignoredFields} field(s).`);
  const count = (kind: Finding["kind"]) => findings.filter((finding) => finding.kind === kind).length;
  return DriftReport.parse({
    version: 1,
    command: "drift",
    stack: stack.name,
    generatedAt: new Date().toISOString(),
    summary: { resources: recorded.length, changed: count("changed"), deleted: count("deleted"), unmanaged: count("unmanaged") },
    findings: sortFindings(findings),
    notes,
  });
}

export interface RemediationResult {
  /** The report that was acted on. */
  before: DriftReport;
  /** URNs `up --refresh` was targeted at. */
  restored: string[];
  /** Findings left alone on purpose, with why. */
  leftAlone: { finding: Finding; reason: string }[];
  /** The drift check after remediation: clean when the remediation worked. */
  after: DriftReport;
}

/**
 * Restores changed and deleted resources with `pulumi up --refresh` targeted at them only, then
 * checks again. Never acts on a repository (no API changes its settings, and re-creating or
 * replacing one is never a remediation), and leaves unmanaged objects alone: removing access
 * someone granted is a decision for a person.
 */
export async function remediateDrift(options: DriftOptions = {}, before?: DriftReport): Promise<RemediationResult> {
  const report = before ?? (await detectDrift(options));
  const leftAlone: RemediationResult["leftAlone"] = [];
  const restored: string[] = [];
  for (const finding of report.findings) {
    if (finding.kind === "unmanaged") leftAlone.push({ finding, reason: "unmanaged objects are left alone: remove it in the console, or declare it in the program" });
    else if (finding.resourceType === "Repository") leftAlone.push({ finding, reason: "a repository is never changed, replaced or re-created by a remediation: put it back in the console, or change the program" });
    else if (finding.urn) restored.push(finding.urn);
  }
  if (restored.length > 0) {
    const stack = await openStack(options);
    try {
      await stack.up({ refresh: true, target: restored, configFile: options.configFile });
    } catch (error) {
      throw asGitopsError(error, "remediation (pulumi up --refresh) failed");
    }
  }
  return { before: report, restored, leftAlone, after: await detectDrift(options) };
}

/**
 * One report over several stacks of a project (`--stacks`, `--all-stacks`): each stack checked in
 * turn, every finding marked with its stack, the counts summed, each note prefixed with its stack.
 * An unknown stack fails the whole run before any is checked. A `configFile` names each stack's
 * file with `{stack}` in it (`infra/Pulumi.{stack}.yaml`).
 */
export async function detectDriftAcross(options: DriftOptions, stacks: string[] | "all"): Promise<DriftReport> {
  const names = await stacksOf(options, stacks);
  const reports: DriftReport[] = [];
  for (const stack of names) reports.push(await detectDrift(optionsOfStack(options, stack)));
  return combineReports(reports);
}

/** One stack's options out of a run over several: its name, and its own config file. */
export function optionsOfStack(options: DriftOptions, stack: string): DriftOptions {
  return { ...options, stack, configFile: options.configFile?.replaceAll(STACK_PLACEHOLDER, stack) };
}

/** What `--config-file` holds in place of the stack's name when a run covers several. */
export const STACK_PLACEHOLDER = "{stack}";

/** The stacks named (each checked to open), or every stack of the project; fails before any check runs. */
export async function stacksOf(options: DriftOptions, stacks: string[] | "all"): Promise<string[]> {
  const names = stacks === "all" ? await projectStacks(options) : stacks;
  if (names.length === 0) throw new GitopsError(`no stack to check in ${options.cwd ?? process.cwd()}`);
  for (const stack of names) await openStack(optionsOfStack(options, stack));
  return names;
}

/** Every stack of the project in the working directory, by name. */
async function projectStacks(options: DriftOptions): Promise<string[]> {
  const { LocalWorkspace } = automation();
  try {
    const workspace = await LocalWorkspace.create({ workDir: options.cwd ?? process.cwd(), envVars: engineEnv(options) });
    return (await workspace.listStacks()).map((stack) => stack.name).sort();
  } catch (error) {
    throw asGitopsError(error, "cannot list the project's stacks");
  }
}

export function combineReports(reports: DriftReport[]): DriftReport {
  const names = reports.map((report) => report.stack);
  const sum = (key: keyof DriftReport["summary"]) => reports.reduce((total, report) => total + report.summary[key], 0);
  return DriftReport.parse({
    version: 1,
    command: "drift",
    stack: names.join(","),
    stacks: names,
    generatedAt: new Date().toISOString(),
    summary: { resources: sum("resources"), changed: sum("changed"), deleted: sum("deleted"), unmanaged: sum("unmanaged") },
    findings: sortFindings(reports.flatMap((report) => report.findings.map((finding) => ({ ...finding, stack: report.stack })))),
    notes: reports.flatMap((report) => report.notes.map((note) => `[${report.stack}] ${note}`)),
  });
}

export { GitopsError };
