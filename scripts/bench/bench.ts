/**
 * The benchmark run: one emulator in this process, the real Pulumi CLI driving generated programs
 * of N resources, ours (through the dynamic provider and through the provider plugin) interleaved
 * with the no-op baseline round after round so that the machine's drift hits all alike. Counts come
 * from the emulator (reset before each operation).
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { DEFAULTS, startEmulator } from "../../emulator";
import { MEMBERS_PER_REPOSITORY_MAX, Mix, MixCounts, countMix, planMix } from "./mix";
import { BenchStack, COMMANDS, OPERATIONS, Operation, PROGRAM_KINDS, ProgramKind, StateSize } from "./stack";
import { ImportRun, measureImport } from "./import-scenario";

export interface BenchOptions {
  /** Resource counts of the main scenario. */
  sizes: number[];
  /** Rounds of ours (dynamic and plugin) + baseline per size (the medians are over these). */
  rounds: number;
  /** Emulator latency per API request (±50% jitter). */
  latencyMs: number;
  /** How long the emulator takes to create a repository (status 1 until then). */
  creationDelayMs: number;
  /** The emulator's limit per API per minute: the service's documented one, in both scenarios. */
  rateLimitPerMinute: number;
  /** Resources of the rate-limited refresh scenario; 0 skips it. */
  scaleSize: number;
  /** Repositories of the import scenario (`codeartsrepo import` at the rate limit); 0 skips it. */
  importRepositories: number;
}

export const FULL_OPTIONS: BenchOptions = {
  sizes: [50, 200],
  rounds: 3,
  latencyMs: 20,
  creationDelayMs: 1_000,
  rateLimitPerMinute: DEFAULTS.rateLimitPerMinute,
  scaleSize: 1_000,
  importRepositories: 100,
};

/** `--quick`: enough to see the harness work and the per-resource numbers, in well under 2 minutes. */
export const QUICK_OPTIONS: BenchOptions = { ...FULL_OPTIONS, sizes: [20], rounds: 1, scaleSize: 0, importRepositories: 0 };

export interface OperationSample {
  round: number;
  wallMs: number;
  /** API requests the emulator received, throttled ones included. */
  calls: number;
  byRoute: Record<string, number>;
  /** Requests answered 429. */
  throttled: number;
  providerPeakRssBytes?: number;
  providerCpuMs?: number;
  /**
   * CPU this process spent meanwhile: the emulator answering, plus the harness's own sampling and
   * output handling (what the baseline's figure is). On a small machine it competes with the engine.
   */
  harnessCpuMs: number;
}

export type Samples = Record<ProgramKind, Record<Operation, OperationSample[]>>;

export interface SizeRun {
  size: number;
  mix: MixCounts;
  samples: Samples;
  /** `codeartsrepo drift` on our dynamic stack, once a round, between refresh and destroy. */
  drift: OperationSample[];
  /** The same on our plugin stack. */
  pluginDrift: OperationSample[];
  state: Record<ProgramKind, StateSize>;
}

export interface ScaleRun {
  size: number;
  mix: MixCounts;
  operations: Operation[];
  samples: Samples;
}

export interface Environment {
  node: string;
  pulumi: string;
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  platform: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  options: BenchOptions;
  /** What each operation runs: `pulumi <args>`. */
  commands: Record<Operation, string>;
  environment: Environment;
  sizes: SizeRun[];
  scale?: ScaleRun;
  import?: ImportRun;
}

/**
 * The scale scenario measures refresh; up and destroy are how its state comes and goes. It leaves
 * the plugin out: its up and destroy wait on the rate limit (about 2.5 and 2 minutes at 1,000
 * resources), so the plugin would add some 5 minutes to learn what the main scenario already
 * shows, that it makes the dynamic path's calls through the same client and rate limiter.
 */
const SCALE_OPERATIONS: Operation[] = ["up", "refresh", "destroy"];
const SCALE_KINDS: ProgramKind[] = ["codeartsrepo", "baseline"];

function emptySamples(): Samples {
  const perOperation = () => Object.fromEntries(OPERATIONS.map((op) => [op, [] as OperationSample[]])) as Record<Operation, OperationSample[]>;
  return { codeartsrepo: perOperation(), plugin: perOperation(), baseline: perOperation() };
}

function loadAverage(): number[] {
  return loadavg().map((load) => Math.round(load * 100) / 100);
}

function environment(): Environment {
  return {
    node: process.version,
    pulumi: execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryBytes: totalmem(),
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadAverage(),
    loadAverageAtEnd: [],
  };
}

