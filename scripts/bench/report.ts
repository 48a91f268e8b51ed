/**
 * From the raw rounds of a benchmark run to what a reader gets: medians, ratios to the baseline,
 * the targets with pass/MISS and, for a miss, why; latest.json, latest.md and the short table
 * printed at the end. Ours is measured twice, through the dynamic provider ("codeartsrepo", the
 * figures the report has always had at its top level) and through the provider plugin ("plugin").
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { routes } from "../../api/routes";
import { CREATION_POLL } from "../../provider/repository";
import { BenchRun, OperationSample, Samples } from "./bench";
import { MixCounts } from "./mix";
import { OPERATIONS, Operation, OursKind, PROGRAM_KINDS, ProgramKind, StateSize } from "./stack";

/** A figure for each of the kinds K, the plugin's only where it ran (not in the scale scenario). */
export type PerKind<T, K extends ProgramKind = ProgramKind> = Record<Exclude<K, "plugin">, T> & Partial<Record<"plugin", T>>;

/** What one of our stacks did in an operation. */
export interface OursOperationSummary {
  /** Median over the rounds of this stack ÷ baseline (each round's stacks ran back to back). */
  ratio: number;
  /** API calls (median over the rounds) ÷ resources. */
  callsPerResource: number;
  /** API calls per endpoint, median over the rounds. */
  byRoute: Record<string, number>;
  /** 429 answers, summed over the rounds. */
  throttled: number;
}

/** The top-level ratio, calls and 429s are the dynamic path's; `ours` has them for each of our stacks. */
export interface OperationSummary extends OursOperationSummary {
  /** Median wall time over the rounds, ms. */
  wallMs: PerKind<number>;
  /** The dynamic path's figures (the same as at the top level) and the plugin's, where it ran. */
  ours: PerKind<OursOperationSummary, OursKind>;
  /** The plugin's API calls per resource − the dynamic path's: 0 when both made the same calls. */
  pluginMinusDynamicCallsPerResource?: number;
  /** Highest peak RSS of the provider process (the dynamic provider, or the plugin) over the rounds, bytes. */
  providerPeakRssBytes: Partial<Record<ProgramKind, number>>;
  /** Median CPU time of the provider process, ms. */
  providerCpuMs: Partial<Record<ProgramKind, number>>;
  /** Median CPU time of the harness process (the emulator, for ours), ms. */
  harnessCpuMs: PerKind<number>;
  rounds: number;
}

/** `codeartsrepo drift` on one of our stacks (no baseline: the engine alone has nothing to compare). */
export interface DriftSummary {
  /** Median wall time over the rounds, ms. */
  wallMs: number;
  /** API calls (median over the rounds) ÷ resources. */
  callsPerResource: number;
  byRoute: Record<string, number>;
  throttled: number;
  rounds: number;
}

export interface SizeSummary {
  size: number;
  mix: MixCounts;
  operations: Partial<Record<Operation, OperationSummary>>;
  /** `codeartsrepo drift` on the dynamic path's stack. */
  drift?: DriftSummary;
  /** `codeartsrepo drift` on the plugin's stack. */
  pluginDrift?: DriftSummary;
  state?: PerKind<StateSize>;
}

/** Targets of the same kind share one explanation in the closing notes. */
export type TargetTopic = "refresh-calls" | "drift-calls" | "up-calls" | "provider-bytes" | "provider-rss" | "up-wall" | "throttled" | "plugin-calls" | "plugin-state";

export interface Target {
  topic: TargetTopic;
  /** What is measured, e.g. "refresh: API calls per resource"… */
  label: string;
  /** …and at which N, when that is all that tells it from the others of its topic. */
  size?: number;
  /** The label with its N and anything else that qualifies it. */
  target: string;
  limit: string;
  measured: string;
  pass: boolean;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  environment: BenchRun["environment"];
  options: BenchRun["options"];
  commands: BenchRun["commands"];
  sizes: SizeSummary[];
  scale?: SizeSummary;
  /** `codeartsrepo import` of a project of the bench mix, at the rate limit. */
  import?: BenchRun["import"];
  targets: Target[];
  /** For each topic with a miss: why, and what would fix it. */
  notes: Partial<Record<TargetTopic, string>>;
  /** Every round as measured. */
  raw: { sizes: Array<{ size: number; samples: Samples; drift: OperationSample[]; pluginDrift: OperationSample[] }>; scale?: { size: number; samples: Samples } };
}

/** Issue 21's targets. */
export const TARGETS = {
  refreshCallsPerResource: 0.5,
  driftCallsPerResource: 0.8,
  upCallsPerResource: 1.2,
  providerBytesPerResource: 2048,
  upWallRatio: 1.3,
  /** The dynamic provider's peak RSS over the no-op baseline's, in the same language host. */
  providerRssOverBaselineBytes: 25 * 2 ** 20,
  /** The size the wall-time target is held at; the largest size run stands in when it is absent. */
  upWallRatioAtSize: 200,
} as const;

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of what was measured, or undefined if nothing was (not on Linux). */
function medianOf(samples: OperationSample[], pick: (s: OperationSample) => number | undefined): number | undefined {
  const seen = samples.map(pick).filter((value): value is number => value !== undefined);
  return seen.length === 0 ? undefined : median(seen);
}

/** The API calls of some runs of one stack: their median per resource and per endpoint, and their 429s summed. */
function callFigures(samples: OperationSample[], size: number): Pick<OursOperationSummary, "callsPerResource" | "byRoute" | "throttled"> {
  const routes = new Set(samples.flatMap((s) => Object.keys(s.byRoute)));
  return {
    callsPerResource: median(samples.map((s) => s.calls)) / size,
    byRoute: Object.fromEntries([...routes].sort().map((route) => [route, median(samples.map((s) => s.byRoute[route] ?? 0))])),
    throttled: samples.reduce((total, s) => total + s.throttled, 0),
  };
}

/** One of our stacks against the baseline; undefined where it did not run. */
function summarizeOurs(ours: OperationSample[], baseline: OperationSample[], size: number): OursOperationSummary | undefined {
  if (ours.length === 0) return undefined;
  const ratios = ours.map((s) => s.wallMs / (baseline.find((b) => b.round === s.round)?.wallMs ?? Number.NaN));
  return { ratio: median(ratios), ...callFigures(ours, size) };
}

/** The highest peak RSS seen, or undefined if none was (not on Linux). */
function highest(samples: OperationSample[]): number | undefined {
  const seen = samples.map((s) => s.providerPeakRssBytes).filter((b): b is number => b !== undefined);
  return seen.length === 0 ? undefined : Math.max(...seen);
}

