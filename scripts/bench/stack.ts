/**
 * One benchmark stack: a generated program (ours or the baseline) in a temp dir, with its own
 * Pulumi sandbox, the four operations the benchmark times, and (ours only) a drift run.
 */
import { spawn } from "node:child_process";
import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULTS } from "../../emulator";
import { PulumiSandbox } from "../lib/pulumi-cli";
import { linkedProgramCopy } from "../lib/program-copy";
import { Mix } from "./mix";
import { ProcessSampler, ProcessUsage } from "./process-sampler";

export type ProgramKind = "codeartsrepo" | "baseline";
export type Operation = "up" | "preview" | "refresh" | "destroy";
export const OPERATIONS: Operation[] = ["up", "preview", "refresh", "destroy"];

/**
 * Each operation does one pass over the resources: without --skip-preview, `up`, `refresh` and
 * `destroy --yes` first run a preview, which for refresh reads everything twice.
 */
export const COMMANDS: Record<Operation, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  refresh: ["refresh", "--yes", "--skip-preview", "--expect-no-changes"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

export interface OperationRun {
  wallMs: number;
  /** Peak RSS of the dynamic provider process; undefined where it cannot be measured. */
  providerPeakRssBytes?: number;
  /** CPU time of the dynamic provider process. */
  providerCpuMs?: number;
}

export interface StateSize {
  /** The stack's checkpoint file in the local backend. */
  stateFileBytes: number;
  /** Dynamic resources in the state. */
  resources: number;
  /** Length of each resource's `__provider` input, the serialized provider (the largest one). */
  providerBytesPerResource: number;
  /** Every `__provider` copy in the state (inputs and outputs), per resource. */
  providerBytesInStatePerResource: number;
}

/** The dynamic provider: `node <@pulumi/pulumi>/cmd/dynamic-provider …` (its launcher execs it). */
function isDynamicProvider(argv: string[]): boolean {
  return argv.some((arg) => /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(arg));
}

export class BenchStack {
  /** Whether the stack may hold resources: dispose then destroys them. */
  private deployed = false;

  private constructor(
    readonly kind: ProgramKind,
    readonly size: number,
    private readonly programDir: string,
    private readonly pulumi: PulumiSandbox,
    private readonly repositoryRoot: string,
  ) {}

  /**
   * Writes the program with its mix.json into a temp dir whose node_modules points at this
   * repository (the package and its @pulumi/pulumi), then creates its stack.
   */
  static async create(options: { kind: ProgramKind; mix: Mix; size: number; repositoryRoot: string; emulatorUrl: string }): Promise<BenchStack> {
    const { kind, mix, size, repositoryRoot, emulatorUrl } = options;
    const programDir = linkedProgramCopy(join(repositoryRoot, "scripts", "bench", "programs", kind), repositoryRoot, `codeartsrepo-bench-${kind}-${size}-`);
    try {
      writeFileSync(join(programDir, "mix.json"), JSON.stringify(mix));
      // The stack config beside the program, where `codeartsrepo drift` (no --config-file) reads it.
      const pulumi = new PulumiSandbox({ programDir, stack: `${kind}-${size}`, configInProgramDir: true });
      const stack = new BenchStack(kind, size, programDir, pulumi, repositoryRoot);
      if (kind === "codeartsrepo") await pulumi.init({ "codeartsrepo:endpoint": emulatorUrl }, { "codeartsrepo:token": DEFAULTS.token });
      else await pulumi.init({});
      return stack;
    } catch (error) {
      rmSync(programDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs the operation; fails if the CLI does (a refresh or preview that finds changes included). */
  async run(operation: Operation): Promise<OperationRun> {
    let sampler: ProcessSampler | undefined;
    let provider: ProcessUsage = {};
    if (operation === "up") this.deployed = true;
    const started = process.hrtime.bigint();
    try {
      await this.pulumi.run(COMMANDS[operation], {
        onSpawn: (cli) => {
          if (cli.pid !== undefined) sampler = new ProcessSampler(cli.pid, isDynamicProvider);
        },
      });
    } finally {
      provider = sampler?.stop() ?? {};
    }
    if (operation === "destroy") this.deployed = false;
    return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, providerPeakRssBytes: provider.peakRssBytes, providerCpuMs: provider.cpuMs };
  }

  /**
   * `codeartsrepo drift` on this stack, as a nightly job runs it (the package's compiled CLI, the
   * JSON report into the sandbox): a refresh in preview mode plus the unmanaged-object discovery.
   * Fails unless it exits 0: the benchmark's stacks have no drift, so anything else is a failure.
   */
  async drift(): Promise<OperationRun> {
    const cli = join(this.repositoryRoot, "dist", "cli", "codeartsrepo.js");
    const args = [cli, "drift", "--cwd", this.programDir, "--stack", this.pulumi.stack, "--json", join(this.pulumi.root, "drift.json")];
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: this.pulumi.environment(), stdio: ["ignore", "pipe", "pipe"] });
    const sampler = child.pid === undefined ? undefined : new ProcessSampler(child.pid, isDynamicProvider);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((done, fail) => {
      child.on("error", fail);
      child.on("close", done);
    });
    const provider = sampler?.stop() ?? {};
    if (code !== 0) throw new Error(`codeartsrepo drift on ${this.pulumi.stack} exited with ${code} (0 expected: nothing drifted)\n${output}`);
    return { wallMs: Number(process.hrtime.bigint() - started) / 1e6, providerPeakRssBytes: provider.peakRssBytes, providerCpuMs: provider.cpuMs };
  }

  async stateSize(): Promise<StateSize> {
    const { deployment } = await this.pulumi.exportState();
    const dynamic = deployment.resources.filter((r) => String(r.type).startsWith("pulumi-nodejs:dynamic"));
    const length = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);
    const inputs = dynamic.map((r) => length(r.inputs?.__provider));
    const everyCopy = dynamic.reduce((total, r) => total + length(r.inputs?.__provider) + length(r.outputs?.__provider), 0);
    return {
      stateFileBytes: statSync(this.stateFile()).size,
      resources: dynamic.length,
      providerBytesPerResource: Math.max(0, ...inputs),
      providerBytesInStatePerResource: dynamic.length === 0 ? 0 : everyCopy / dynamic.length,
    };
  }

  /** The local backend keeps the stack's checkpoint at .pulumi/stacks/[<project>/]<stack>.json. */
  private stateFile(): string {
    const wanted = `${this.pulumi.stack}.json`;
    const search = (dir: string): string | undefined => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          const found = search(path);
          if (found) return found;
        } else if (entry.name === wanted) return path;
      }
      return undefined;
    };
    const found = search(join(this.pulumi.root, "backend", ".pulumi", "stacks"));
    if (!found) throw new Error(`no checkpoint ${wanted} in the local backend ${this.pulumi.root}/backend`);
    return found;
  }

  /** Destroys whatever is left (after a failure), removes the stack's backend and the program. */
  async dispose(): Promise<void> {
    if (this.deployed) await this.pulumi.run(COMMANDS.destroy, { allowFailure: true });
    this.pulumi.dispose();
    rmSync(this.programDir, { recursive: true, force: true });
  }
}
