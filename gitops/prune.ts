/**
 * `pruneUnmanaged()`: removes the unmanaged objects of a drift report a person has reviewed
 * (`codeartsrepo drift --json`, then the findings to keep deleted from the file), and nothing else.
 *
 * The file is a list of objects someone agreed to remove, as they were when the report was made;
 * it is acted on only while that still holds. So a run checks everything before it removes
 * anything: the file (a version 1 drift report), the stack (one the report covers, its state
 * not written since the report), and for each finding the live object (still listed under the
 * report's id, with the report's name and key fingerprint, in a repository of the stack, and
 * declared by no resource of the stack). A file or stack that fails a check removes nothing; a
 * finding that fails one is skipped with the reason.
 *
 * Which kinds can be pruned, and how one of their objects is removed, each kind states in its
 * descriptor (`report.unmanaged.remove`, provider/resource.ts).
 */
import { readFileSync } from "node:fs";
import { CodeArtsClient } from "../api/client";
import type { PagedRouteName, RouteName } from "../api/routes";
import { unlessGone } from "../provider/lifecycle";
import { resourceOfType } from "../provider/registry";
import type { RepositoryWhere, UnmanagedObjects } from "../provider/resource";
import { DriftReport, Finding, ObjectIdentity } from "./report";
import { GitopsError, StackOptions, StackResource, asGitopsError, codeartsResources, openStack, providerConfigOf } from "./stack";

export const PRUNE_ACTIONS = ["removed", "would-remove", "skipped", "not-prunable"] as const;
export type PruneAction = (typeof PRUNE_ACTIONS)[number];

/**
 * Why a finding was skipped: `mismatch`, the live object (or its repository) is not what the
 * report says; `managed`, the stack declares it or the service made it; `gone`, it is no longer
 * listed (the report's aim already holds).
 */
export type SkipCause = "mismatch" | "managed" | "gone";

/** One finding's outcome: what a run logs, one JSON line each. */
export interface PruneEntry {
  action: PruneAction;
  stack: string;
  resourceType: string;
  /** As the report names it: "payments-svc · member alice". */
  object: string;
  /** As the report gives it; null for a finding that carries none. */
  identity: ObjectIdentity | null;
  /** Set on `skipped` entries. */
  skip?: SkipCause;
  reason?: string;
  /** ISO 8601, when the outcome was decided or the object removed. */
  at: string;
}

export interface PruneOptions extends StackOptions {
  /** The reviewed drift report. */
  from: string;
  /** Decide and log, remove nothing. */
  dryRun?: boolean;
  /** Called with each entry as it is decided, in the report's order. */
  log?: (entry: PruneEntry) => void;
}

// The descriptors type their lists' items; here an item passes from a list to its own kind only.
type AnyUnmanaged = UnmanagedObjects<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Removable = AnyUnmanaged & Required<Pick<AnyUnmanaged, "remove">>;

/** A finding prune may act on: an unmanaged object of a kind that says how to remove one. */
export interface PruneCandidate {
  finding: Finding;
  identity: ObjectIdentity;
  spec: Removable;
}

/** The report in `file`, checked: unreadable, not JSON, or not a version 1 drift report is an error naming the file. */
export function readDriftReport(file: string): DriftReport {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new GitopsError(`cannot read the drift report ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new GitopsError(`the drift report ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = DriftReport.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(the whole file)"}: ${issue.message}`);
    throw new GitopsError(`${file} is not a version 1 report of codeartsrepo drift --json: ${issues.join("; ")}`);
  }
  return parsed.data;
}

/**
 * The stack to prune (`stack`, else the one stack the report covers) and the report's findings
 * in it. A report over several stacks needs `stack`; a report that does not cover it is refused.
 */
export function findingsOfStack(report: DriftReport, file: string, stack: string | undefined): { stack: string; findings: Finding[] } {
  const covered = report.stacks ?? [report.stack];
  if (stack === undefined) {
    if (covered.length !== 1) throw new GitopsError(`${file} covers several stacks (${covered.join(", ")}): name the one to prune with --stack`);
    stack = covered[0];
  }
  if (!covered.includes(stack)) throw new GitopsError(`${file} is a report of stack ${covered.join(", ")}, not of ${stack}`);
  const name = stack;
  return { stack: name, findings: report.findings.filter((finding) => (finding.stack ?? name) === name) };
}

/**
 * Refuses a report made before the stack's state was last written: an `up` or `refresh` since
 * may have made a listed object the program's, or the report's review may no longer hold.
 */