function summarizeOperation(samples: Samples, operation: Operation, size: number): OperationSummary | undefined {
  const baseline = samples.baseline[operation];
  const dynamic = summarizeOurs(samples.codeartsrepo[operation], baseline, size);
  if (!dynamic) return undefined;
  const plugin = summarizeOurs(samples.plugin[operation], baseline, size);
  const ran = PROGRAM_KINDS.filter((kind) => samples[kind][operation].length > 0);
  const perKind = <T>(figure: (list: OperationSample[]) => T) => Object.fromEntries(ran.map((kind) => [kind, figure(samples[kind][operation])])) as PerKind<T>;
  return {
    wallMs: perKind((list) => median(list.map((s) => s.wallMs))),
    ...dynamic,
    ours: plugin ? { codeartsrepo: dynamic, plugin } : { codeartsrepo: dynamic },
    pluginMinusDynamicCallsPerResource: plugin && plugin.callsPerResource - dynamic.callsPerResource,
    providerPeakRssBytes: perKind(highest),
    providerCpuMs: perKind((list) => medianOf(list, (s) => s.providerCpuMs)),
    harnessCpuMs: perKind((list) => median(list.map((s) => s.harnessCpuMs))),
    rounds: samples.codeartsrepo[operation].length,
  };
}

function summarizeDrift(samples: OperationSample[], size: number): DriftSummary | undefined {
  if (samples.length === 0) return undefined;
  return { wallMs: median(samples.map((s) => s.wallMs)), ...callFigures(samples, size), rounds: samples.length };
}

function summarizeSize(size: number, mix: MixCounts, samples: Samples, state?: PerKind<StateSize>, drift: OperationSample[] = [], pluginDrift: OperationSample[] = []): SizeSummary {
  const operations: SizeSummary["operations"] = {};
  for (const operation of OPERATIONS) {
    const summary = summarizeOperation(samples, operation, size);
    if (summary) operations[operation] = summary;
  }
  return { size, mix, operations, drift: summarizeDrift(drift, size), pluginDrift: summarizeDrift(pluginDrift, size), state };
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
/** A difference with its sign: "+0.05", "−0.05", "0.00". */
const signed = (value: number | undefined) => (value === undefined ? "–" : value > 0 ? `+${fixed(value)}` : value < 0 ? `−${fixed(-value)}` : fixed(0));
const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${fixed(ms / 1000, 1)} s`);
const mebibytes = (bytes: number | undefined) => (bytes === undefined ? "–" : `${Math.round(bytes / 2 ** 20)} MiB`);
const kilobytes = (bytes: number) => `${fixed(bytes / 1024, 1)} KiB`;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

const routeKey = (name: keyof typeof routes) => `${routes[name].method} ${routes[name].path}`;

/**
 * The endpoints whose calls in an up follow timing, not code: a new repository's status reads,
 * one more for each poll its creation outlasts (provider/repository.ts), and the member add and
 * member-list calls, one of each for each batch of a repository's member creates that reached the
 * provider within MEMBER_ADD_WINDOW_MS of each other (provider/member.ts). Two runs of the same
 * stack may differ there.
 */
export const UP_TIMING_ROUTES: readonly string[] = (["showRepository", "showRepositoryStatus", "addRepositoryMembers", "listMembersV4"] as const).map(routeKey);

/** Which resource kind an endpoint serves, to tell where calls go. */
function kindOfRoute(route: string): string {
  if (route.includes("/members")) return "Member";
  if (route.includes("/hooks")) return "Webhook";
  if (route.includes("protected-tag")) return "ProtectedTag";
  if (route.includes("protect")) return "ProtectedBranch";
  // The role list is learned for the protections (once per repository per run).
  if (route.includes("/permissions/")) return "ProtectedBranch";
  if (route.includes("deploy-keys")) return "DeployKey";
  if (route.includes("approver-settings")) return "ApprovalRule";
  // Read before a settings write, once per repository per run, shared by both settings kinds.
  if (route.includes("merge-requests/setting") || route.includes("inherit-setting")) return "MergeRequestSettings";
  if (route.includes("general-policy")) return "RepositoryPolicy";
  if (route.includes("/label")) return "Label";
  if (route.includes("file-push-permissions")) return "FilePushPermission";
  return "Repository";
}

const KIND_OF_MIX: Record<keyof MixCounts, string> = {
  repositories: "Repository",
  protectedBranches: "ProtectedBranch",
  protectedTags: "ProtectedTag",
  members: "Member",
  webhooks: "Webhook",
  deployKeys: "DeployKey",
  approvalRules: "ApprovalRule",
  mergeRequestSettings: "MergeRequestSettings",
  labels: "Label",
  filePushPermissions: "FilePushPermission",
  repositoryPolicies: "RepositoryPolicy",
};

/** API calls an operation made for each resource kind, and per resource of that kind (the dynamic path's, or the plugin's). */
function callsByKind(summary: SizeSummary, operation: Operation, stack: OursKind = "codeartsrepo"): Array<{ kind: string; calls: number; perResource: number }> {
  const calls: Record<string, number> = {};
  for (const [route, count] of Object.entries(summary.operations[operation]?.ours[stack]?.byRoute ?? {})) {
    calls[kindOfRoute(route)] = (calls[kindOfRoute(route)] ?? 0) + count;
  }
  return (Object.entries(KIND_OF_MIX) as Array<[keyof MixCounts, string]>)
    .filter(([field]) => summary.mix[field] > 0)
    .map(([field, kind]) => ({ kind, calls: calls[kind] ?? 0, perResource: (calls[kind] ?? 0) / summary.mix[field] }));
}

function describeCallsByKind(summary: SizeSummary, operation: Operation, stack: OursKind = "codeartsrepo"): string {
  return callsByKind(summary, operation, stack)
    .map(({ kind, perResource }) => `${kind} ${fixed(perResource, 1)}`)
    .join(", ");
}

function targets(sizes: SizeSummary[], scale: SizeSummary | undefined): Target[] {
  const found: Target[] = [];
  for (const summary of [...sizes, ...(scale ? [scale] : [])]) {
    const { refresh, up } = summary.operations;
    if (refresh) {
      found.push({
        ...sized("refresh-calls", "refresh: API calls per resource", summary.size),
        limit: `≤ ${fixed(TARGETS.refreshCallsPerResource)}`,
        measured: fixed(refresh.callsPerResource),
        pass: refresh.callsPerResource <= TARGETS.refreshCallsPerResource,
      });
    }
    if (summary.drift) {
      found.push({
        ...sized("drift-calls", "`codeartsrepo drift`: API calls per resource", summary.size),
        limit: `≤ ${fixed(TARGETS.driftCallsPerResource)}`,
        measured: fixed(summary.drift.callsPerResource),
        pass: summary.drift.callsPerResource <= TARGETS.driftCallsPerResource,
      });
    }
    if (up) {
      found.push({
        ...sized("up-calls", "up: API calls per resource (status polls included)", summary.size),
        limit: `≤ ${fixed(TARGETS.upCallsPerResource)}`,
        measured: fixed(up.callsPerResource),
        pass: up.callsPerResource <= TARGETS.upCallsPerResource,
      });
    }
  }
  for (const summary of sizes) {
    if (!summary.state) continue;
    const bytes = summary.state.codeartsrepo.providerBytesPerResource;
    found.push({
      ...sized("provider-bytes", "`__provider` bytes per resource", summary.size),
      limit: `≤ ${TARGETS.providerBytesPerResource}`,
      measured: `${bytes}`,
      pass: bytes <= TARGETS.providerBytesPerResource,
    });
  }
  for (const summary of sizes) {
    const peaks = Object.values(summary.operations).map((op) => op.providerPeakRssBytes);
    const highest = (kind: ProgramKind) => Math.max(0, ...peaks.map((peak) => peak[kind] ?? 0));
    const [dynamic, baseline] = [highest("codeartsrepo"), highest("baseline")];
    if (dynamic === 0 || baseline === 0) continue;
    found.push({
      ...sized("provider-rss", "provider peak RSS over the baseline's (the highest of the operations)", summary.size),
      limit: `≤ ${mebibytes(TARGETS.providerRssOverBaselineBytes)}`,
      measured: `${mebibytes(dynamic - baseline)} (${mebibytes(dynamic)} − ${mebibytes(baseline)})`,
      pass: dynamic - baseline <= TARGETS.providerRssOverBaselineBytes,
    });
  }
  const wallSize = wallTargetSize(sizes);
  const wall = wallSize?.operations.up;
  if (wallSize && wall) {
    const label = "up wall time ÷ baseline";
    found.push({
      topic: "up-wall",
      label,
      target: `${label}, N = ${wallSize.size}${wallSize.size === TARGETS.upWallRatioAtSize ? "" : ` (the target is held at N = ${TARGETS.upWallRatioAtSize})`}`,
      limit: `≤ ${fixed(TARGETS.upWallRatio)}×`,
      measured: `${fixed(wall.ratio)}×`,
      pass: wall.ratio <= TARGETS.upWallRatio,
    });
  }
  found.push(...pluginTargets(sizes));
  const throttledOfOurs = (op: OperationSummary) => Object.values(op.ours).reduce((inner, ours) => inner + ours.throttled, 0);
  const throttled = sizes.reduce(
    (sum, s) => sum + Object.values(s.operations).reduce((inner, op) => inner + throttledOfOurs(op), 0) + (s.drift?.throttled ?? 0) + (s.pluginDrift?.throttled ?? 0),
    0,
  );
  const everyRound = "429 answers, every operation of every round";
  found.push({ topic: "throttled", label: everyRound, target: everyRound, limit: "0", measured: `${throttled}`, pass: throttled === 0 });
  if (scale?.operations.refresh) {
    const { throttled: scaleThrottled, wallMs } = scale.operations.refresh;
    const label = `429 answers, refresh of ${scale.size} resources at the service's rate limit`;
    found.push({
      topic: "throttled",
      label,
      target: `${label} (took ${seconds(wallMs.codeartsrepo)})`,
      limit: "0",
      measured: `${scaleThrottled}`,
      pass: scaleThrottled === 0,
    });
  }
  return found;
}

