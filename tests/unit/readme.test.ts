/**
 * The README is executable: every ```ts block of README.md and examples/*\/README.md compiles
 * against the package's own exports, and every resource it constructs passes that resource's
 * `check` on the inputs the example spells out literally. A block that is deliberately a fragment
 * must say so right above it with `<!-- not-compiled: reason -->`; those are counted and printed.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import * as ts from "typescript";
import { UNKNOWN } from "../../provider/validation";
import { RESOURCES } from "../../provider/registry";

const root = join(__dirname, "..", "..");
const NOT_COMPILED = /^<!--\s*not-compiled:\s*(.+?)\s*-->$/;

interface CodeBlock {
  /** e.g. "README.md:128", the line of the opening fence. */
  where: string;
  /** README line of the block's first code line. */
  firstLine: number;
  readme: string;
  code: string;
  /** Why it is not compiled, when marked so. */
  notCompiled?: string;
}

function readmes(): string[] {
  const examples = readdirSync(join(root, "examples"))
    .map((dir) => join("examples", dir, "README.md"))
    .filter((path) => existsSync(join(root, path)));
  return ["README.md", ...examples.sort()];
}

function typescriptBlocks(readme: string): CodeBlock[] {
  const lines = readFileSync(join(root, readme), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,})(\w*)/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence[2]));
    if (end < 0) throw new Error(`${readme}:${i + 1}: code block never closed`);
    if (["ts", "typescript"].includes(fence[3])) {
      let previous = i - 1;
      while (previous >= 0 && lines[previous].trim() === "") previous--;
      blocks.push({
        where: `${readme}:${i + 1}`,
        firstLine: i + 2,
        readme,
        code: lines.slice(i + 1, end).join("\n"),
        notCompiled: previous >= 0 ? NOT_COMPILED.exec(lines[previous].trim())?.[1] : undefined,
      });
    }
    i = end;
  }
  return blocks;
}

const blocks = readmes().flatMap(typescriptBlocks);
const compiled = blocks.filter((block) => block.notCompiled === undefined);
/** Each block is its own module, named after where it is: `README.md.128.ts`. */
const blockFile = (block: CodeBlock) => join(root, ".readme-blocks", `${block.where.replace(/[/:]/g, ".")}.ts`);

let program: ts.Program;
beforeAll(() => {
  // What a program using the package sees: the package root's exports (and its subpath exports),
  // here from source, and @pulumi/pulumi from node_modules. CommonJS, as Pulumi's Node.js programs.
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths: {
      "pulumi-codeartsrepo": ["index.ts"],
      "pulumi-codeartsrepo/emulator": ["emulator/index.ts"],
      "pulumi-codeartsrepo/gitops": ["gitops/index.ts"],
      "pulumi-codeartsrepo/provider/*": ["provider/*"],
    },
  };
  const sources = new Map(compiled.map((block) => [blockFile(block), block.code]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => sources.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => sources.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) =>
    sources.has(name) ? ts.createSourceFile(name, sources.get(name)!, language, true) : getSourceFile(name, language, onError);
  program = ts.createProgram([...sources.keys()], options, host);
});

afterAll(() => {
  const marked = blocks.filter((block) => block.notCompiled !== undefined);
  process.stdout.write(
    `README TypeScript blocks: ${blocks.length}, compiled ${compiled.length}, marked not-compiled ${marked.length}` +
      marked.map((block) => `\n  ${block.where}: ${block.notCompiled}`).join("") +
      "\n",
  );
});

it("finds the README's TypeScript blocks and the resources they construct", () => {
  expect(compiled.length).toBeGreaterThanOrEqual(7);
  const kinds = new Set(compiled.flatMap((block) => resourceConstructions(block).map((construction) => construction.kind)));
  // Every kind in the registry has an example the README compiles and checks.
  expect([...kinds].sort()).toEqual(RESOURCES.map(({ type }) => type).sort());
});

describe.each(compiled.map((block) => [block.where, block] as const))("%s", (_where, block) => {
  it("compiles against the package's exports", () => {
    const file = program.getSourceFile(blockFile(block))!;
    const problems = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((diagnostic) => {
      const line = diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line;
      return `${block.readme}:${block.firstLine + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  });

  // A ProtectedBranch with pushAccess "maintainers" and mergeAccess "developers" (the README's
  // example) fails here until the relaxed mergeAccess check (issue 10, another branch) is merged.
  it("constructs only resources whose check accepts the inputs it spells out", async () => {
    const failures: string[] = [];
    for (const construction of resourceConstructions(block)) {
      const { provider } = require(construction.providerModule) as { provider: { check(olds: object, news: object): Promise<{ failures?: unknown[] }> } };
      const result = await provider.check({}, construction.inputs);
      if ((result.failures ?? []).length > 0) failures.push(`${construction.where} ${construction.kind}: ${JSON.stringify(result.failures)}`);
    }
    expect(failures).toEqual([]);
  });
});

interface Construction {
  where: string;
  kind: string;
  providerModule: string;
  inputs: Record<string, unknown>;
}

/**
 * `new X(name, { … })` where X is one of the package's resource classes (sdk/<kind>.ts, whose
 * provider is provider/<kind>.ts). Inputs written as literals keep their values; any other
 * expression is unknown to `check`, as an Output is at preview. `repository` stands for the two
 * ids the SDK passes on (sdk/common.ts repositoryInputs).
 */
function resourceConstructions(block: CodeBlock): Construction[] {
  const file = program.getSourceFile(blockFile(block))!;
  const checker = program.getTypeChecker();
  const found: Construction[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.arguments?.length && ts.isObjectLiteralExpression(node.arguments[1] ?? node)) {
      let symbol = checker.getSymbolAtLocation(node.expression);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declared = symbol?.declarations?.[0]?.getSourceFile().fileName;
      if (declared && relative(root, declared).startsWith("sdk/")) {
        const inputs: Record<string, unknown> = {};
        for (const property of (node.arguments[1] as ts.ObjectLiteralExpression).properties) {
          const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
          if (!name) continue;
          const value = ts.isPropertyAssignment(property) ? literalValue(property.initializer) : UNKNOWN;
          if (name === "repository") Object.assign(inputs, { repositoryId: UNKNOWN, repositoryUuid: UNKNOWN });
          else inputs[name] = value;
        }
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line;
        found.push({
          where: `${block.readme}:${block.firstLine + line}`,
          kind: symbol!.name,
          providerModule: join(root, "provider", basename(declared)),
          inputs,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The value of a literal expression (strings, numbers, booleans, arrays and objects of them), else UNKNOWN. */
function literalValue(expression: ts.Expression): unknown {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (expression.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expression.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(expression.operand)) {
    return -Number(expression.operand.text);
  }
  if (ts.isArrayLiteralExpression(expression)) {
    const items = expression.elements.map(literalValue);
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  return UNKNOWN;
}
