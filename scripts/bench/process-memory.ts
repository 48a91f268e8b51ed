/**
 * Peak resident memory of a process somewhere below the Pulumi CLI, found by its command line: the
 * dynamic provider (`node …/@pulumi/pulumi/cmd/dynamic-provider …`) is started by the engine for
 * each command (in a process group of its own), so it is looked for afresh while the command runs.
 * Reads Linux's /proc/<pid>/status VmHWM, the kernel's own high-water mark of the process's RSS,
 * so sampling only has to see the process alive, not catch the moment of its peak; growth in the
 * last interval before it exits is missed. Elsewhere than Linux it measures nothing (undefined).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";

export class PeakMemorySampler {
  private peakBytes: number | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ancestor: number,
    /** Asked on every sample: a launcher script may exec the process it is looking for. */
    private readonly commandLineMatches: (argv: string[]) => boolean,
    intervalMs = 50,
  ) {
    if (!existsSync("/proc/self/status")) return;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Stops sampling; the highest VmHWM seen, in bytes, or undefined if the process was never seen. */
  stop(): number | undefined {
    if (this.timer) {
      clearInterval(this.timer);
      this.sample();
    }
    return this.peakBytes;
  }

  private sample(): void {
    for (const pid of descendants(this.ancestor)) {
      try {
        if (!this.commandLineMatches(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"))) continue;
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (match) this.peakBytes = Math.max(this.peakBytes ?? 0, Number(match[1]) * 1024);
      } catch {
        // exited between listing and reading
      }
    }
  }
}

/** Every live process below `ancestor`, from each process's parent in /proc/<pid>/stat. */
function descendants(ancestor: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The fields after the command name, which may hold spaces and parentheses itself: state ppid …
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // exited while listing
    }
  }
  const found: number[] = [];
  for (let queue = [ancestor]; queue.length > 0; ) {
    const next = children.get(queue.pop()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}