/** Each run of the plugin's stack and of the dynamic path's that the two should make the same calls in. */
function pluginComparisons(summary: SizeSummary): Array<{ run: Operation | "drift"; dynamic: Record<string, number>; plugin: Record<string, number> }> {
  type Calls = { byRoute: Record<string, number> } | undefined;
  const runs: Array<{ run: Operation | "drift"; dynamic: Calls; plugin: Calls }> = OPERATIONS.map((operation) => ({
    run: operation,
    dynamic: summary.operations[operation]?.ours.codeartsrepo,
    plugin: summary.operations[operation]?.ours.plugin,
  }));
  runs.push({ run: "drift", dynamic: summary.drift, plugin: summary.pluginDrift });
  return runs.flatMap(({ run, dynamic, plugin }) => (dynamic && plugin ? [{ run, dynamic: dynamic.byRoute, plugin: plugin.byRoute }] : []));
}

/** The endpoints where two runs' median calls differ, with both counts. */
function differingRoutes(dynamic: Record<string, number>, plugin: Record<string, number>): Array<{ route: string; dynamic: number; plugin: number }> {
  return [...new Set([...Object.keys(dynamic), ...Object.keys(plugin)])]
    .sort()
    .map((route) => ({ route, dynamic: dynamic[route] ?? 0, plugin: plugin[route] ?? 0 }))
    .filter((counts) => counts.dynamic !== counts.plugin);
}

/**
 * The plugin serves the same descriptors through the same client as the dynamic provider: the same
 * calls in every run (an up's timing-bound endpoints aside), and, with no `__provider`, less state
 * per resource.
 */
function pluginTargets(sizes: SizeSummary[]): Target[] {
  const found: Target[] = [];
  for (const summary of sizes) {
    for (const { run, dynamic, plugin } of pluginComparisons(summary)) {
      const counted = (routeCounts: Record<string, number>) =>
        Object.entries(routeCounts).reduce((sum, [route, calls]) => sum + (run === "up" && UP_TIMING_ROUTES.includes(route) ? 0 : calls), 0);
      const difference = (counted(plugin) - counted(dynamic)) / summary.size;
      const name = run === "drift" ? "`codeartsrepo drift`" : run;
      found.push({
        ...sized("plugin-calls", `${name}: the plugin's API calls per resource − the dynamic path's${run === "up" ? " (status reads and member batches aside)" : ""}`, summary.size),
        limit: "= 0.00",
        measured: signed(difference),
        pass: difference === 0,
      });
    }
    const { codeartsrepo: dynamic, plugin } = summary.state ?? {};
    if (dynamic && plugin) {
      found.push({
        ...sized("plugin-state", "state bytes per resource: the plugin's < the dynamic path's", summary.size),
        limit: `< ${Math.round(dynamic.stateBytesPerResource)}`,
        measured: `${Math.round(plugin.stateBytesPerResource)}`,
        pass: plugin.stateBytesPerResource < dynamic.stateBytesPerResource,
      });
    }
  }
  return found;
}

const TIMING_EXPLAINED =
  "In an up, some counts follow timing rather than code: a new repository's status reads, one more for each poll its creation outlasts, " +
  "and a repository's member add and member-list calls, one of each for each batch of its member creates that reached the provider together; " +
  "which creates arrive together depends on how the engine and the language host (Node.js or YAML) send them, and on the machine's load.";

