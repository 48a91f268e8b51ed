/**
 * Each SDK class declares its outputs (`declare readonly x: pulumi.Output<T>`) by hand, and each
 * provider declares what it returns (`…Outputs`). A program sees the first, state holds the
 * second: they must name the same fields, and every value the provider returns must fit the type
 * the class declares. Read with the TypeScript compiler, offline.
 */
import { join } from "node:path";
import * as ts from "typescript";
import { repositoryRoot } from "../support/packages";
import { RESOURCES } from "../../provider/registry";

/**
 * SDK class (in sdk/<kind>.ts) → the provider's outputs type (in provider/<kind>.ts, named after the
 * kind: "ssh-key" → SshKeyOutputs), for every kind in the registry.
 */
const PAIRS: [file: string, sdkClass: string, providerOutputs: string][] = RESOURCES.map(({ kind, type }) => [
  kind,
  type,
  `${kind.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase())}Outputs`,
]);

/** What every CustomResource has, not an output of ours. */
const RESOURCE_MEMBERS = new Set(["urn", "id"]);

describe("SDK classes and provider outputs", () => {
  const configFile = join(repositoryRoot, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const files = PAIRS.flatMap(([file]) => [join(repositoryRoot, "sdk", `${file}.ts`), join(repositoryRoot, "provider", `${file}.ts`)]);
  const program = ts.createProgram(files, config.options);
  const checker = program.getTypeChecker();

  const exported = (path: string, name: string): ts.Symbol => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(path)!)!;
    const symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`${path} exports no ${name}`);
    return symbol;
  };

  /** The class's declared outputs: name → T of its pulumi.Output<T>. */
  function declaredOutputs(file: string, name: string): Map<string, ts.Type> {
    const symbol = exported(join(repositoryRoot, "sdk", `${file}.ts`), name);
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const outputs = new Map<string, ts.Type>();
    for (const property of checker.getPropertiesOfType(instance)) {
      // Declared in the class (`declare readonly x`), or mapped from the provider's outputs type
      // (`interface X extends ResourceOutputs<XOutputs>`, whose properties point back at provider/).
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const home = declaration?.getSourceFile().fileName;
      if (RESOURCE_MEMBERS.has(property.name) || !declaration || (home !== join(repositoryRoot, "sdk", `${file}.ts`) && !home?.startsWith(join(repositoryRoot, "provider") + "/"))) continue;
      const type = property.valueDeclaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : checker.getTypeOfSymbol(property);
      const [inner] = checker.getTypeArguments(type as ts.TypeReference).length > 0 ? checker.getTypeArguments(type as ts.TypeReference) : [];
      const value = inner ?? (type.aliasTypeArguments?.[0] as ts.Type | undefined) ?? type;
      outputs.set(property.name, value);
    }
    return outputs;
  }

  function providerOutputs(file: string, name: string): Map<string, ts.Type> {
    const symbol = exported(join(repositoryRoot, "provider", `${file}.ts`), name);
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return new Map(checker.getPropertiesOfType(type).map((property) => [property.name, checker.getNonNullableType(checker.getTypeOfSymbol(property))]));
  }

  it.each(PAIRS)("%s: the class declares exactly the provider's outputs, with types that hold them", (file, sdkClass, outputsType) => {
    const declared = declaredOutputs(file, sdkClass);
    const provided = providerOutputs(file, outputsType);
    expect(declared.size).toBeGreaterThan(2);
    expect([...declared.keys()].sort()).toEqual([...provided.keys()].sort());
    const misfits = [...provided]
      .filter(([field, type]) => declared.has(field) && !checker.isTypeAssignableTo(type, declared.get(field)!))
      .map(([field, type]) => `${field}: provider ${checker.typeToString(type)}, class ${checker.typeToString(declared.get(field)!)}`);
    expect(misfits).toEqual([]);
  });
});