export function refuseStale(report: DriftReport, file: string, stack: string, stateWrittenAt: string | undefined): void {
  if (stateWrittenAt === undefined || !isLater(stateWrittenAt, report.generatedAt)) return;
  throw new GitopsError(
    `stale: the state of stack ${stack} was written at ${stateWrittenAt}, after ${file} was made (${report.generatedAt}); ` +
      "run codeartsrepo drift again and review the new report",
  );
}

/**
 * Whether one ISO 8601 time is later than another, to the nanosecond: Pulumi writes nanoseconds,
 * and a Date keeps milliseconds only.
 */
function isLater(time: string, than: string): boolean {
  const instant = (text: string) => [Date.parse(text), Number(`0.${/\.\d{3}(\d*)/.exec(text)?.[1] ?? ""}0`)];
  const [ms, rest] = instant(time);
  const [thanMs, thanRest] = instant(than);
  return ms > thanMs || (ms === thanMs && rest > thanRest);
}

/** The findings prune may act on, and why each other one is not prunable. */
export function selectPrunable(findings: Finding[]): { candidates: PruneCandidate[]; notPrunable: { finding: Finding; reason: string }[] } {
  const candidates: PruneCandidate[] = [];
  const notPrunable: { finding: Finding; reason: string }[] = [];
  for (const finding of findings) {
    const descriptor = resourceOfType(finding.resourceType);
    const spec = descriptor?.report.unmanaged as AnyUnmanaged | undefined;
    let reason: string | undefined;
    if (finding.kind !== "unmanaged") {
      reason = `only unmanaged objects are pruned; a ${finding.kind} resource is the program's (codeartsrepo drift --remediate, or pulumi up)`;
    } else if (!descriptor) {
      reason = `${finding.resourceType} is no resource type of pulumi-codeartsrepo`;
    } else if (!spec?.remove) {
      reason = `${descriptor.type} objects are never pruned: remove one in the console if it should go, or declare it in the program`;
    } else if (!finding.identity) {
      reason = "the finding carries no identity (a report of an older codeartsrepo drift): run codeartsrepo drift again";
    }
    if (reason !== undefined) notPrunable.push({ finding, reason });
    else candidates.push({ finding, identity: finding.identity!, spec: spec as Removable });
  }
  return { candidates, notPrunable };
}

/** The live list answers of a run: by list and repository, undefined where the repository answered 404. */
export type LiveLists = Map<string, unknown[] | undefined>;

export function listKey(list: RouteName, repositoryId: number): string {
  return `${list} ${repositoryId}`;
}

type Checked = { repository: StackResource } | { skip: SkipCause; reason: string };

/** What the stack says of a candidate before anything is listed: its repository, or why it is skipped. */
function checkAgainstStack({ finding, identity, spec }: PruneCandidate, recorded: StackResource[]): Checked {
  const repository = recorded.find((resource) => resource.resourceType === "Repository" && Number(resource.outputs.repositoryId) === identity.repositoryId);
  if (!repository) return { skip: "mismatch", reason: `the stack manages no repository with id ${identity.repositoryId}: prune removes objects of the stack's repositories only` };
  if (String(repository.outputs.repositoryUuid) !== identity.repositoryUuid) {
    return { skip: "mismatch", reason: `repository ${identity.repositoryId} of the stack has uuid ${String(repository.outputs.repositoryUuid)}; the report says ${identity.repositoryUuid}` };
  }
  const declaring = recorded.find(
    (resource) =>
      resource.resourceType === finding.resourceType && Number(resource.outputs.repositoryId) === identity.repositoryId && spec.declaredId(resource.outputs) === identity.id,
  );
  if (declaring) return { skip: "managed", reason: `resource ${declaring.name} of the stack declares it (${declaring.urn}); what the stack manages is never pruned` };
  return { repository };
}

/** The lists a run reads: each kind's list once per repository of the stack that a candidate names. */
export function listsToRead(candidates: PruneCandidate[], recorded: StackResource[]): { list: RouteName; repositoryId: number }[] {
  const wanted = new Map<string, { list: RouteName; repositoryId: number }>();
  for (const candidate of candidates) {
    if (!("repository" in checkAgainstStack(candidate, recorded))) continue;
    const { list } = candidate.spec;
    const { repositoryId } = candidate.identity;
    wanted.set(listKey(list, repositoryId), { list, repositoryId });
  }
  return [...wanted.values()];
}

export type Decision = { remove: unknown; where: RepositoryWhere } | { skip: SkipCause; reason: string };

