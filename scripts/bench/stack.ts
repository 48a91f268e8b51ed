/**
 * One benchmark stack: a generated program (ours, through the dynamic provider or the provider
 * plugin, or the baseline) in a temp dir, with its own Pulumi sandbox, the four operations the
 * benchmark times, and (ours only) a drift run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULTS } from "../../emulator";
import { RESOURCE_TYPE_PREFIXES } from "../../provider/registry";
import { PulumiSandbox } from "../lib/pulumi-cli";
import { linkedProgramCopy } from "../lib/program-copy";
import { Mix } from "./mix";
import { ProcessSampler, ProcessUsage } from "./process-sampler";
import { pluginProgram } from "./plugin-program";

/**
 * "codeartsrepo": ours through the TypeScript SDK (dynamic resources, each carrying `__provider`);
 * "plugin": ours in Pulumi YAML through the provider plugin; "baseline": no-op dynamic resources.
 */
export type ProgramKind = "codeartsrepo" | "plugin" | "baseline";
/** The stacks of ours: the dynamic path and the plugin. */
export type OursKind = Exclude<ProgramKind, "baseline">;
/** Every kind, in the order the first round runs them. */
export const PROGRAM_KINDS: ProgramKind[] = ["codeartsrepo", "plugin", "baseline"];
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
  /** Peak RSS of the provider process (the dynamic provider, or the plugin); undefined where it cannot be measured. */
  providerPeakRssBytes?: number;
  /** CPU time of the provider process. */
  providerCpuMs?: number;
}

export interface StateSize {
  /** The stack's checkpoint file in the local backend. */
  stateFileBytes: number;
  /** The stack's resources of its kind in the state (the engine's own stack and provider resources not counted). */
  resources: number;
  /** stateFileBytes ÷ resources. */
  stateBytesPerResource: number;
  /** Length of each resource's `__provider` input, the serialized provider (the largest one); 0 for the plugin, which has none. */
  providerBytesPerResource: number;
  /** Every `__provider` copy in the state (inputs and outputs), per resource. */
  providerBytesInStatePerResource: number;
  /**
   * Where the program declared each resource, as the engine records it from the language host
   * (`sourcePosition` and `stackTrace`, as compact JSON), per resource: not the provider's doing, but
   * part of the state, and larger from the YAML host (Go frames) than from the Node.js one.
   */
  sourceBytesPerResource: number;
}

/** The dynamic provider: `node <@pulumi/pulumi>/cmd/dynamic-provider …` (its launcher execs it). */
function isDynamicProvider(argv: string[]): boolean {
  return argv.some((arg) => /[/\\]cmd[/\\]dynamic-provider([/\\]index\.js)?$/.test(arg));
}

/** The plugin: `node <root>/dist/plugin/main.js` (bin/pulumi-resource-codeartsrepo execs it). */
function isPlugin(argv: string[]): boolean {
  return argv.some((arg) => /[/\\]dist[/\\]plugin[/\\]main\.js$/.test(arg));
}

/** Each kind's provider process, whose memory and CPU are measured. */
const PROVIDER_PROCESS: Record<ProgramKind, (argv: string[]) => boolean> = { codeartsrepo: isDynamicProvider, plugin: isPlugin, baseline: isDynamicProvider };

/** The type tokens of each kind's resources in the state. */
const RESOURCE_TYPE_PREFIX: Record<ProgramKind, string> = {
  codeartsrepo: RESOURCE_TYPE_PREFIXES.dynamic,
  plugin: RESOURCE_TYPE_PREFIXES.plugin,
  baseline: "pulumi-nodejs:dynamic/baseline:",
};

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
   * Writes the program into a temp dir, then creates its stack. A JavaScript program gets its
   * mix.json and a node_modules that points at this repository (the package and its
   * @pulumi/pulumi); the plugin's program is Pulumi.yaml generated from the mix, naming this
   * repository's bin/ as the plugin's directory.
   */
  static async create(options: { kind: ProgramKind; mix: Mix; size: number; repositoryRoot: string; emulatorUrl: string }): Promise<BenchStack> {
    const { kind, mix, size, repositoryRoot, emulatorUrl } = options;
    const prefix = `codeartsrepo-bench-${kind}-${size}-`;
    const programDir = kind === "plugin" ? mkdtempSync(join(tmpdir(), prefix)) : linkedProgramCopy(join(repositoryRoot, "scripts", "bench", "programs", kind), repositoryRoot, prefix);
    try {
      if (kind === "plugin") writeFileSync(join(programDir, "Pulumi.yaml"), pluginProgram(mix, join(repositoryRoot, "bin")));
      else writeFileSync(join(programDir, "mix.json"), JSON.stringify(mix));
      // The stack config beside the program, where `codeartsrepo drift` (no --config-file) reads it.
      const pulumi = new PulumiSandbox({ programDir, stack: `${kind}-${size}`, configInProgramDir: true });
      const stack = new BenchStack(kind, size, programDir, pulumi, repositoryRoot);
      if (kind !== "baseline") await pulumi.init({ "codeartsrepo:endpoint": emulatorUrl }, { "codeartsrepo:token": DEFAULTS.token });
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
          if (cli.pid !== undefined) sampler = new ProcessSampler(cli.pid, PROVIDER_PROCESS[this.kind]);
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
    const sampler = child.pid === undefined ? undefined : new ProcessSampler(child.pid, PROVIDER_PROCESS[this.kind]);
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
    const resources = deployment.resources.filter((r) => String(r.type).startsWith(RESOURCE_TYPE_PREFIX[this.kind]));
    const length = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);
    const inputs = resources.map((r) => length(r.inputs?.__provider));
    const everyCopy = resources.reduce((total, r) => total + length(r.inputs?.__provider) + length(r.outputs?.__provider), 0);
    const sources = resources.reduce((total, r) => total + length(JSON.stringify({ sourcePosition: r.sourcePosition, stackTrace: r.stackTrace })), 0);
    const stateFileBytes = statSync(this.stateFile()).size;
    const perResource = (bytes: number) => (resources.length === 0 ? 0 : bytes / resources.length);
    return {
      stateFileBytes,
      resources: resources.length,
      stateBytesPerResource: perResource(stateFileBytes),
      providerBytesPerResource: Math.max(0, ...inputs),
      providerBytesInStatePerResource: perResource(everyCopy),
      sourceBytesPerResource: perResource(sources),
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
