/**
 * The API reference (`npm run docs`, TypeDoc) is made from the doc comments, so every export of
 * the package root needs one, and so does every property of an exported `…Args` interface (what a
 * program writes). Read with the TypeScript compiler, offline.
 */
import { join } from "node:path";
import * as ts from "typescript";
import { repositoryRoot } from "../support/packages";

function packageRoot(): { checker: ts.TypeChecker; exports: ts.Symbol[] } {
  const configFile = join(repositoryRoot, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } });
  const index = join(repositoryRoot, "index.ts");
  const program = ts.createProgram([index], config!.options);
  const checker = program.getTypeChecker();
  return { checker, exports: checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!) };
}

const documented = (symbol: ts.Symbol, checker: ts.TypeChecker): boolean => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== "";

describe("doc comments of the package's API", () => {
  const { checker, exports } = packageRoot();
  const targets = exports.map((symbol) => ({ name: symbol.name, symbol: symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol }));

  it("finds the package root's exports", () => {
    expect(targets.map((t) => t.name)).toEqual(expect.arrayContaining(["Repository", "RepositoryArgs", "CodeArtsError", "getRepositoryEvents"]));
  });

  it("has a doc comment on every export of the package root", () => {
    expect(targets.filter((t) => !documented(t.symbol, checker)).map((t) => t.name)).toEqual([]);
  });

  it("has a doc comment on every property of an exported …Args interface", () => {
    // An interface, or a type derived from the provider's inputs (sdk/common.ts ResourceArgs), whose
    // properties carry the doc comments of the zod schema they are mapped from.
    const args = targets.filter((t) => t.name.endsWith("Args") && t.symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias));
    expect(args.length).toBeGreaterThanOrEqual(10);
    const missing = args.flatMap((t) =>
      checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(t.symbol)).filter((m) => !documented(m, checker)).map((m) => `${t.name}.${m.name}`),
    );
    expect(missing).toEqual([]);
  });
});