/** The plugin's up against the dynamic path's, where their calls differ: only on the timing-bound endpoints, or not. */
function upDifference(summary: SizeSummary): string | undefined {
  const comparison = pluginComparisons(summary).find(({ run }) => run === "up");
  const difference = summary.operations.up?.pluginMinusDynamicCallsPerResource;
  const differing = comparison ? differingRoutes(comparison.dynamic, comparison.plugin) : [];
  if (difference === undefined || (difference === 0 && differing.length === 0)) return undefined;
  const timingOnly = differing.every(({ route }) => UP_TIMING_ROUTES.includes(route));
  return (
    `Up, the plugin − the dynamic path: ${signed(difference)} API calls per resource (medians of the rounds' totals); the endpoints that differ, median calls dynamic → plugin: ` +
    `${differing.map(({ route, dynamic, plugin }) => `\`${route}\` ${dynamic} → ${plugin}`).join(", ") || "none differs"}` +
    `${differing.length > 0 && timingOnly ? ", all on endpoints whose counts follow timing. " : ". "}${TIMING_EXPLAINED}`
  );
}

/** Where the plugin's calls differ from the dynamic path's, endpoint by endpoint, and why they may. */
function pluginCallsNote(sizes: SizeSummary[]): string {
  const differences = sizes.flatMap((summary) =>
    pluginComparisons(summary).flatMap(({ run, dynamic, plugin }) =>
      differingRoutes(dynamic, plugin).map((counts) => `N = ${summary.size} ${run} \`${counts.route}\` ${counts.dynamic} → ${counts.plugin}`),
    ),
  );
  return (
    `Dynamic path → plugin, median calls: ${differences.join("; ") || "no endpoint differs"}. ` +
    "The plugin serves the same descriptors (provider/<kind>.ts) through the same client as the dynamic provider, so the same state makes the same calls. " +
    `${TIMING_EXPLAINED} Any other difference means the plugin's server (plugin/server.ts) reads or writes where the dynamic provider host does not.`
  );
}

function sized(topic: TargetTopic, label: string, size: number): Pick<Target, "topic" | "label" | "size" | "target"> {
  return { topic, label, size, target: `${label}, N = ${size}` };
}

/** "label: 1.96 at N = 50, 1.95 at N = 200 (limit ≤ 1.50)" for targets of one topic that differ only in N. */
function describeMisses(missed: Target[]): string {
  const [first] = missed;
  if (missed.every((t) => t.size !== undefined && t.label === first.label && t.limit === first.limit)) {
    return `${first.label}: ${missed.map((t) => `${t.measured} at N = ${t.size}`).join(", ")} (limit ${first.limit})`;
  }
  return missed.map((t) => `${t.target}: ${t.measured} (limit ${t.limit})`).join("; ");
}

function wallTargetSize(sizes: SizeSummary[]): SizeSummary | undefined {
  return sizes.find((s) => s.size === TARGETS.upWallRatioAtSize) ?? sizes[sizes.length - 1];
}

/** What a create costs, by kind, and why. */
const CREATE_CALLS: Record<string, string> = {
  Repository:
    "the POST; the name looked up in the run's one listing of the project; reads of the repository until its status says created (creation is asynchronous, §4.2.9), the last giving its ids and URLs; one V4 read, the only one carrying the description and default branch",
  ProtectedBranch:
    "the repository's role list (once per repository per run, shared with its protected tags: the role ids a rule takes are undocumented, so they are learned, never guessed), a look at the rule by name (a project-level rule with force inherit, or the service's own rule for the default branch, may already protect it: it is adopted or refused, never overwritten), then the POST",
  ProtectedTag: "the role list (shared, see ProtectedBranch), a look at the rule by name (see ProtectedBranch), then the POST",
  Member:
    "one add call per batch of members created together, a member-list read after it (the add answers no member id, and role changes and removals take one), and one look before a repository's first batch (a new repository already has its creator, and with importMembers the project's members, as members)",
  Webhook: "one POST in a repository the run created (it holds no hook); elsewhere a look at the hook list for the same url first",
  DeployKey: "one POST in a repository the run created (it holds no key); elsewhere a look at the key list for the same key first",
  MergeRequestSettings:
    "a read of the settings (their values before are recorded, for a destroy to put back), the repository's inherit-setting list before the write (once per repository per run, shared with RepositoryPolicy: an inherited setting is never overwritten), then the PUT, only when a value differs",
  RepositoryPolicy: "a read of the policy (recorded, as for MergeRequestSettings), the inherit-setting list (shared), then the PUT, only when a value differs",
  Label: "a look at the repository's label list (one coalesced list per repository, shared by its labels), then the POST",
  FilePushPermission:
    "the repository's role list (shared with the protections: the roles a rule takes are learned), a look at the repository's file push permissions (one coalesced list, shared), then the POST",
  ApprovalRule:
    "a look at the repository's approver settings (one coalesced list per repository, shared by its rules: a project-level setting the repository inherits may already cover the branch, and the reference does not say a new repository has none), then the POST",
};

/** When the provider reads a new repository's status, ms after its POST answered (provider/repository.ts). */
function statusReadTimes(count: number): number[] {
  const times: number[] = [];
  for (let delay = CREATION_POLL.firstDelayMs, at = 0; times.length < count; delay = Math.min(CREATION_POLL.maxDelayMs, Math.round(delay * CREATION_POLL.factor))) {
    at += delay;
    times.push(at);
  }
  return times;
}

function upCallsNote(summary: SizeSummary, options: BenchRun["options"]): string {
  const up = summary.operations.up!;
  const byKind = callsByKind(summary, "up").sort((a, b) => b.calls - a.calls);
  const writes = Object.entries(up.byRoute).reduce((sum, [route, calls]) => sum + (route.startsWith("GET ") ? 0 : calls), 0);
  const reads = total(up.byRoute) - writes;
  return (
    `At N = ${summary.size}, the writes alone cost ${fixed(writes / summary.size)} per resource and the reads ${fixed(reads / summary.size)}. ` +
    "The reads that remain, by kind: " +
    byKind.map(({ kind, perResource }) => `${kind} ${fixed(perResource, 1)} (${CREATE_CALLS[kind] ?? "?"})`).join("; ") +
    `. A repository's status reads depend on how long the service takes to create it (here ${fixed(options.creationDelayMs / 1000, 1)} s, an assumption): ` +
    `they come ${statusReadTimes(4).map((ms) => fixed(ms / 1000, 1)).join(", ")} … s after the POST, so a creation of up to ` +
    `${fixed(statusReadTimes(1)[0] / 1000, 1)} s costs one, up to ${fixed(statusReadTimes(2)[1] / 1000, 1)} s two. ` +
    "Each remaining read buys a guarantee the issue asks to keep (no silent takeover of a rule or membership, no duplicate after a lost answer, the ids later calls need) " +
    "or carries what no other answer does; none can go without one of them."
  );
}

