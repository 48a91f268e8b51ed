/**
 * The README's example outputs, each produced by the test that checks the command: a block
 * following a `<!-- example:<name> -->` marker must equal what the test got (with the run's
 * volatile values replaced). A stale block fails the test, which prints the block to paste; with
 * UPDATE_README_EXAMPLES=1 (never in CI) the test writes it into the README itself.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const README = join(__dirname, "..", "..", "README.md");

function blockOf(readme: string, name: string): { start: number; end: number; text: string } {
  const marker = `<!-- example:${name} -->\n`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker.trim()}" marker`);
  const open = readme.indexOf("\n", readme.indexOf("```", at)) + 1;
  const close = readme.indexOf("\n```", open - 1);
  if (open <= 0 || close < 0) throw new Error(`README.md: no fenced block after "${marker.trim()}"`);
  return { start: open, end: close + 1, text: readme.slice(open, close + 1) };
}

/** Fails unless the README's example `name` is `actual` (ending in a newline). */
export function expectReadmeExample(name: string, actual: string): void {
  const text = actual.endsWith("\n") ? actual : `${actual}\n`;
  const readme = readFileSync(README, "utf8");
  const block = blockOf(readme, name);
  if (block.text === text) return;
  if (process.env.UPDATE_README_EXAMPLES === "1" && process.env.CI !== "true") {
    writeFileSync(README, readme.slice(0, block.start) + text + readme.slice(block.end));
    return;
  }
  throw new Error(`README.md's example "${name}" is not what the command prints now; it should be:\n${text}\n(rerun with UPDATE_README_EXAMPLES=1 to write it)`);
}
