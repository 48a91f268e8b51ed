/**
 * From the raw rounds of a benchmark run to what a reader gets: medians, ratios to the baseline,
 * the targets with pass/MISS, latest.json, latest.md and the short table printed at the end.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  rounds: number;
}

export interface SizeSummary {
  size: number;
  mix: MixCounts;
  operations: Partial<Record<Operation, OperationSummary>>;
  state?: Record<ProgramKind, StateSize>;
}

export interface Target {
  target: string;
  limit: string;
  measured: string;
  pass: boolean;
  /** For a miss: why, and what would fix it. */
  note?: string;
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
  targets: Target[];
  /** Every round as measured. */
  raw: { sizes: Array<{ size: number; samples: Samples }>; scale?: { size: number; samples: Samples } };
}

export const TARGETS = {
  refreshCallsPerResource: 1.0,
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

function summarizeOperation(samples: Samples, operation: Operation, size: number): OperationSummary | undefined {
  const ours = samples.codeartsrepo[operation];
  const baseline = samples.baseline[operation];
  if (ours.length === 0) return undefined;
  const routes = new Set(ours.flatMap((s) => Object.keys(s.byRoute)));
  const peak = (list: OperationSample[]) => {
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
    providerPeakRssBytes: { codeartsrepo: peak(ours), baseline: peak(baseline) },
    rounds: ours.length,
  };
}

function summarizeSize(size: number, mix: MixCounts, samples: Samples, state?: Record<ProgramKind, StateSize>): SizeSummary {
  const operations: SizeSummary["operations"] = {};
  for (const operation of OPERATIONS) {
    const summary = summarizeOperation(samples, operation, size);
    if (summary) operations[operation] = summary;
  }
  return { size, mix, operations, state };
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const seconds = (ms: number) => `${fixed(ms / 1000, 1)} s`;
const mebibytes = (bytes: number | undefined) => (bytes === undefined ? "–" : `${Math.round(bytes / 2 ** 20)} MiB`);
const kilobytes = (bytes: number) => `${fixed(bytes / 1024, 1)} KiB`;

/** Which resource kind an endpoint serves, to tell where calls go. */
function kindOfRoute(route: string): string {
  if (route.includes("/members")) return "Member";
  if (route.includes("/hooks")) return "Webhook";
  if (route.includes("protected-tag")) return "ProtectedTag";
  if (route.includes("protect")) return "ProtectedBranch";
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

/** Calls per resource of each kind, e.g. { Member: 2, Repository: 4 }. */
export function callsPerKind(summary: SizeSummary, operation: Operation): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [route, count] of Object.entries(summary.operations[operation]?.byRoute ?? {})) {
    calls[kindOfRoute(route)] = (calls[kindOfRoute(route)] ?? 0) + count;
  }
  const perKind: Record<string, number> = {};
  for (const [field, kind] of Object.entries(KIND_OF_MIX) as Array<[keyof MixCounts, string]>) {
    if (summary.mix[field] > 0) perKind[kind] = (calls[kind] ?? 0) / summary.mix[field];
  }
  return perKind;
}

function describePerKind(perKind: Record<string, number>): string {
  return Object.entries(perKind)
    .map(([kind, calls]) => `${kind} ${fixed(calls, 1)}`)
    .join(", ");
}

function targets(sizes: SizeSummary[], scale: SizeSummary | undefined): Target[] {
  const found: Target[] = [];
  for (const summary of [...sizes, ...(scale ? [scale] : [])]) {
    const refresh = summary.operations.refresh;
    if (refresh) {
      const pass = refresh.callsPerResource <= TARGETS.refreshCallsPerResource;
      found.push({
        target: `refresh: API calls per resource, N = ${summary.size}`,
        limit: `≤ ${fixed(TARGETS.refreshCallsPerResource)}`,
        measured: fixed(refresh.callsPerResource),
        pass,
        note: pass
          ? undefined
          : `Calls per refreshed resource: ${describePerKind(callsPerKind(summary, "refresh"))}. Children are read through their repository's lists, ` +
            "each answer shared for 5 s (provider/client.ts): a kind at 1.0 or more means its reads of one repository were spread wider than that, or its list is not shared.",
      });
    }
    const up = summary.operations.up;
    if (up) {
      const pass = up.callsPerResource <= TARGETS.upCallsPerResource;
      found.push({
        target: `up: API calls per resource (status polls included), N = ${summary.size}`,
        limit: `≤ ${fixed(TARGETS.upCallsPerResource)}`,
        measured: fixed(up.callsPerResource),
        pass,
        note: pass ? undefined : upCallsNote(summary),
      });
    }
  }
  for (const summary of sizes) {
    if (!summary.state) continue;
    const bytes = summary.state.codeartsrepo.providerBytesPerResource;
    const pass = bytes <= TARGETS.providerBytesPerResource;
    found.push({
      target: `\`__provider\` bytes per resource, N = ${summary.size}`,
      limit: `≤ ${TARGETS.providerBytesPerResource}`,
      measured: `${bytes}`,
      pass,
      note: pass ? undefined : "The serialized provider is provider/shim.ts and whatever its closure captures: something it references now drags more code or data into every resource's state.",
    });
  }
  const wallSize = sizes.find((s) => s.size === TARGETS.upWallRatioAtSize) ?? sizes[sizes.length - 1];
  const wall = wallSize?.operations.up;
  if (wall) {
    const pass = wall.ratio <= TARGETS.upWallRatio;
    found.push({
      target: `up wall time ÷ baseline, N = ${wallSize.size}${wallSize.size === TARGETS.upWallRatioAtSize ? "" : ` (the target is held at N = ${TARGETS.upWallRatioAtSize})`}`,
      limit: `≤ ${fixed(TARGETS.upWallRatio)}×`,
      measured: `${fixed(wall.ratio)}×`,
      pass,
      note: pass ? undefined : upWallNote(wallSize),
    });
  }
  const throttled = sizes.reduce((total, s) => total + Object.values(s.operations).reduce((sum, op) => sum + op.throttled, 0), 0);
  const throttleNote = "The provider's client keeps each API under 90% of the limit by itself; a 429 means another client shared the limit, or the bucket's clock drifted from the gateway's.";
  found.push({
    target: "429 answers, every operation of every round",
    limit: "0",
    measured: `${throttled}`,
    pass: throttled === 0,
    note: throttled === 0 ? undefined : throttleNote,
  });
  if (scale?.operations.refresh) {
    const { throttled: scaleThrottled, wallMs } = scale.operations.refresh;
    found.push({
      target: `429 answers, refresh of ${scale.size} resources at the service's rate limit (took ${seconds(wallMs.codeartsrepo)})`,
      limit: "0",
      measured: `${scaleThrottled}`,
      pass: scaleThrottled === 0,
      note: scaleThrottled === 0 ? undefined : throttleNote,
    });
  }
  return found;
}

/** What a create costs, by kind, and why (for the closing note when up misses its target). */
const CREATE_CALLS: Record<string, string> = {
  Repository: "POST, then reads of its status until the service has created it, then the read that gives its ids and URLs",
  ProtectedBranch: "a look at the repository's protection list, because PUT protect would silently overwrite an existing rule, then the PUT",
  ProtectedTag: "one POST",
  Member: "the add, then the member list: the list names members by the id role changes and deletes take, which need not be the IAM user id the add takes",
  Webhook: "a look at the hook list for a hook with the same url (adopted or refused, never duplicated), then the POST",
  DeployKey: "one POST",
};

function upCallsNote(summary: SizeSummary): string {
  const perKind = callsPerKind(summary, "up");
  const reasons = Object.entries(perKind)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, calls]) => `${kind} ${fixed(calls, 1)} (${CREATE_CALLS[kind] ?? "?"})`);
  return (
    `Calls per created resource: ${reasons.join("; ")}. ` +
    "Each extra read buys a guarantee: no silent takeover of a protection or hook, no duplicate after a lost answer, the member id that later calls need. " +
    "What would bring it under the target: creating members of one repository in one add call (the API takes a list) or letting their list reads wait for each other, " +
    "and the V4 create calls for protections that refuse an existing rule instead of a look before PUT."
  );
}