/**
 * Why a refresh costs what it does: a repository's V4 settings and one list per kind the stack
 * declares in it, since no list spans repositories.
 */
function refreshCallsNote(summary: SizeSummary): string {
  const refresh = summary.operations.refresh!;
  const repositories = summary.mix.repositories;
  const kinds = Object.keys(refresh.byRoute).length;
  return (
    `At N = ${summary.size} a refresh made ${total(refresh.byRoute)} calls for ${repositories} repositories (${fixed(total(refresh.byRoute) / repositories, 1)} per repository, ${kinds} endpoints): ` +
    "one listing of the project gives every repository's v2 view; each repository then costs its V4 read (the description and default branch are in no list: " +
    "neither the v2 project list nor the V4 one, BasicRepositoryDto, carries them) and one read of each list of a kind the stack declares there, shared by all its objects of that kind. " +
    "No API lists members, webhooks, deploy keys or protection rules across repositories (the project-level protection lists hold the project's own rules), " +
    `so with ${fixed(summary.size / repositories, 1)} resources of 6 kinds per repository the floor is about ${fixed((total(refresh.byRoute) - 1) / summary.size)} per resource; ` +
    "≤ 0.5 would need repositories of more resources, or fewer kinds."
  );
}

function upWallNote(summary: SizeSummary, report: Pick<BenchReport, "options" | "environment">): string {
  const up = summary.operations.up!;
  const slots = 4 * report.environment.cpus;
  const waitMs = Math.max(CREATION_POLL.firstDelayMs, report.options.creationDelayMs);
  const creationSeconds = (summary.mix.repositories * waitMs) / 1000;
  const extraCpuMs = (up.providerCpuMs.codeartsrepo ?? 0) - (up.providerCpuMs.baseline ?? 0) + up.harnessCpuMs.codeartsrepo - up.harnessCpuMs.baseline;
  return (
    `Ours took ${seconds(up.wallMs.codeartsrepo - up.wallMs.baseline)} more than the engine alone at N = ${summary.size}. ` +
    `A repository's children start only once it exists (they need its ids), and the engine runs ${slots} operations at a time (4 per CPU): ` +
    `${summary.mix.repositories} repositories each waiting at least ${fixed(waitMs / 1000, 1)} s for the service hold ` +
    `${fixed(creationSeconds, 0)} slot-seconds, ${seconds((creationSeconds * 1000) / slots)} of wall time if nothing else could use those slots meanwhile. ` +
    `On this ${report.environment.cpus}-CPU machine the provider and the emulator also spent ${seconds(extraCpuMs)} more CPU than the baseline's, ` +
    "competing with the engine for the CPUs. " +
    "What would help: `pulumi up --parallel` above the default (creation is waiting, not work); a faster creation on the service's side; fewer calls per create (above)."
  );
}

/**
 * Why a drift run costs what it does: one read of each of a repository's lists, whether or not the
 * stack declares something of that kind there, since an unmanaged object can be in any of them.
 */
function driftCallsNote(summary: SizeSummary): string {
  const drift = summary.drift!;
  const calls = total(drift.byRoute);
  const refreshCalls = total(summary.operations.refresh?.byRoute ?? {});
  const repositories = summary.mix.repositories;
  const listing = routeKey("listProjectRepositories");
  // Read only where the stack declares one of the kind (their list or settings the refresh read):
  // approval rules, file push permissions and the two settings objects. Labels too where the
  // repository holds any (its V4 read's label_count says so).
  const whereDeclared: Record<string, number> = {
    [routeKey("listApproverSettings")]: summary.mix.approvalRules ?? 0,
    [routeKey("listFilePushPermissions")]: summary.mix.filePushPermissions ?? 0,
    [routeKey("showMergeRequestSetting")]: summary.mix.mergeRequestSettings ?? 0,
    [routeKey("showRepositoryGeneralPolicy")]: summary.mix.repositoryPolicies ?? 0,
    [routeKey("listLabels")]: summary.mix.labels ?? 0,
  };
  const perRepository = Object.keys(drift.byRoute).filter((route) => route !== listing && !(route in whereDeclared));
  const onceEach = Object.entries(drift.byRoute).every(([route, count]) =>
    route === listing ? count === 1 : route in whereDeclared ? count === whereDeclared[route] : count === repositories,
  );
  return (
    `At N = ${summary.size} a drift run made ${calls} calls for ${repositories} repositories: ${fixed(calls / repositories, 1)} per repository` +
    (onceEach
      ? ", each of its endpoints exactly once per repository (the project's listing once; approval settings, file push permissions, labels and the settings objects once per repository that declares or holds them)"
      : "") +
    ` (a refresh alone: ${refreshCalls}). Refresh reads a repository's list of a kind only when the stack declares that kind there; ` +
    "the unmanaged-object discovery reuses those answers and reads the other lists once, because a member, webhook, deploy key or protection added by hand can be in any of them. " +
    `So the cost is about ${perRepository.length} calls per repository whatever it holds, and ≤ 1.0 per resource once repositories average that many resources ` +
    `(here ${fixed(summary.size / repositories, 1)}; the full run's mix averages 10).`
  );
}

const FIXED_NOTES: Record<Exclude<TargetTopic, "up-calls" | "up-wall" | "drift-calls" | "plugin-calls" | "refresh-calls">, string> = {
  "provider-rss":
    "The dynamic provider runs inside the Node.js language host with the program; its share is what loading the package's provider modules (zod schemas, got and its dependencies) and a run's caches add over the no-op baseline's.",
  "provider-bytes":
    "The serialized provider is provider/shim.ts and whatever its closure captures: something it references now drags more code or data into every resource's state.",
  throttled:
    "The provider's client keeps each API under 90% of the limit by itself; a 429 means another client shared the limit, or the bucket's clock drifted from the gateway's.",
  "plugin-state":
    "The plugin's state has no `__provider`, so each of its resources should weigh less than the dynamic path's: " +
    "one that weighs more holds inputs or outputs the dynamic path's does not (compare `pulumi stack export` of the two stacks).",
};

