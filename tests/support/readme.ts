/**
 * The code blocks of one README section, in order, for the tests that run what a section tells a
 * user to do (README rule: the commands it tells users to run are run by a test).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryRoot } from "./packages";

export interface ReadmeBlock {
  /** The fence's language: "sh", "yaml", "python", "ts"… */
  lang: string;
  code: string;
}

/** The blocks under `heading` (the whole line, e.g. "### Pulumi YAML"), up to the next heading of its level or above. */
export function readmeSection(heading: string, readme = "README.md"): ReadmeBlock[] {
  const lines = readFileSync(join(repositoryRoot, readme), "utf8").split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`${readme} has no line "${heading}"`);
  const level = /^#+/.exec(heading)![0].length;
  const blocks: ReadmeBlock[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const title = /^(#+) /.exec(lines[i]);
    if (title && title[1].length <= level) break;
    const fence = /^(`{3,})(\w*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith(fence[1]));
    blocks.push({ lang: fence[2], code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** The commands of an `sh` block, one per line, without comments. */
export function commandsOf(block: ReadmeBlock): string[] {
  return block.code
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}
