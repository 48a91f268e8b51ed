/**
 * The README's benchmark figures are the committed run's: a bench run that changes them must
 * change the README with it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchReport } from "../../scripts/bench/report";

const root = join(__dirname, "..", "..");
const report: BenchReport = JSON.parse(readFileSync(join(root, "bench", "results", "latest.json"), "utf8"));
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("the README's benchmark figures", () => {
  const sizes = [...report.sizes, ...(report.scale ? [report.scale] : [])];
  const figures = (pick: (size: (typeof sizes)[number]) => number | undefined) =>
    sizes.map(pick).filter((value): value is number => value !== undefined).map((value) => value.toFixed(2)).join(" / ");

  it("are bench/results/latest.json's, size by size", () => {
    expect(sizes.map((size) => size.size)).toEqual([50, 200, 1000]);
    expect(readme).toContain(`**up ${figures((size) => size.operations.up?.callsPerResource)}**`);
    expect(readme).toContain(`**refresh ${figures((size) => size.operations.refresh?.callsPerResource)}**`);
    expect(readme).toContain(`\`codeartsrepo drift\` ${figures((size) => size.drift?.callsPerResource)} (targets`);
    const at200 = report.sizes.find((size) => size.size === 200)!;
    expect(readme).toContain(`wall time ${at200.operations.up!.ratio.toFixed(2)}× the engine alone at N = 200`);
    expect(report.targets.filter((target) => target.topic === "throttled").every((target) => target.pass)).toBe(true);
  });
});
