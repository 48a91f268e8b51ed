/**
 * Runs the real Pulumi CLI against a local file backend in a throwaway directory: what the demo,
 * the end-to-end tests and the benchmarks share. Expects `pulumi`, `pulumi-language-nodejs` and
 * `pulumi-resource-pulumi-nodejs` on PATH (scripts/toolchain.sh puts them there).
 */
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PulumiSandboxOptions {
  /** Directory holding Pulumi.yaml. */
  programDir: string;
  stack?: string;
  /** Extra environment for every command (e.g. provider settings). */
  env?: NodeJS.ProcessEnv;
  /** Echo command output as it arrives. */
  echo?: boolean;
  /**
   * Keep the stack config in the program directory (Pulumi.<stack>.yaml), where commands that take
   * no --config-file (`codeartsrepo drift`, the Automation API) look for it. Only for a program
   * copied into a temp dir: the file stays there.
   */
  configInProgramDir?: boolean;
  /**
   * Another stack of the same project on that sandbox's backend (and beside its config file), as
   * a team's dev and prod stacks are: commands over several stacks see both.
   */
  besides?: PulumiSandbox;
}

/**
 * Exit codes of the Pulumi CLI that a drift job tells apart. Since the CLI's exit-code taxonomy
 * (sdk/go/common/util/cmdutil/exit.go, a stable contract for automation) `--expect-no-changes`
 * exits 7 when changes were proposed, while a failed operation — a provider's refusal included —
 * exits with another non-zero code. CLI 3.163 exited 255 for both, so a check could not tell drift
 * from a broken run.
 */
export const PulumiExit = {
  ok: 0,
  /** `--expect-no-changes` and changes were proposed: drift, not a failure of the run. */
  changesProposed: 7,
} as const;

/** Not a secret: it only encrypts this throwaway backend's stack secrets. */
const PASSPHRASE = "codeartsrepo-local-backend";