function notes(found: Target[], sizes: SizeSummary[], scale: SizeSummary | undefined, report: Pick<BenchReport, "options" | "environment">): BenchReport["notes"] {
  const missed = new Set(found.filter((t) => !t.pass).map((t) => t.topic));
  const explained: BenchReport["notes"] = {};
  for (const topic of missed) {
    if (topic === "up-calls") {
      const largest = [...sizes, ...(scale ? [scale] : [])].filter((s) => s.operations.up).sort((a, b) => b.size - a.size)[0];
      explained[topic] = upCallsNote(largest, report.options);
    } else if (topic === "up-wall") explained[topic] = upWallNote(wallTargetSize(sizes)!, report);
    else if (topic === "plugin-calls") explained[topic] = pluginCallsNote(sizes);
    else if (topic === "refresh-calls") {
      const largest = [...sizes].filter((s) => s.operations.refresh).sort((a, b) => b.size - a.size)[0];
      explained[topic] = refreshCallsNote(largest);
    }
    else if (topic === "drift-calls") explained[topic] = driftCallsNote(sizes.filter((s) => s.drift).sort((a, b) => b.drift!.callsPerResource - a.drift!.callsPerResource)[0]);
    else explained[topic] = FIXED_NOTES[topic];
  }
  return explained;
}

