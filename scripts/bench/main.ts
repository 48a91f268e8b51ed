/**
 * `npm run bench [-- options]`: API calls, state size and wall time per resource, against a
 * no-op baseline on the same engine. Writes latest.json and latest.md (default: bench/results/)
 * and prints a short table. See `npm run bench -- --help`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { BenchOptions, FULL_OPTIONS, QUICK_OPTIONS, runBenchmark } from "./bench";
import { summarize, writeReport, shortTable } from "./report";

const HELP = `usage: npm run bench -- [options]

  --quick               a small run (N = ${QUICK_OPTIONS.sizes.join(",")}, ${QUICK_OPTIONS.rounds} round, no scale scenario): checks the harness
  --sizes 50,200        resource counts of the main scenario (default ${FULL_OPTIONS.sizes.join(",")})
  --rounds N            rounds of ours + baseline per size (default ${FULL_OPTIONS.rounds})
  --latency MS          emulator latency per request (default ${FULL_OPTIONS.latencyMs})
  --creation-delay MS   how long the emulator takes to create a repository (default ${FULL_OPTIONS.creationDelayMs})
  --scale N             resources of the rate-limited refresh scenario, 0 to skip (default ${FULL_OPTIONS.scaleSize})
  --import N            repositories of the import scenario (codeartsrepo import at the rate limit), 0 to skip (default ${FULL_OPTIONS.importRepositories})
  --out DIR             where latest.json and latest.md go (default bench/results)
`;

/** This package's root: the nearest package.json above this file that is ours (from dist/ or from source). */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "pulumi-codeartsrepo") return dir;
  }
  throw new Error(`no pulumi-codeartsrepo package.json above ${__dirname}`);
}

/** Flags that set one whole-number option, with the least value each takes. */
const NUMBER_FLAGS: Record<string, { option: Exclude<keyof BenchOptions, "sizes" | "rateLimitPerMinute">; min: number }> = {
  "--rounds": { option: "rounds", min: 1 },
  "--latency": { option: "latencyMs", min: 0 },
  "--creation-delay": { option: "creationDelayMs", min: 0 },
  "--scale": { option: "scaleSize", min: 0 },
  "--import": { option: "importRepositories", min: 0 },
};

function wholeNumber(flag: string, text: string | undefined, min: number): number {
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < min) throw new Error(`${flag} takes a whole number ≥ ${min}, got "${text ?? ""}"`);
  return value;
}

function parseArguments(argv: string[]): { options: BenchOptions; quick: boolean; outDir?: string } {
  const quick = argv.includes("--quick");
  const options = { ...(quick ? QUICK_OPTIONS : FULL_OPTIONS) };
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--quick") continue;
    if (flag === "--help" || flag === "-h") {
      process.stdout.write(HELP);
      process.exit(0);
    }
    const value = argv[++i];
    if (flag in NUMBER_FLAGS) options[NUMBER_FLAGS[flag].option] = wholeNumber(flag, value, NUMBER_FLAGS[flag].min);
    else if (flag === "--sizes") options.sizes = (value ?? "").split(",").map((size) => wholeNumber(flag, size, 1));
    else if (flag === "--out" && value) outDir = value;
    else throw new Error(`${flag === "--out" ? "--out takes a directory" : `unknown option ${flag}`}\n\n${HELP}`);
  }
  return { options, quick, outDir };
}

async function main(): Promise<void> {
  const { options, quick, outDir } = parseArguments(process.argv.slice(2));
  const root = repositoryRoot();
  const run = await runBenchmark({ ...options, quick, repositoryRoot: root }, (line) => process.stdout.write(`${line}\n`));
  const report = summarize(run);
  const written = writeReport(report, resolve(outDir ?? join(root, "bench", "results")));
  process.stdout.write(`\n${shortTable(report)}\n\nwrote ${written.json}\n      ${written.markdown}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`\nbench failed: ${error.message}\n`);
  process.exit(1);
});