export class PulumiSandbox {
  readonly root: string;
  readonly stack: string;
  readonly configFile: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: PulumiSandboxOptions) {
    assertPulumiAvailable();
    this.root = options.besides?.root ?? mkdtempSync(join(tmpdir(), "codeartsrepo-pulumi-"));
    this.stack = options.stack ?? "dev";
    this.configFile = join(options.configInProgramDir ? options.programDir : this.root, `Pulumi.${this.stack}.yaml`);
    this.env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${join(this.root, "backend")}`,
      PULUMI_HOME: join(this.root, "home"),
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // Without it every run of a TypeScript program type-checks it, @pulumi/pulumi's types included:
      // about 2 s of CPU per command, half of a small preview. tests/integration/examples-compile
      // type-checks each example once instead.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
      ...options.env,
    };
    spawnSync("mkdir", ["-p", join(this.root, "backend"), join(this.root, "home")]);
  }

  /**
   * Runs `pulumi <args>` in the program directory with this sandbox's backend and stack config.
   * `onSpawn` gets the CLI process as soon as it starts (it leads its own process group).
   */
  run(
    args: string[],
    extra: { env?: NodeJS.ProcessEnv; allowFailure?: boolean; onSpawn?: (cli: ChildProcess) => void } = {},
  ): Promise<PulumiResult> {
    const { child, result } = this.start(args, extra);
    extra.onSpawn?.(child);
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const { stdout, stderr } = result();
        if ((code ?? 1) !== 0 && !extra.allowFailure) {
          reject(new Error(`pulumi ${args.join(" ")} exited with ${code}\n${stdout}\n${stderr}`));
        } else resolve({ code: code ?? 1, stdout, stderr });
      });
    });
  }

  /**
   * Starts `pulumi <args>` without waiting: for tests that interrupt a run. The CLI leads its own
   * process group, so killing `-child.pid` takes its language host and providers with it.
   */
  start(args: string[], extra: { env?: NodeJS.ProcessEnv } = {}): { child: ChildProcess; result: () => { stdout: string; stderr: string } } {
    const full = [...args, "--non-interactive", "--color", "never"];
    const command = args.join(" ");
    // Commands that act on the stack but take no --config-file.
    const stackOnly = args[0] === "cancel" || args[0] === "state" || (args[0] === "stack" && !["init", "ls"].includes(args[1]));
    if (stackOnly) full.push("--stack", this.stack);
    else if (!["stack", "version", "about"].some((prefix) => command.startsWith(prefix))) {
      full.push("--stack", this.stack, "--config-file", this.configFile);
    }
    const child = spawn("pulumi", full, { cwd: this.options.programDir, env: { ...this.env, ...extra.env }, detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk;
      if (this.options.echo) process.stdout.write(chunk);
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (this.options.echo) process.stderr.write(chunk);
    });
    return { child, result: () => ({ stdout, stderr }) };
  }

  /**
   * The environment every command of this sandbox runs with (backend, passphrase, home): for tools
   * that run the CLI themselves, such as `codeartsrepo drift` and the Automation API.
   */
  environment(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  }

  async init(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.run(["stack", "init", this.stack]);
    // `stack init` writes the stack's secrets salt into the program directory; keep it with the
    // rest of this sandbox's stack config instead, so runs never share or leave behind that file.
    const written = join(this.options.programDir, `Pulumi.${this.stack}.yaml`);
    if (existsSync(written) && written !== this.configFile) renameSync(written, this.configFile);
    // One `config set-all` instead of a `config set` per key: each CLI run costs about 0.25 s, and a
    // stack of the team example has ten keys.
    const pairs = [
      ...Object.entries(config).map(([key, value]) => ["--plaintext", `${key}=${value}`]),
      ...Object.entries(secrets).map(([key, value]) => ["--secret", `${key}=${value}`]),
    ].flat();
    if (pairs.length > 0) await this.run(["config", "set-all", ...pairs]);
  }

  /**
   * Puts back the checkpoint the DIY backend saved before its last write (`<stack>.json.bak`), as a
   * user does when a killed run left `<stack>.json` unreadable ("failed to load checkpoint").
   */
  restoreCheckpointBackup(): void {
    const stacks = join(this.root, "backend", ".pulumi", "stacks");
    const project = readdirSync(stacks).find((name) => existsSync(join(stacks, name, `${this.stack}.json.bak`)));
    if (!project) throw new Error(`no checkpoint backup of stack ${this.stack} under ${stacks}`);
    copyFileSync(join(stacks, project, `${this.stack}.json.bak`), join(stacks, project, `${this.stack}.json`));
  }

  /** The stack's state as `pulumi stack export` prints it; `showSecrets` decrypts its secrets. */
  async exportState(options: { showSecrets?: boolean } = {}): Promise<{ text: string; deployment: { resources: Array<Record<string, any>> } }> {
    const { stdout } = await this.run(["stack", "export", `--show-secrets=${options.showSecrets === true}`]);
    return { text: stdout, deployment: JSON.parse(stdout).deployment };
  }

  /** Replaces the stack's state with `state` (an export, secrets in plain or encrypted form), as `pulumi stack import` does. */
  async importState(state: unknown): Promise<void> {
    const file = join(this.root, "import.json");
    writeFileSync(file, JSON.stringify(state));
    await this.run(["stack", "import", "--file", file]);
  }

  async outputs(): Promise<Record<string, unknown>> {
    const { stdout } = await this.run(["stack", "output", "--json"]);
    return JSON.parse(stdout);
  }

  /**
   * Kills what is left of a CLI a test killed: Pulumi starts each plugin (a dynamic provider among
   * them) in a process group of its own, so killing the CLI's group leaves the provider running,
   * waiting for an engine that is gone. They are found by this sandbox's Pulumi home in their
   * environment (Linux's /proc; elsewhere nothing is found). Returns how many were killed.
   */
  killLeftovers(): number {
    if (!existsSync("/proc")) return 0;
    const marker = `\0PULUMI_HOME=${this.env.PULUMI_HOME}\0`;
    let killed = 0;
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)) {
      let environment: string;
      try {
        environment = `\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`;
      } catch {
        continue; // gone meanwhile, or not ours to read
      }
      if (!environment.includes(marker)) continue;
      try {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      } catch {
        // exited meanwhile
      }
    }
    return killed;
  }

  dispose(): void {
    this.killLeftovers();
    rmSync(this.root, { recursive: true, force: true });
  }
}

let checked = false;
/** The suite must fail, not skip, when the engine is missing: say exactly what is missing. */
export function assertPulumiAvailable(): void {
  if (checked) return;
  for (const tool of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
    const found = spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;
    if (!found) {
      throw new Error(`${tool} is not on PATH. Run the suite with \`npm test\`, which installs the Pulumi toolchain (scripts/toolchain.sh).`);
    }
  }
  checked = true;
}
