/**
 * Every TypeScript example type-checks against the package's published types, as `tsc` in a user's
 * project would. The end-to-end tests run the examples with PULUMI_NODEJS_TRANSPILE_ONLY (see
 * scripts/lib/pulumi-cli.ts), so this is where a type error in an example fails the suite. The
 * examples import `pulumi-codeartsrepo` by name: inside this repository that is the package itself
 * (its own `exports`), so dist/ must be built (scripts/run.sh compiles before jest).
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ts from "typescript";

const root = resolve(__dirname, "..", "..");
const examples = readdirSync(join(root, "examples")).filter((name) => existsSync(join(root, "examples", name, "tsconfig.json")));

function diagnosticsOf(project: string): string[] {
  const file = ts.readConfigFile(join(project, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, project);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("examples type-check", () => {
  it("finds the TypeScript examples", () => {
    expect(examples).toEqual(expect.arrayContaining(["quickstart", "team-repository", "repository-insights"]));
  });

  it.each(examples)("examples/%s compiles without errors", (name) => {
    expect(diagnosticsOf(join(root, "examples", name))).toEqual([]);
  });
});