/** Whether the live object is still the one the report lists, by its id, name and fingerprint. */
export function decide(candidate: PruneCandidate, recorded: StackResource[], lists: LiveLists): Decision {
  const checked = checkAgainstStack(candidate, recorded);
  if (!("repository" in checked)) return checked;
  const { identity, spec } = candidate;
  const listed = lists.get(listKey(spec.list, identity.repositoryId));
  if (listed === undefined) return { skip: "gone", reason: `repository ${identity.repositoryId} no longer exists (the service answered 404)` };
  const item = listed.find((entry) => spec.liveId(entry as never) === identity.id);
  if (item === undefined) return { skip: "gone", reason: `no longer listed under id ${identity.id}: removed since the report` };
  if (spec.madeByService?.(item as never, checked.repository.outputs)) {
    return { skip: "managed", reason: "the service made it (a repository creator's membership, one from a group, or the default branch's rule): never pruned" };
  }
  const live = spec.describe(item as never, []);
  if (live.name !== identity.name) return { skip: "mismatch", reason: `its name is now "${live.name}"; the report says "${identity.name}"` };
  const fingerprint = typeof live.fields.fingerprint === "string" ? live.fields.fingerprint : undefined;
  if (identity.fingerprint !== undefined && fingerprint !== identity.fingerprint) {
    return { skip: "mismatch", reason: `its fingerprint is now ${fingerprint ?? "not listed"}; the report says ${identity.fingerprint}` };
  }
  return { remove: item, where: { repositoryId: identity.repositoryId, repositoryUuid: identity.repositoryUuid } };
}

async function readLists(client: CodeArtsClient, wanted: { list: RouteName; repositoryId: number }[]): Promise<LiveLists> {
  const lists: LiveLists = new Map();
  for (const { list, repositoryId } of wanted) {
    try {
      lists.set(listKey(list, repositoryId), await unlessGone(() => client.paginate(list as PagedRouteName, { params: { repository_id: repositoryId } as never })));
    } catch (error) {
      throw asGitopsError(error, `listing repository ${repositoryId}'s objects (${list}) failed; nothing was removed`);
    }
  }
  return lists;
}

/**
 * Removes the unmanaged objects the reviewed report at `options.from` still lists, as described
 * above, and returns one entry per finding of the stack. Throws {@link GitopsError} when the file,
 * the stack or the API fails (for the file and the stack, before anything is removed).
 */
export async function pruneUnmanaged(options: PruneOptions): Promise<PruneEntry[]> {
  const report = readDriftReport(options.from);
  const { stack: stackName, findings } = findingsOfStack(report, options.from, options.stack);
  const stack = await openStack({ ...options, stack: stackName });
  let exported: Awaited<ReturnType<typeof stack.exportStack>>;
  try {
    exported = await stack.exportStack();
  } catch (error) {
    throw asGitopsError(error, "cannot read the stack's state");
  }
  refuseStale(report, options.from, stackName, exported.deployment?.manifest?.time);
  const recorded = codeartsResources(exported.deployment?.resources ?? []);
  const { candidates, notPrunable } = selectPrunable(findings);

  let client: CodeArtsClient | undefined;
  let lists: LiveLists = new Map();
  const toRead = listsToRead(candidates, recorded);
  if (toRead.length > 0) {
    client = CodeArtsClient.fromConfig(await providerConfigOf(stack, options));
    lists = await readLists(client, toRead);
  }
  const decisions = new Map(candidates.map((candidate) => [candidate.finding, { candidate, decision: decide(candidate, recorded, lists) }]));
  const reasons = new Map(notPrunable.map(({ finding, reason }) => [finding, reason]));

  const entries: PruneEntry[] = [];
  const log = (finding: Finding, action: PruneAction, more: { skip?: SkipCause; reason?: string } = {}) => {
    const entry: PruneEntry = {
      action,
      stack: stackName,
      resourceType: finding.resourceType,
      object: finding.object,
      identity: finding.identity ?? null,
      ...more,
      at: new Date().toISOString(),
    };
    entries.push(entry);
    options.log?.(entry);
  };
  for (const finding of findings) {
    const planned = decisions.get(finding);
    if (!planned) {
      log(finding, "not-prunable", { reason: reasons.get(finding) });
      continue;
    }
    const { candidate, decision } = planned;
    if ("skip" in decision) log(finding, "skipped", decision);
    else if (options.dryRun) log(finding, "would-remove");
    else {
      let outcome: "deleted" | "gone";
      try {
        outcome = await candidate.spec.remove(client!, decision.remove as never, decision.where);
      } catch (error) {
        throw asGitopsError(error, `removing ${finding.object} failed`);
      }
      if (outcome === "deleted") log(finding, "removed");
      else log(finding, "skipped", { skip: "gone", reason: "the service answered 404 to its removal: removed since it was listed" });
    }
  }
  return entries;
}
