/**
 * The Pulumi package schema the `codeartsrepo` provider plugin serves from GetSchema:
 * plugin/schema.json, written by scripts/schema.ts (`npm run build && npm run schema`) and shipped
 * in the package beside dist/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The package's root: the nearest folder above `from` with a package.json. That is the
 * repository both from plugin/ (tests run the sources) and from dist/plugin/ (the build), and the
 * installed package under node_modules/.
 */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = packageRoot(__dirname);

/** Where the schema is: plugin/schema.json at the package's root. */
export const SCHEMA_PATH = join(PACKAGE_ROOT, "plugin", "schema.json");

/** The package schema, parsed from plugin/schema.json. */
export function loadSchema(): object {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object;
}
