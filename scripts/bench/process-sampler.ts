/**
 * Peak resident memory and CPU time of a process somewhere below the Pulumi CLI, found by its
 * command line: the dynamic provider (`node …/@pulumi/pulumi/cmd/dynamic-provider …`) is started by
 * the engine for each command (in a process group of its own), so it is looked for afresh while
 * the command runs. Reads Linux's /proc/<pid>/status VmHWM, the kernel's own high-water mark of the
 * process's RSS, so sampling only has to see the process alive, not catch the moment of its peak;
 * CPU time is the last utime + stime seen, so what the process spends after the last sample (it
 * exits with the command) is missed. Elsewhere than Linux it measures nothing (undefined).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";

/** /proc/<pid>/stat counts CPU time in USER_HZ ticks, 100 a second on Linux. */
const TICK_MS = 10;

export interface ProcessUsage {
  peakRssBytes?: number;
  cpuMs?: number;
}

export class ProcessSampler {
  private peakRssBytes: number | undefined;
  private readonly cpuMsByPid = new Map<number, number>();
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

  /** Stops sampling; what was seen of the matching processes (summed over them, for CPU). */
  stop(): ProcessUsage {
    if (this.timer) {
      clearInterval(this.timer);
      this.sample();
    }
    const cpuMs = this.cpuMsByPid.size === 0 ? undefined : [...this.cpuMsByPid.values()].reduce((a, b) => a + b, 0);
    return { peakRssBytes: this.peakRssBytes, cpuMs };
  }

  private sample(): void {
    for (const [pid, stat] of descendants(this.ancestor)) {
      try {
        if (!this.commandLineMatches(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"))) continue;
        const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (match) this.peakRssBytes = Math.max(this.peakRssBytes ?? 0, Number(match[1]) * 1024);
        // Fields from the state on: utime and stime are the 12th and 13th.
        this.cpuMsByPid.set(pid, (Number(stat[11]) + Number(stat[12])) * TICK_MS);
      } catch {
        // exited between listing and reading
      }
    }
  }
}

/** Every live process below `ancestor`, with its /proc/<pid>/stat fields from the state on. */
function descendants(ancestor: number): Map<number, string[]> {
  const stats = new Map<number, string[]>();
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name in parentheses may hold spaces and parentheses itself: cut after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(pid, fields);
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // exited while listing
    }
  }
  const found = new Map<number, string[]>();
  for (let queue = [ancestor]; queue.length > 0; ) {
    for (const child of children.get(queue.pop()!) ?? []) {
      found.set(child, stats.get(child)!);
      queue.push(child);
    }
  }
  return found;
}
