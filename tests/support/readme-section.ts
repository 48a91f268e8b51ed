/** The fenced code blocks of one section of README.md, for tests that run what the README says. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "./packages";

export interface FencedBlock {
  /** The fence's language: "sh", "yaml", "python", … ("" when none). */
  language: string;
  code: string;
  /** README line of the opening fence. */
  line: number;
}

/**
 * The blocks between the heading `heading` (the whole line, e.g. "### Python") and the next
 * heading of the same or a higher level, in order.
 */
export function readmeSection(heading: string, readme = join(repositoryRoot, "README.md")): FencedBlock[] {
  const lines = readFileSync(readme, "utf8").split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`${readme} has no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const blocks: FencedBlock[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const headingHere = /^(#+) /.exec(lines[i]);
    if (headingHere && headingHere[1].length <= level) break;
    const fence = /^(`{3,})(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith(fence[1]));
    if (end < 0) throw new Error(`${readme}:${i + 1}: code block never closed`);
    blocks.push({ language: fence[2], code: lines.slice(i + 1, end).join("\n") + "\n", line: i + 1 });
    i = end;
  }
  return blocks;
}

/** The commands of an `sh` block, one a line, without comments (a `#` after the command, or a comment line). */
export function commandsOf(block: FencedBlock): string[] {
  return block.code
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}
