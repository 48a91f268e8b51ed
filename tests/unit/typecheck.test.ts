/**
 * The tests and everything they import type-check (tests/tsconfig.json), as `tsc --noEmit` would.
 * jest transpiles each file without checking it (see jest.config.js), so this is where a type error
 * in a test or in code only tests reach fails the suite. scripts/run.sh compiles the package itself
 * with tsc before jest starts.
 */
import { resolve } from "node:path";
import * as ts from "typescript";

it("tests/tsconfig.json type-checks without errors", () => {
  const project = resolve(__dirname, "..");
  const file = ts.readConfigFile(resolve(project, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, project);
  expect(parsed.fileNames.length).toBeGreaterThan(100);
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
  expect(errors).toEqual([]);
});