function upWallNote(summary: SizeSummary): string {
  const up = summary.operations.up!;
  return (
    `Ours took ${seconds(up.wallMs.codeartsrepo - up.wallMs.baseline)} more than the engine alone. ` +
    "A repository's children start only once it exists (they need its ids), and the engine runs 4 operations per CPU at a time, " +
    "so the repositories' creation time (the emulator's creation delay plus the polls that see it done) holds slots every child is waiting for; " +
    "on a machine this small, the provider's and the emulator's CPU also compete with the engine's. " +
    "What would help: a higher --parallel (creation is waiting, not work), fewer calls per create (above)."
  );
}

export function summarize(run: BenchRun): BenchReport {
  const sizes = run.sizes.map((s) => summarizeSize(s.size, s.mix, s.samples, s.state));
  const scale = run.scale ? summarizeSize(run.scale.size, run.scale.mix, run.scale.samples) : undefined;
  return {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    quick: run.quick,
    environment: run.environment,
    options: run.options,
    commands: run.commands,
    sizes,
    scale,
    targets: targets(sizes, scale),
    raw: { sizes: run.sizes.map((s) => ({ size: s.size, samples: s.samples })), scale: run.scale && { size: run.scale.size, samples: run.scale.samples } },
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
  const rows = Object.entries(summary.operations).map(([operation, op]) => [
    operation,
    seconds(op.wallMs.codeartsrepo),
    seconds(op.wallMs.baseline),
    `${fixed(op.ratio)}×`,
    fixed(op.callsPerResource),
    `${op.throttled}`,
    `${mebibytes(op.providerPeakRssBytes.codeartsrepo)} / ${mebibytes(op.providerPeakRssBytes.baseline)}`,
  ]);
  return table(["operation", "ours (median)", "baseline (median)", "ours ÷ baseline (median of rounds)", "API calls / resource", "429s", "provider peak RSS, ours / baseline"], rows);
}

function routesTable(summary: SizeSummary): string {
  const operations = Object.keys(summary.operations) as Operation[];
  const routes = [...new Set(operations.flatMap((op) => Object.keys(summary.operations[op]!.byRoute)))].sort();
  if (routes.length === 0) return "_No API calls._";
  const rows = routes.map((route) => [`\`${route}\``, ...operations.map((op) => `${summary.operations[op]!.byRoute[route] ?? 0}`)]);
  const totals = ["**all**", ...operations.map((op) => `**${Object.values(summary.operations[op]!.byRoute).reduce((a, b) => a + b, 0)}**`)];
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

export function renderMarkdown(report: BenchReport): string {
  const { environment: env, options } = report;
  const minutes = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 60_000;
  const out: string[] = [];
  out.push(`# Benchmark: API calls, state size and wall time per resource`);
  out.push("");
  out.push(
    `Run ${report.startedAt} (${fixed(minutes, 1)} min${report.quick ? ", `--quick`" : ""}) by \`npm run bench\` (scripts/bench/). ` +
      "The real Pulumi CLI on a local file backend, against the CodeArts Repo emulator in the same process tree; " +
      "every size runs ours and a no-op baseline (a dynamic provider whose create/read/delete do nothing, with the same resources and dependencies) " +
      "in alternating order, round after round, so that the machine's drift touches both.",
  );
  out.push("");
  out.push("## Environment and parameters");
  out.push("");
  out.push(
    table(
      ["", ""],
      [
        ["Node.js", env.node],
        ["Pulumi CLI", `${env.pulumi} (default parallelism: 4 × CPUs)`],
        ["CPUs", `${env.cpus} × ${env.cpuModel}`],
        ["memory", `${Math.round(env.memoryBytes / 2 ** 30)} GiB`],
        ["platform", env.platform],
        ["load average at start", env.loadAverageAtStart.join(", ")],
        ["sizes (N resources)", options.sizes.join(", ")],
        ["rounds per size", `${options.rounds} of ours + baseline, interleaved`],
        ["emulator latency", `${options.latencyMs} ms per request (±50% jitter)`],
        ["emulator repository creation", `${options.creationDelayMs} ms (status "creating" until then)`],
        ["emulator rate limit", `${options.rateLimitPerMinute} calls per minute per API (the service's documented limit)`],
        ["commands", OPERATIONS.map((op) => `\`${report.commands[op]}\``).join("<br>")],
      ],
    ),
  );
  out.push("");
  out.push(
    "Workload per repository (scripts/bench/mix.ts): a protected `master`, a protected tag `v*` on every other repository, " +
      "3, 4 or 5 members in turn, one webhook with a secret token, one deploy key of its own.",
  );
  out.push("");
  out.push("## Targets");
  out.push("");
  out.push(table(["target", "limit", "measured", "result"], report.targets.map((t) => [t.target, t.limit, t.measured, t.pass ? "pass" : "**MISS**"])));
  out.push("");
  for (const summary of report.sizes) {
    out.push(`## N = ${summary.size}`);
    out.push("");
    out.push(`${mixLine(summary.mix)}.`);
    out.push("");
    out.push(operationsTable(summary));
    out.push("");
    out.push(`Up, calls per resource by kind: ${describePerKind(callsPerKind(summary, "up"))}. Refresh: ${describePerKind(callsPerKind(summary, "refresh"))}.`);
    out.push("");
    out.push(routesTable(summary));
    out.push("");
    if (summary.state) {
      out.push("State after `up`:");
      out.push("");
      out.push(stateTable(summary.state, summary.size));
      out.push("");
    }
  }
  if (report.scale) {
    const scale = report.scale;
    out.push(`## ${scale.size} resources at ${options.rateLimitPerMinute} calls per minute per API`);
    out.push("");
    out.push(`${mixLine(scale.mix)}; one round of ours, then the baseline.`);
    out.push("");
    out.push(operationsTable(scale));
    out.push("");
    out.push(routesTable(scale));
    out.push("");
  }
  out.push("## Notes");
  out.push("");
  out.push(
    "- Wall time is the whole CLI command (engine start, plugin start, the program, the provider), so a ratio near 1 means the engine, " +
      "not the provider, is most of the cost. Medians are over the rounds; each ratio is taken within a round, where ours and the baseline ran back to back.",
  );
  out.push(
    "- Peak RSS is the kernel's high-water mark (VmHWM) of the dynamic-provider process, sampled every 50 ms while the command runs.",
  );
  out.push(
    "- The machine is shared: other work (tests of other branches) may have run during the benchmark. Interleaving spreads that over ours and the baseline alike, " +
      "but single wall times can be off; calls, 429s and state sizes do not depend on it.",
  );
  const misses = report.targets.filter((t) => !t.pass);
  if (misses.length === 0) out.push("- Every target is met.");
  for (const miss of misses) out.push(`- **Missed: ${miss.target}** (${miss.measured}, limit ${miss.limit}). ${miss.note ?? ""}`);
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
    if (summary.state) lines.push(`__provider ${summary.state.codeartsrepo.providerBytesPerResource} B/resource, state ${kilobytes(summary.state.codeartsrepo.stateFileBytes)}`);
    lines.push("");
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