export function summarize(run: BenchRun): BenchReport {
  const sizes = run.sizes.map((s) => summarizeSize(s.size, s.mix, s.samples, s.state, s.drift, s.pluginDrift));
  const scale = run.scale ? summarizeSize(run.scale.size, run.scale.mix, run.scale.samples) : undefined;
  const found = targets(sizes, scale);
  return {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    quick: run.quick,
    environment: run.environment,
    options: run.options,
    commands: run.commands,
    sizes,
    scale,
    import: run.import,
    targets: found,
    notes: notes(found, sizes, scale, run),
    raw: {
      sizes: run.sizes.map((s) => ({ size: s.size, samples: s.samples, drift: s.drift, pluginDrift: s.pluginDrift })),
      scale: run.scale && { size: run.scale.size, samples: run.scale.samples },
    },
  };
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function mixLine(mix: MixCounts): string {
  return (
    `${mix.repositories} repositories, ${mix.protectedBranches} protected branches, ${mix.protectedTags} protected tags, ` +
    `${mix.members} members, ${mix.webhooks} webhooks, ${mix.deployKeys} deploy keys, ${mix.approvalRules} approval rules, ` +
    `${mix.mergeRequestSettings ?? 0} merge-request settings, ${mix.labels ?? 0} labels, ${mix.filePushPermissions ?? 0} file push permissions, ${mix.repositoryPolicies ?? 0} repository policies`
  );
}

/** How the tables name each kind. */
const KIND_LABEL: Record<ProgramKind, string> = { codeartsrepo: "dynamic", plugin: "plugin", baseline: "baseline" };

/** "dynamic / plugin / baseline" figures in one cell, "–" for a kind not measured or not run. */
function perKindCell(values: Partial<Record<ProgramKind, number>>, format: (value: number | undefined) => string): string {
  return PROGRAM_KINDS.map((kind) => format(values[kind])).join(" / ");
}

function operationsTable(summary: SizeSummary): string {
  const rows = Object.entries(summary.operations).map(([operation, op]) => {
    const { plugin } = op.ours;
    return [
      operation,
      ...PROGRAM_KINDS.map((kind) => seconds(op.wallMs[kind])),
      `${fixed(op.ratio)}×`,
      plugin ? `${fixed(plugin.ratio)}×` : "–",
      fixed(op.callsPerResource),
      plugin ? fixed(plugin.callsPerResource) : "–",
      signed(op.pluginMinusDynamicCallsPerResource),
      plugin ? `${op.throttled} / ${plugin.throttled}` : `${op.throttled} / –`,
      perKindCell(op.providerPeakRssBytes, mebibytes),
      perKindCell(op.providerCpuMs, seconds),
      perKindCell(op.harnessCpuMs, seconds),
    ];
  });
  const kinds = PROGRAM_KINDS.map((kind) => KIND_LABEL[kind]).join(" / ");
  return table(
    [
      "operation",
      ...PROGRAM_KINDS.map((kind) => `${KIND_LABEL[kind]} (median)`),
      "dynamic ÷ baseline (median of rounds)",
      "plugin ÷ baseline (median of rounds)",
      "API calls / resource, dynamic",
      "API calls / resource, plugin",
      "plugin − dynamic calls / resource",
      "429s, dynamic / plugin",
      `provider peak RSS, ${kinds}`,
      `provider CPU, ${kinds}`,
      `emulator + harness CPU, ${kinds}`,
    ],
    rows,
  );
}

/** Calls of the dynamic path, with the plugin's beside them where they differ: "10" or "10 / 12". */
function callsCell(dynamic: number, plugin: number | undefined): string {
  return plugin === undefined || plugin === dynamic ? `${dynamic}` : `${dynamic} / ${plugin}`;
}

function routesTable(summary: SizeSummary): string {
  const operations = Object.keys(summary.operations) as Operation[];
  const ours = (op: Operation) => summary.operations[op]!.ours;
  const endpoints = [...new Set(operations.flatMap((op) => Object.values(ours(op)).flatMap((figures) => Object.keys(figures.byRoute))))].sort();
  if (endpoints.length === 0) return "_No API calls._";
  const cell = (op: Operation, count: (byRoute: Record<string, number>) => number) => {
    const { codeartsrepo: dynamic, plugin } = ours(op);
    return callsCell(count(dynamic.byRoute), plugin && count(plugin.byRoute));
  };
  const rows = endpoints.map((route) => [`\`${route}\``, ...operations.map((op) => cell(op, (byRoute) => byRoute[route] ?? 0))]);
  const totals = ["**all**", ...operations.map((op) => `**${cell(op, total)}**`)];
  return table(["endpoint (median calls; dynamic / plugin where they differ)", ...operations], [...rows, totals]);
}

function stateTable(state: PerKind<StateSize>): string {
  const rows = PROGRAM_KINDS.flatMap((kind) => {
    const size = state[kind];
    if (!size) return [];
    return [
      [
        KIND_LABEL[kind],
        kilobytes(size.stateFileBytes),
        `${size.resources}`,
        `${Math.round(size.stateBytesPerResource)}`,
        `${size.providerBytesPerResource}`,
        `${Math.round(size.providerBytesInStatePerResource)}`,
        `${Math.round(size.sourceBytesPerResource)}`,
      ],
    ];
  });
  return table(
    [
      "stack",
      "state file",
      "resources",
      "state bytes per resource",
      "`__provider` bytes per resource",
      "`__provider` bytes in state per resource (inputs + outputs)",
      "source position and stack trace bytes per resource (from the language host)",
    ],
    rows,
  );
}

/** The plugin's state per resource against the dynamic path's: what `__provider` saves, and what the YAML host's stack traces give back. */
function stateComparison(state: PerKind<StateSize>): string | undefined {
  const { codeartsrepo: dynamic, plugin } = state;
  if (!plugin) return undefined;
  const saved = dynamic.stateBytesPerResource - plugin.stateBytesPerResource;
  const sources = plugin.sourceBytesPerResource - dynamic.sourceBytesPerResource;
  return (
    `The plugin's state holds ${Math.round(plugin.stateBytesPerResource)} bytes per resource, ${Math.round(Math.abs(saved))} (${fixed((100 * Math.abs(saved)) / dynamic.stateBytesPerResource, 0)}%) ` +
    `${saved >= 0 ? "fewer" : "more"} than the dynamic path's ${Math.round(dynamic.stateBytesPerResource)}: it has none of the dynamic path's ${Math.round(dynamic.providerBytesInStatePerResource)} bytes of \`__provider\` copies, ` +
    `while where each resource was declared, which the engine records from the language host, takes ${Math.round(Math.abs(sources))} bytes ${sources >= 0 ? "more" : "less"} ` +
    "(the YAML host's stack traces are Go frames with their module paths; the Node.js host's are fewer and shorter)."
  );
}

/** The endpoint with the most calls in an operation, against what the service allows a minute. */
function busiestEndpoint(summary: SizeSummary, operation: Operation, limit: number): string {
  const [route, calls] = Object.entries(summary.operations[operation]?.byRoute ?? {}).sort(([, a], [, b]) => b - a)[0] ?? ["none", 0];
  return `its busiest endpoint, \`${route}\`, got ${calls} calls of the ${limit} a minute allows`;
}

/** "`codeartsrepo drift` (…) on the dynamic path's stack: 2.1 s, 1.05 API calls per resource (refresh: 0.65), 0 × 429; by endpoint: …" */
function driftSentence(summary: SizeSummary, stack: OursKind): string | undefined {
  const drift = stack === "plugin" ? summary.pluginDrift : summary.drift;
  if (!drift) return undefined;
  const endpoints = Object.entries(drift.byRoute).map(([route, calls]) => `\`${route}\` ${calls}`).join(", ");
  const refresh = summary.operations.refresh?.ours[stack]?.callsPerResource ?? Number.NaN;
  return (
    `\`codeartsrepo drift\` (a refresh in preview mode and the unmanaged-object discovery, median of ${drift.rounds} round(s)) on the ${stack === "plugin" ? "plugin's" : "dynamic path's"} stack: ` +
    `${seconds(drift.wallMs)}, ${fixed(drift.callsPerResource)} API calls per resource (refresh: ${fixed(refresh)}), ${drift.throttled} × 429; by endpoint: ${endpoints || "none"}.`
  );
}

function sizeSection(summary: SizeSummary): string[] {
  const out = [operationsTable(summary), ""];
  const byKind = (stack: OursKind) => `up ${describeCallsByKind(summary, "up", stack)}; refresh ${describeCallsByKind(summary, "refresh", stack)}`;
  const pluginRan = summary.operations.up?.ours.plugin !== undefined;
  const plugin = !pluginRan ? "" : byKind("plugin") === byKind("codeartsrepo") ? " The plugin's: the same." : ` The plugin's: ${byKind("plugin")}.`;
  out.push(`API calls per resource of each kind, dynamic path: ${byKind("codeartsrepo")}.${plugin}`, "");
  const difference = upDifference(summary);
  if (difference) out.push(difference, "");
  for (const stack of ["codeartsrepo", "plugin"] as OursKind[]) {
    const sentence = driftSentence(summary, stack);
    if (sentence) out.push(sentence, "");
  }
  out.push(routesTable(summary), "");
  return out;
}

export function renderMarkdown(report: BenchReport): string {
  const { environment: env, options } = report;
  const minutes = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 60_000;
  const out: string[] = [];
  out.push("# Benchmark: API calls, state size and wall time per resource", "");
  out.push(
    `Run ${report.startedAt} (${fixed(minutes, 1)} min${report.quick ? ", `--quick`" : ""}) by \`npm run bench\` (scripts/bench/). ` +
      "The real Pulumi CLI on a local file backend, against the CodeArts Repo emulator started by the harness; " +
      "every size runs ours twice, through the TypeScript SDK's dynamic provider (\"dynamic\") and as Pulumi YAML through the provider plugin (\"plugin\", the same resources and inputs), " +
      "and a no-op baseline (a dynamic provider whose create/read/delete do nothing, with the same resources, inputs and dependencies), " +
      "in an order that reverses every round, so that the machine's drift touches all three.",
    "",
  );
  out.push("## Environment and parameters", "");
  out.push(
    table(
      ["", ""],
      [
        ["Node.js", env.node],
        ["Pulumi CLI", `${env.pulumi} (default parallelism: 4 × CPUs = ${4 * env.cpus})`],
        ["CPUs", `${env.cpus} × ${env.cpuModel}`],
        ["memory", `${Math.round(env.memoryBytes / 2 ** 30)} GiB`],
        ["platform", env.platform],
        ["load average at start / end", `${env.loadAverageAtStart.join(", ")} / ${env.loadAverageAtEnd.join(", ")}`],
        ["sizes (N resources)", options.sizes.join(", ")],
        ["rounds per size", `${options.rounds} of dynamic + plugin + baseline, interleaved`],
        ["emulator latency", `${options.latencyMs} ms per request (±50% jitter)`],
        ["emulator repository creation", `${options.creationDelayMs} ms (status "creating" until then; the service documents no figure, this is an assumption)`],
        ["emulator rate limit", `${options.rateLimitPerMinute} calls per minute per API (the service's documented limit)`],
        ["commands", [...OPERATIONS.map((op) => `\`${report.commands[op]}\``), "`codeartsrepo drift --cwd <program> --stack <stack> --json <file>` (ours only, dynamic and plugin, before destroy)"].join("<br>")],
      ],
    ),
    "",
  );
  out.push(
    "Workload per repository (scripts/bench/mix.ts): a protected `master`, a protected tag `v*` on every other repository, " +
      "3, 4 or 5 members in turn, one webhook with a secret token, one deploy key of its own, in every other repository an approval rule, " +
        "and one governance object in turn (merge-request settings, a label, a file push permission, a repository policy): 10 resources per repository.",
    "",
  );
  out.push("## Targets", "");
  out.push(table(["target", "limit", "measured", "result"], report.targets.map((t) => [t.target, t.limit, t.measured, t.pass ? "pass" : "**MISS**"])), "");
  for (const summary of report.sizes) {
    out.push(`## N = ${summary.size}`, "", `${mixLine(summary.mix)}.`, "");
    out.push(...sizeSection(summary));
    if (summary.state) {
      out.push("State after `up`:", "", stateTable(summary.state), "");
      const comparison = stateComparison(summary.state);
      if (comparison) out.push(comparison, "");
    }
  }
  if (report.scale) {
    const scale = report.scale;
    out.push(`## ${scale.size} resources at ${options.rateLimitPerMinute} calls per minute per API`, "");
    out.push(
      `${mixLine(scale.mix)}; one round of ours through the dynamic provider, then the baseline. ` +
        "The plugin is left out here: its up and destroy would wait on the rate limit as long again, while the main scenario already shows it making the dynamic path's calls.",
      "",
    );
    if (scale.operations.refresh) {
      const refresh = scale.operations.refresh;
      out.push(
        `Refresh took ${seconds(refresh.wallMs.codeartsrepo)} with ${refresh.throttled} answers 429 (the baseline: ${seconds(refresh.wallMs.baseline)}); ` +
          `${busiestEndpoint(scale, "refresh", options.rateLimitPerMinute)}, because children are read through their repository's lists.`,
        "",
      );
    }
    out.push(...sizeSection(scale));
  }
  if (report.import) {
    const run = report.import;
    out.push(`## codeartsrepo import of ${run.repositories} repositories at ${options.rateLimitPerMinute} calls per minute per API`, "");
    out.push(
      `${run.resources} objects of the bench mix, made through the API; ${run.declared} resources declared. ` +
        `${run.calls} calls for ${run.listPages} list pages (target: at most one call per page), ${run.throttled} × 429, ${seconds(run.wallMs)}.`,
      "",
      table(["route", "calls"], Object.entries(run.byRoute).map(([route, calls]) => [`\`${route}\``, String(calls)])),
      "",
    );
  }
  out.push("## Notes", "");
  out.push(
    "- Wall time is the whole CLI command (engine start, plugin start, the program, the provider), so a ratio near 1 means the engine, not the provider, is most of the cost. " +
      "Medians are over the rounds; each ratio is taken within a round, where ours and the baseline ran back to back. " +
      "`up`, `refresh` and `destroy` run with `--skip-preview`, so each makes one pass (a refresh with its preview reads everything twice).",
    "- Peak RSS is the kernel's high-water mark (VmHWM) of the provider process (the dynamic provider's `node …/cmd/dynamic-provider`, or the plugin's `node …/dist/plugin/main.js`; " +
      "the highest where the engine starts more than one), and CPU its utime + stime (summed over them), sampled every 50 ms while the command runs. " +
      "Emulator + harness CPU is this process's: for ours it includes the emulator serving every call, which on a real deployment runs elsewhere.",
    "- The plugin stack's program is Pulumi YAML generated from the same mix (scripts/bench/plugin-program.ts), so its wall time also holds the YAML language host where the others run Node.js programs: " +
      "a plugin ratio below the dynamic path's is partly the lighter host, not only the provider.",
    "- The machine may be shared (other branches' tests): interleaving spreads that over ours and the baseline alike, " +
      "but single wall times can be off by tens of percent; calls, 429s and state sizes do not depend on it. The load averages above say how busy it was.",
  );
  const missed = report.targets.filter((t) => !t.pass);
  if (missed.length === 0) out.push("- Every target is met.");
  for (const [topic, note] of Object.entries(report.notes)) {
    out.push(`- **Missed: ${describeMisses(missed.filter((t) => t.topic === topic))}.** ${note}`);
  }
  out.push("");
  return out.join("\n");
}

/** What is printed at the end of a run. */
export function shortTable(report: BenchReport): string {
  const lines: string[] = [];
  const pad = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(9) : cell.padStart(10))).join(" ");
  for (const summary of [...report.sizes, ...(report.scale ? [report.scale] : [])]) {
    lines.push(`N = ${summary.size}${summary === report.scale ? ` (at ${report.options.rateLimitPerMinute}/min per API)` : ""}`);
    lines.push(pad(["operation", "dynamic", "plugin", "baseline", "dyn÷base", "plug÷base", "dyn c/res", "plug c/res", "plug−dyn", "429s"]));
    const rss: Partial<Record<ProgramKind, number>> = {};
    for (const [operation, op] of Object.entries(summary.operations)) {
      const { plugin } = op.ours;
      const ratio = (value: number | undefined) => (value === undefined ? "–" : `${fixed(value)}×`);
      lines.push(
        pad([
          operation,
          ...PROGRAM_KINDS.map((kind) => seconds(op.wallMs[kind])),
          ratio(op.ratio),
          ratio(plugin?.ratio),
          fixed(op.callsPerResource),
          plugin ? fixed(plugin.callsPerResource) : "–",
          signed(op.pluginMinusDynamicCallsPerResource),
          `${op.throttled + (plugin?.throttled ?? 0)}`,
        ]),
      );
      for (const kind of PROGRAM_KINDS) rss[kind] = Math.max(rss[kind] ?? 0, op.providerPeakRssBytes[kind] ?? 0) || undefined;
    }
    const { drift, pluginDrift } = summary;
    if (drift) {
      const difference = pluginDrift && pluginDrift.callsPerResource - drift.callsPerResource;
      const calls = (run: DriftSummary | undefined) => (run ? fixed(run.callsPerResource) : "–");
      lines.push(pad(["drift", seconds(drift.wallMs), seconds(pluginDrift?.wallMs), "–", "–", "–", calls(drift), calls(pluginDrift), signed(difference), `${drift.throttled + (pluginDrift?.throttled ?? 0)}`]));
    }
    lines.push(`provider peak RSS, the highest of the operations: ${PROGRAM_KINDS.map((kind) => `${KIND_LABEL[kind]} ${mebibytes(rss[kind])}`).join(", ")}`);
    if (summary.state) {
      const { state } = summary;
      const perResource = PROGRAM_KINDS.flatMap((kind) => (state[kind] ? [`${KIND_LABEL[kind]} ${Math.round(state[kind].stateBytesPerResource)} B`] : []));
      lines.push(`state per resource: ${perResource.join(", ")}; __provider ${state.codeartsrepo.providerBytesPerResource} B/resource, state ${kilobytes(state.codeartsrepo.stateFileBytes)}`);
    }
    lines.push("");
  }
  if (report.import) {
    const run = report.import;
    lines.push(`import of ${run.repositories} repositories: ${seconds(run.wallMs)}, ${run.calls} calls for ${run.listPages} list pages, ${run.throttled} × 429`, "");
  }
  for (const t of report.targets) lines.push(`${t.pass ? "pass" : "MISS"}  ${t.target}: ${t.measured} (limit ${t.limit})`);
  return lines.join("\n");
}

export function writeReport(report: BenchReport, directory: string): { json: string; markdown: string } {
  mkdirSync(directory, { recursive: true });
  const json = join(directory, "latest.json");
  const markdown = join(directory, "latest.md");
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, renderMarkdown(report));
  return { json, markdown };
}
