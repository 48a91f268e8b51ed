/**
 * `npm run bench -- --quick` as a user runs it (the compiled harness, the real engine and emulator),
 * writing into a temp dir rather than over bench/results: the harness keeps working and the
 * numbers it reports hold what the benchmark is there to show.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { BenchReport } from "../../scripts/bench/report";
import { OPERATIONS } from "../../scripts/bench/stack";
import { routeKey } from "../support/emulator";

jest.setTimeout(600_000);

const repositoryRoot = resolve(__dirname, "..", "..");
const committedResults = join(repositoryRoot, "bench", "results", "latest.json");
/** When the committed results were last written, if they exist. */
const committedResultsWritten = () => (existsSync(committedResults) ? statSync(committedResults).mtimeMs : undefined);

describe("npm run bench -- --quick", () => {
  let outDir: string;
  let stdout: string;
  let report: BenchReport;
  let committedBefore: number | undefined;

  beforeAll(async () => {
    committedBefore = committedResultsWritten();
    outDir = mkdtempSync(join(tmpdir(), "codeartsrepo-bench-results-"));
    ({ stdout } = await promisify(execFile)(process.execPath, [join(repositoryRoot, "dist", "scripts", "bench", "main.js"), "--quick", "--out", outDir], {
      cwd: repositoryRoot,
      maxBuffer: 16 * 2 ** 20,
    }));
    report = JSON.parse(readFileSync(join(outDir, "latest.json"), "utf8"));
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("prints progress while it runs and a short table at the end", () => {
    expect(stdout).toMatch(/\[bench \d+:\d\d\] round 1\/1 N=20 codeartsrepo up: [\d.]+ s, \d+ calls, 0 × 429/);
    expect(stdout).toMatch(/\[bench \d+:\d\d\] round 1\/1 N=20 baseline destroy: /);
    expect(stdout).toMatch(/\[bench \d+:\d\d\] round 1\/1 N=20 codeartsrepo drift: [\d.]+ s, \d+ calls, 0 × 429/);
    expect(stdout).toMatch(/^drift\s+[\d.]+ s\s+–\s+–\s+[\d.]+\s+0$/m);
    expect(stdout).toMatch(/^operation\s+ours\s+baseline\s+ratio\s+calls\/res\s+429s$/m);
    expect(stdout).toMatch(/^(pass|MISS) {2}refresh: API calls per resource, N = 20: /m);
  });

  it("writes the JSON and the Markdown report where it was told, leaving bench/results alone", () => {
    expect(existsSync(join(outDir, "latest.md"))).toBe(true);
    const markdown = readFileSync(join(outDir, "latest.md"), "utf8");
    expect(markdown).toMatch(/^## Targets$/m);
    expect(markdown).toMatch(/^## N = 20$/m);
    expect(report.quick).toBe(true);
    expect(report.sizes.map((s) => s.size)).toEqual([20]);
    expect(report.scale).toBeUndefined();
    expect(committedResultsWritten()).toBe(committedBefore);
  });

  it("measures every operation of ours and the baseline, with finite wall times and ratios", () => {
    const [size] = report.sizes;
    expect(Object.keys(size.operations)).toEqual(OPERATIONS);
    for (const operation of OPERATIONS) {
      const measured = size.operations[operation]!;
      expect(measured.wallMs.codeartsrepo).toBeGreaterThan(0);
      expect(measured.wallMs.baseline).toBeGreaterThan(0);
      expect(Number.isFinite(measured.ratio)).toBe(true);
      expect(Number.isFinite(measured.callsPerResource)).toBe(true);
    }
    // The mix is what mix.ts promises: N resources, a repository for every 8.5 or so.
    const { repositories, protectedBranches, protectedTags, members, webhooks, deployKeys } = size.mix;
    expect(repositories + protectedBranches + protectedTags + members + webhooks + deployKeys).toBe(20);
    expect(repositories).toBe(3);
  });

  it("counts API calls per endpoint: at least one per created resource, none for preview, at most one per resource for refresh", () => {
    const { operations } = report.sizes[0];
    expect(operations.up!.callsPerResource).toBeGreaterThanOrEqual(1);
    expect(operations.up!.byRoute[routeKey("createRepository")]).toBe(3);
    expect(operations.preview!.callsPerResource).toBe(0);
    expect(operations.refresh!.callsPerResource).toBeGreaterThan(0);
    expect(operations.refresh!.callsPerResource).toBeLessThanOrEqual(1.0);
    expect(operations.destroy!.byRoute[routeKey("deleteRepository")]).toBe(3);
    // The baseline is the engine alone: it never reaches the service.
    for (const operation of OPERATIONS) expect(report.raw.sizes[0].samples.baseline[operation].every((s) => s.calls === 0)).toBe(true);
  });

  it("measures a `codeartsrepo drift` run: one read of each endpoint per repository, whatever the repository holds", () => {
    const { drift, operations, mix } = report.sizes[0];
    process.stdout.write(`codeartsrepo drift, N = 20: ${drift!.callsPerResource} API calls per resource (refresh: ${operations.refresh!.callsPerResource})\n`);
    expect(drift!.rounds).toBe(1);
    // Refresh's reads, shared with the unmanaged-object discovery, which adds only the lists no
    // resource of a repository needed: every endpoint read exactly once per repository, never written.
    expect(Object.keys(drift!.byRoute).every((route) => route.startsWith("GET "))).toBe(true);
    expect(Object.values(drift!.byRoute)).toEqual(Object.keys(drift!.byRoute).map(() => mix.repositories));
    for (const [route, calls] of Object.entries(operations.refresh!.byRoute)) expect([route, drift!.byRoute[route] >= calls]).toEqual([route, true]);
    // Seven endpoints per repository: at most 1.0 per resource once repositories hold 7 or more
    // resources (the full run's mix holds 8.5); the quick mix holds 6.7, and the report says so.
    expect(drift!.callsPerResource).toBeCloseTo((7 * mix.repositories) / 20, 5);
    const target = report.targets.find((t) => t.target === "`codeartsrepo drift`: API calls per resource, N = 20")!;
    expect(target.pass).toBe(drift!.callsPerResource <= 1.0);
    if (!target.pass) expect(report.notes["drift-calls"]).toMatch(/each of its endpoints exactly once per repository/);
    expect(readFileSync(join(outDir, "latest.md"), "utf8")).toMatch(/`codeartsrepo drift` \(a refresh in preview mode/);
  });

  it("sees no 429 and a serialized provider of at most 2 KB per resource", () => {
    for (const operation of OPERATIONS) expect(report.sizes[0].operations[operation]!.throttled).toBe(0);
    const state = report.sizes[0].state!;
    expect(state.codeartsrepo.resources).toBe(20);
    expect(state.codeartsrepo.providerBytesPerResource).toBeGreaterThan(0);
    expect(state.codeartsrepo.providerBytesPerResource).toBeLessThanOrEqual(2048);
    expect(state.codeartsrepo.stateFileBytes).toBeGreaterThan(0);
  });

  it("finds the provider process, its peak memory and its CPU time", () => {
    for (const operation of OPERATIONS) {
      const { providerPeakRssBytes, providerCpuMs } = report.sizes[0].operations[operation]!;
      expect(providerPeakRssBytes.codeartsrepo).toBeGreaterThan(20 * 2 ** 20);
      expect(providerPeakRssBytes.baseline).toBeGreaterThan(20 * 2 ** 20);
      expect(providerCpuMs.codeartsrepo).toBeGreaterThan(0);
      expect(providerCpuMs.baseline).toBeGreaterThan(0);
    }
  });

  it("holds the numbers against the targets, and explains every miss", () => {
    const names = report.targets.map((t) => t.target);
    expect(names).toEqual(
      expect.arrayContaining([expect.stringMatching(/^refresh: API calls per resource/), expect.stringMatching(/^up: API calls per resource/), expect.stringMatching(/^up wall time/)]),
    );
    for (const target of report.targets.filter((t) => !t.pass)) expect(report.notes[target.topic]).toMatch(/\w+/);
    const markdown = readFileSync(join(outDir, "latest.md"), "utf8");
    for (const topic of Object.keys(report.notes)) expect(markdown).toContain(report.notes[topic as keyof BenchReport["notes"]]!);
  });
});