export async function runBenchmark(options: BenchOptions & { quick: boolean; repositoryRoot: string }, progress: (line: string) => void): Promise<BenchRun> {
  const startedAt = new Date();
  const machine = environment();
  const clock = () => {
    const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };
  const say = (line: string) => progress(`[bench ${clock()}] ${line}`);

  const emulator = await startEmulator({
    port: 0,
    latencyMs: options.latencyMs,
    creationDelayMs: options.creationDelayMs,
    rateLimitPerMinute: options.rateLimitPerMinute,
    // The admin creates the repositories (and so is a member already); members come from the others.
    seedUsers: MEMBERS_PER_REPOSITORY_MAX,
  });
  const members = emulator.seed.users.slice(1);
  const projectId = emulator.seed.project.id;
  say(`emulator at ${emulator.url}: ${options.latencyMs} ms latency, repositories ready after ${options.creationDelayMs} ms, ${options.rateLimitPerMinute} calls/min per API`);

  const stacks: BenchStack[] = [];
  const newStack = async (kind: ProgramKind, size: number, mix: Mix) => {
    const stack = await BenchStack.create({ kind, size, mix, repositoryRoot: options.repositoryRoot, emulatorUrl: emulator.url });
    stacks.push(stack);
    return stack;
  };

  /** Runs one operation (or a drift run) with the emulator's counters reset before it. */
  const measure = async (stack: BenchStack, operation: Operation | "drift", round: number, label: string): Promise<OperationSample> => {
    emulator.requests.reset();
    const cpuBefore = process.cpuUsage();
    const run = operation === "drift" ? await stack.drift() : await stack.run(operation);
    const cpu = process.cpuUsage(cpuBefore);
    const counted = emulator.requests.snapshot();
    const sample: OperationSample = {
      round,
      wallMs: Math.round(run.wallMs),
      calls: counted.total,
      byRoute: counted.byRoute,
      throttled: counted.throttled,
      providerPeakRssBytes: run.providerPeakRssBytes,
      providerCpuMs: run.providerCpuMs,
      harnessCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    const rss = run.providerPeakRssBytes === undefined ? "" : `, provider ${Math.round(run.providerPeakRssBytes / 2 ** 20)} MiB`;
    say(`${label} ${stack.kind} ${operation}: ${(run.wallMs / 1000).toFixed(1)} s, ${counted.total} calls, ${counted.throttled} × 429${rss}`);
    return sample;
  };

  try {
    const sizes: SizeRun[] = [];
    const stacksBySize = new Map<number, Record<ProgramKind, BenchStack>>();
    for (const size of options.sizes) {
      const mix = planMix(size, projectId, members, `n${size}`);
      const stacksOfSize = {} as Record<ProgramKind, BenchStack>;
      for (const kind of PROGRAM_KINDS) stacksOfSize[kind] = await newStack(kind, size, mix);
      stacksBySize.set(size, stacksOfSize);
      sizes.push({ size, mix: countMix(mix), samples: emptySamples(), drift: [], pluginDrift: [], state: {} as Record<ProgramKind, StateSize> });
    }
    say(
      `stacks ready: sizes ${options.sizes.join(", ")}, ${options.rounds} round(s) of ${OPERATIONS.join(" → ")} for ours (dynamic and plugin) and the baseline, ` +
        "`codeartsrepo drift` before each of our destroys",
    );

    for (let round = 1; round <= options.rounds; round++) {
      for (const sizeRun of sizes) {
        // The order reverses every round, so no kind always runs on a machine another just warmed.
        const order = round % 2 === 1 ? PROGRAM_KINDS : [...PROGRAM_KINDS].reverse();
        for (const kind of order) {
          const stack = stacksBySize.get(sizeRun.size)![kind];
          const label = `round ${round}/${options.rounds} N=${sizeRun.size}`;
          for (const operation of OPERATIONS) {
            // The drift run reads what refresh reads, on the same state: measured just before destroy.
            if (operation === "destroy" && kind !== "baseline") (kind === "plugin" ? sizeRun.pluginDrift : sizeRun.drift).push(await measure(stack, "drift", round, label));
            sizeRun.samples[kind][operation].push(await measure(stack, operation, round, label));
            if (operation === "up" && round === 1) sizeRun.state[kind] = await stack.stateSize();
          }
        }
      }
    }

    let scale: ScaleRun | undefined;
    if (options.scaleSize > 0) {
      const size = options.scaleSize;
      say(`scale scenario: ${size} resources at ${options.rateLimitPerMinute} calls/min per API: ${SCALE_OPERATIONS.join(" → ")}, ours (dynamic) and the baseline`);
      const mix = planMix(size, projectId, members, `n${size}`);
      scale = { size, mix: countMix(mix), operations: SCALE_OPERATIONS, samples: emptySamples() };
      for (const kind of SCALE_KINDS) {
        const stack = await newStack(kind, size, mix);
        for (const operation of SCALE_OPERATIONS) scale.samples[kind][operation].push(await measure(stack, operation, 1, `N=${size}`));
      }
    }

    const imported = options.importRepositories > 0 ? await measureImport(emulator, options.importRepositories, options.rateLimitPerMinute, say) : undefined;

    return {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      quick: options.quick,
      options: { sizes: options.sizes, rounds: options.rounds, latencyMs: options.latencyMs, creationDelayMs: options.creationDelayMs, rateLimitPerMinute: options.rateLimitPerMinute, scaleSize: options.scaleSize, importRepositories: options.importRepositories },
      commands: Object.fromEntries(OPERATIONS.map((op) => [op, `pulumi ${COMMANDS[op].join(" ")}`])) as Record<Operation, string>,
      environment: { ...machine, loadAverageAtEnd: loadAverage() },
      sizes,
      scale,
      import: imported,
    };
  } finally {
    for (const stack of stacks) await stack.dispose();
    await emulator.close();
  }
}
