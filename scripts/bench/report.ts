/**
 * From the raw rounds of a benchmark run to what a reader gets: medians, ratios to the baseline,
 * the targets with pass/MISS and, for a miss, why; latest.json, latest.md and the short table
 * printed at the end.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CREATION_POLL } from "../../provider/repository";
import { BenchRun, OperationSample, Samples } from "./bench";
import { MixCounts } from "./mix";
import { OPERATIONS, Operation, ProgramKind, StateSize } from "./stack";

export interface OperationSummary {
  /** Median wall time over the rounds, ms. */
  wallMs: Record<ProgramKind, number>;
  /** Median over the rounds of ours ÷ baseline (each round's pair ran back to back). */
  ratio: number;
  /** Our API calls (median over the rounds) ÷ resources. */
  callsPerResource: number;
  /** Our API calls per endpoint, median over the rounds. */
  byRoute: Record<string, number>;
  /** 429 answers, summed over the rounds. */
  throttled: number;
  /** Highest peak RSS of the provider process over the rounds, bytes. */
  providerPeakRssBytes: Partial<Record<ProgramKind, number>>;
  /** Median CPU time of the provider process, ms. */
  providerCpuMs: Partial<Record<ProgramKind, number>>;
  /** Median CPU time of the harness process (the emulator, for ours), ms. */
  harnessCpuMs: Record<ProgramKind, number>;
  rounds: number;
}

/** `codeartsrepo drift` on our stack (no baseline: the engine alone has nothing to compare). */
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
  drift?: DriftSummary;
  state?: Record<ProgramKind, StateSize>;
}

/** Targets of the same kind share one explanation in the closing notes. */
export type TargetTopic = "refresh-calls" | "drift-calls" | "up-calls" | "provider-bytes" | "up-wall" | "throttled";

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
  raw: { sizes: Array<{ size: number; samples: Samples; drift: OperationSample[] }>; scale?: { size: number; samples: Samples } };
}

export const TARGETS = {
  refreshCallsPerResource: 1.0,
  driftCallsPerResource: 1.0,
  upCallsPerResource: 1.5,
  providerBytesPerResource: 2048,
  upWallRatio: 1.5,
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

function summarizeOperation(samples: Samples, operation: Operation, size: number): OperationSummary | undefined {
  const ours = samples.codeartsrepo[operation];
  const baseline = samples.baseline[operation];
  if (ours.length === 0) return undefined;
  const routes = new Set(ours.flatMap((s) => Object.keys(s.byRoute)));
  const highest = (list: OperationSample[]) => {
    const seen = list.map((s) => s.providerPeakRssBytes).filter((b): b is number => b !== undefined);
    return seen.length === 0 ? undefined : Math.max(...seen);
  };
  const ratios = ours.map((s) => s.wallMs / (baseline.find((b) => b.round === s.round)?.wallMs ?? Number.NaN));
  return {
    wallMs: { codeartsrepo: median(ours.map((s) => s.wallMs)), baseline: median(baseline.map((s) => s.wallMs)) },
    ratio: median(ratios),
    callsPerResource: median(ours.map((s) => s.calls)) / size,
    byRoute: Object.fromEntries([...routes].sort().map((route) => [route, median(ours.map((s) => s.byRoute[route] ?? 0))])),
    throttled: ours.reduce((total, s) => total + s.throttled, 0),
    providerPeakRssBytes: { codeartsrepo: highest(ours), baseline: highest(baseline) },
    providerCpuMs: { codeartsrepo: medianOf(ours, (s) => s.providerCpuMs), baseline: medianOf(baseline, (s) => s.providerCpuMs) },
    harnessCpuMs: { codeartsrepo: median(ours.map((s) => s.harnessCpuMs)), baseline: median(baseline.map((s) => s.harnessCpuMs)) },
    rounds: ours.length,
  };
}

function summarizeDrift(samples: OperationSample[], size: number): DriftSummary | undefined {
  if (samples.length === 0) return undefined;
  const routes = new Set(samples.flatMap((s) => Object.keys(s.byRoute)));
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    callsPerResource: median(samples.map((s) => s.calls)) / size,
    byRoute: Object.fromEntries([...routes].sort().map((route) => [route, median(samples.map((s) => s.byRoute[route] ?? 0))])),
    throttled: samples.reduce((total, s) => total + s.throttled, 0),
    rounds: samples.length,
  };
}

function summarizeSize(size: number, mix: MixCounts, samples: Samples, state?: Record<ProgramKind, StateSize>, drift: OperationSample[] = []): SizeSummary {
  const operations: SizeSummary["operations"] = {};
  for (const operation of OPERATIONS) {
    const summary = summarizeOperation(samples, operation, size);
    if (summary) operations[operation] = summary;
  }
  return { size, mix, operations, drift: summarizeDrift(drift, size), state };
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const seconds = (ms: number | undefined) => (ms === undefined ? "–" : `${fixed(ms / 1000, 1)} s`);
const mebibytes = (bytes: number | undefined) => (bytes === undefined ? "–" : `${Math.round(bytes / 2 ** 20)} MiB`);
const kilobytes = (bytes: number) => `${fixed(bytes / 1024, 1)} KiB`;
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Which resource kind an endpoint serves, to tell where calls go. */
function kindOfRoute(route: string): string {
  if (route.includes("/members")) return "Member";
  if (route.includes("/hooks")) return "Webhook";
  if (route.includes("protected-tag")) return "ProtectedTag";
  if (route.includes("protect")) return "ProtectedBranch";
  // The role list is learned for the protections (once per repository per run).
  if (route.includes("/permissions/")) return "ProtectedBranch";
  if (route.includes("deploy-keys")) return "DeployKey";
  return "Repository";
}

const KIND_OF_MIX: Record<keyof MixCounts, string> = {
  repositories: "Repository",
  protectedBranches: "ProtectedBranch",
  protectedTags: "ProtectedTag",
  members: "Member",
  webhooks: "Webhook",
  deployKeys: "DeployKey",
};

/** API calls an operation made for each resource kind, and per resource of that kind. */
function callsByKind(summary: SizeSummary, operation: Operation): Array<{ kind: string; calls: number; perResource: number }> {
  const calls: Record<string, number> = {};
  for (const [route, count] of Object.entries(summary.operations[operation]?.byRoute ?? {})) {
    calls[kindOfRoute(route)] = (calls[kindOfRoute(route)] ?? 0) + count;
  }
  return (Object.entries(KIND_OF_MIX) as Array<[keyof MixCounts, string]>)
    .filter(([field]) => summary.mix[field] > 0)
    .map(([field, kind]) => ({ kind, calls: calls[kind] ?? 0, perResource: (calls[kind] ?? 0) / summary.mix[field] }));
}

function describeCallsByKind(summary: SizeSummary, operation: Operation): string {
  return callsByKind(summary, operation)
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
  const throttled = sizes.reduce((sum, s) => sum + Object.values(s.operations).reduce((inner, op) => inner + op.throttled, 0) + (s.drift?.throttled ?? 0), 0);
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
  Repository: "POST, then reads of the repository until its status says created; the last read gives its ids and URLs",
  ProtectedBranch:
    "the repository's role list (once per repository per run, shared with its protected tags), a look at the rule by name (adopted or refused, never overwritten), then the POST",
  ProtectedTag: "the role list (shared, see ProtectedBranch), a look at the rule by name, then the POST",
  Member:
    "one add call and one member-list read per repository, shared by its members created together; the list names members by the id role changes and deletes take, which need not be the IAM user id the add takes",
  Webhook: "a look at the hook list for a hook with the same url, which is adopted or refused but never duplicated, then the POST",
  DeployKey: "one POST",
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
  const lookups =
    (up.byRoute["GET /v4/repositories/{repository_id}/protected-branch"] ?? 0) +
    (up.byRoute["GET /v4/repositories/{repository_id}/protected-tag"] ?? 0) +
    (up.byRoute["GET /v4/repositories/{repository_id}/hooks"] ?? 0);
  return (
    `At N = ${summary.size}, a create costs, by kind: ` +
    byKind.map(({ kind, perResource }) => `${kind} ${fixed(perResource, 1)} (${CREATE_CALLS[kind] ?? "?"})`).join("; ") +
    `. A repository's status reads depend on how long the service takes to create it (here ${fixed(options.creationDelayMs / 1000, 1)} s, an assumption): ` +
    `they come ${statusReadTimes(4).map((ms) => fixed(ms / 1000, 1)).join(", ")} … s after the POST, so a creation of up to ` +
    `${fixed(statusReadTimes(1)[0] / 1000, 1)} s costs one, up to ${fixed(statusReadTimes(2)[1] / 1000, 1)} s two. ` +
    "Every call beyond the write buys a guarantee: no silent takeover of a protection or hook, no duplicate after a lost answer, the id later calls need. " +
    `With few resources per repository, the repository's own calls weigh more. Dropping the look before a protection or hook write would save ${fixed(lookups / summary.size)} per resource, ` +
    "at the cost of those guarantees."
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
  const onceEach = Object.values(drift.byRoute).every((count) => count === repositories);
  return (
    `At N = ${summary.size} a drift run made ${calls} calls for ${repositories} repositories: ${fixed(calls / repositories, 1)} per repository` +
    (onceEach ? ", each of its endpoints exactly once per repository" : "") +
    ` (a refresh alone: ${refreshCalls}). Refresh reads a repository's list of a kind only when the stack declares that kind there; ` +
    "the unmanaged-object discovery reuses those answers and reads the other lists once, because a member, webhook, deploy key or protection added by hand can be in any of them. " +
    `So the cost is about ${Object.keys(drift.byRoute).length} calls per repository whatever it holds, and ≤ 1.0 per resource once repositories average that many resources ` +
    `(here ${fixed(summary.size / repositories, 1)}; the full run's mix averages 8.5).`
  );
}

const FIXED_NOTES: Record<Exclude<TargetTopic, "up-calls" | "up-wall" | "drift-calls">, string> = {
  "refresh-calls":
    "Children are read through their repository's lists, each answer shared for 5 s (api/client.ts): " +
    "a kind at 1.0 or more per resource means its reads of one repository were spread wider than that, or its list is not shared.",
  "provider-bytes":
    "The serialized provider is provider/shim.ts and whatever its closure captures: something it references now drags more code or data into every resource's state.",
  throttled:
    "The provider's client keeps each API under 90% of the limit by itself; a 429 means another client shared the limit, or the bucket's clock drifted from the gateway's.",
};

function notes(found: Target[], sizes: SizeSummary[], scale: SizeSummary | undefined, report: Pick<BenchReport, "options" | "environment">): BenchReport["notes"] {
  const missed = new Set(found.filter((t) => !t.pass).map((t) => t.topic));
  const explained: BenchReport["notes"] = {};
  for (const topic of missed) {
    if (topic === "up-calls") {
      const largest = [...sizes, ...(scale ? [scale] : [])].filter((s) => s.operations.up).sort((a, b) => b.size - a.size)[0];
      explained[topic] = upCallsNote(largest, report.options);
    } else if (topic === "up-wall") explained[topic] = upWallNote(wallTargetSize(sizes)!, report);
    else if (topic === "drift-calls") explained[topic] = driftCallsNote(sizes.filter((s) => s.drift).sort((a, b) => b.drift!.callsPerResource - a.drift!.callsPerResource)[0]);
    else explained[topic] = FIXED_NOTES[topic];
  }
  return explained;
}

export function summarize(run: BenchRun): BenchReport {
  const sizes = run.sizes.map((s) => summarizeSize(s.size, s.mix, s.samples, s.state, s.drift));
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
    raw: { sizes: run.sizes.map((s) => ({ size: s.size, samples: s.samples, drift: s.drift })), scale: run.scale && { size: run.scale.size, samples: run.scale.samples } },
  };
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function mixLine(mix: MixCounts): string {
  return (
    `${mix.repositories} repositories, ${mix.protectedBranches} protected branches, ${mix.protectedTags} protected tags, ` +
    `${mix.members} members, ${mix.webhooks} webhooks, ${mix.deployKeys} deploy keys`
  );
}

function operationsTable(summary: SizeSummary): string {
  const pair = (ours: string, baseline: string) => `${ours} / ${baseline}`;
  const rows = Object.entries(summary.operations).map(([operation, op]) => [
    operation,
    seconds(op.wallMs.codeartsrepo),
    seconds(op.wallMs.baseline),
    `${fixed(op.ratio)}×`,
    fixed(op.callsPerResource),
    `${op.throttled}`,
    pair(mebibytes(op.providerPeakRssBytes.codeartsrepo), mebibytes(op.providerPeakRssBytes.baseline)),
    pair(seconds(op.providerCpuMs.codeartsrepo), seconds(op.providerCpuMs.baseline)),
    pair(seconds(op.harnessCpuMs.codeartsrepo), seconds(op.harnessCpuMs.baseline)),
  ]);
  return table(
    [
      "operation",
      "ours (median)",
      "baseline (median)",
      "ours ÷ baseline (median of rounds)",
      "API calls / resource",
      "429s",
      "provider peak RSS, ours / baseline",
      "provider CPU, ours / baseline",
      "emulator + harness CPU, ours / baseline",
    ],
    rows,
  );
}

function routesTable(summary: SizeSummary): string {
  const operations = Object.keys(summary.operations) as Operation[];
  const routes = [...new Set(operations.flatMap((op) => Object.keys(summary.operations[op]!.byRoute)))].sort();
  if (routes.length === 0) return "_No API calls._";
  const rows = routes.map((route) => [`\`${route}\``, ...operations.map((op) => `${summary.operations[op]!.byRoute[route] ?? 0}`)]);
  const totals = ["**all**", ...operations.map((op) => `**${total(summary.operations[op]!.byRoute)}**`)];
  return table(["endpoint (median calls)", ...operations], [...rows, totals]);
}

function stateTable(state: Record<ProgramKind, StateSize>, size: number): string {
  const row = (kind: ProgramKind) => [
    kind === "codeartsrepo" ? "ours" : "baseline",
    kilobytes(state[kind].stateFileBytes),
    kilobytes(state[kind].stateFileBytes / size),
    `${state[kind].providerBytesPerResource}`,
    `${Math.round(state[kind].providerBytesInStatePerResource)}`,
  ];
  return table(["stack", "state file", "state per resource", "`__provider` bytes per resource", "`__provider` bytes in state per resource (inputs + outputs)"], [
    row("codeartsrepo"),
    row("baseline"),
  ]);
}

/** The endpoint with the most calls in an operation, against what the service allows a minute. */
function busiestEndpoint(summary: SizeSummary, operation: Operation, limit: number): string {
  const [route, calls] = Object.entries(summary.operations[operation]?.byRoute ?? {}).sort(([, a], [, b]) => b - a)[0] ?? ["none", 0];
  return `its busiest endpoint, \`${route}\`, got ${calls} calls of the ${limit} a minute allows`;
}

function sizeSection(summary: SizeSummary): string[] {
  const out = [operationsTable(summary), ""];
  out.push(`API calls per resource of each kind: up ${describeCallsByKind(summary, "up")}; refresh ${describeCallsByKind(summary, "refresh")}.`, "");
  if (summary.drift) {
    const { drift } = summary;
    const endpoints = Object.entries(drift.byRoute).map(([route, calls]) => `\`${route}\` ${calls}`).join(", ");
    out.push(
      `\`codeartsrepo drift\` (a refresh in preview mode and the unmanaged-object discovery, median of ${drift.rounds} round(s)): ${seconds(drift.wallMs)}, ` +
        `${fixed(drift.callsPerResource)} API calls per resource (refresh: ${fixed(summary.operations.refresh?.callsPerResource ?? Number.NaN)}), ${drift.throttled} × 429; by endpoint: ${endpoints || "none"}.`,
      "",
    );
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
      "every size runs ours and a no-op baseline (a dynamic provider whose create/read/delete do nothing, with the same resources, inputs and dependencies) " +
      "in alternating order, round after round, so that the machine's drift touches both.",
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
        ["rounds per size", `${options.rounds} of ours + baseline, interleaved`],
        ["emulator latency", `${options.latencyMs} ms per request (±50% jitter)`],
        ["emulator repository creation", `${options.creationDelayMs} ms (status "creating" until then; the service documents no figure, this is an assumption)`],
        ["emulator rate limit", `${options.rateLimitPerMinute} calls per minute per API (the service's documented limit)`],
        ["commands", [...OPERATIONS.map((op) => `\`${report.commands[op]}\``), "`codeartsrepo drift --cwd <program> --stack <stack> --json <file>` (ours only, before destroy)"].join("<br>")],
      ],
    ),
    "",
  );
  out.push(
    "Workload per repository (scripts/bench/mix.ts): a protected `master`, a protected tag `v*` on every other repository, " +
      "3, 4 or 5 members in turn, one webhook with a secret token, one deploy key of its own: 8.5 resources per repository.",
    "",
  );
  out.push("## Targets", "");
  out.push(table(["target", "limit", "measured", "result"], report.targets.map((t) => [t.target, t.limit, t.measured, t.pass ? "pass" : "**MISS**"])), "");
  for (const summary of report.sizes) {
    out.push(`## N = ${summary.size}`, "", `${mixLine(summary.mix)}.`, "");
    out.push(...sizeSection(summary));
    if (summary.state) out.push("State after `up`:", "", stateTable(summary.state, summary.size), "");
  }
  if (report.scale) {
    const scale = report.scale;
    out.push(`## ${scale.size} resources at ${options.rateLimitPerMinute} calls per minute per API`, "");
    out.push(`${mixLine(scale.mix)}; one round of ours, then the baseline.`, "");
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
    "- Peak RSS is the kernel's high-water mark (VmHWM) of the dynamic-provider process, and CPU its utime + stime, sampled every 50 ms while the command runs. " +
      "Emulator + harness CPU is this process's: for ours it includes the emulator serving every call, which on a real deployment runs elsewhere.",
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
    lines.push(pad(["operation", "ours", "baseline", "ratio", "calls/res", "429s"]));
    for (const [operation, op] of Object.entries(summary.operations)) {
      lines.push(pad([operation, seconds(op.wallMs.codeartsrepo), seconds(op.wallMs.baseline), `${fixed(op.ratio)}×`, fixed(op.callsPerResource), `${op.throttled}`]));
    }
    if (summary.drift) lines.push(pad(["drift", seconds(summary.drift.wallMs), "–", "–", fixed(summary.drift.callsPerResource), `${summary.drift.throttled}`]));
    if (summary.state) lines.push(`__provider ${summary.state.codeartsrepo.providerBytesPerResource} B/resource, state ${kilobytes(summary.state.codeartsrepo.stateFileBytes)}`);
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
