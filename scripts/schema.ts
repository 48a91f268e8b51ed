/**
 * Writes plugin/schema.json: the Pulumi package schema the `codeartsrepo` provider plugin serves
 * (plugin/server.ts, GetSchema), from which Pulumi makes SDKs for YAML, Python and the other
 * languages, and which `pulumi import` reads. Nothing in it is typed again here:
 *
 * | schema part | comes from |
 * |---|---|
 * | config, provider inputs | api/config.ts `settings`: names, types, secrets, and descriptions from their doc comments |
 * | resources | provider/registry.ts `RESOURCES`: one per descriptor, named `codeartsrepo:index:<type>` |
 * | resource inputs | the descriptor's zod `inputs` (`z.toJSONSchema`, io "input": types, defaults, which are required) |
 * | resource outputs | the kind's outputs type (`…Outputs`), read with the TypeScript compiler: TS types are not there at run time |
 * | descriptions | doc comments: on the zod shape fields, the outputs' members, the SDK classes and functions |
 * | secrets | the descriptor's `secretOutputs` and the SDK class's `additionalSecretOutputs` |
 * | replaceOnChanges | the descriptor's `fields.replace`, never for Repository (see `replacingInputs`) |
 * | functions | each function's zod arguments, and the SDK function's parameter and result types |
 *
 * Run `npm run build && npm run schema`; tests/unit/plugin-schema.test.ts fails while the committed
 * file differs from what this writes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import { SettingName, settings } from "../api/config";
import { RESOURCES, RegisteredResource } from "../provider/registry";
import { FUNCTIONS as SERVED_FUNCTIONS } from "../provider/functions";
import { PACKAGE_ROOT, SCHEMA_PATH } from "../plugin/schema";

export const PACKAGE_NAME = "codeartsrepo";

/** Every resource, function and type lives in the one module: `codeartsrepo:index:<name>`. */
export function token(name: string): string {
  return `${PACKAGE_NAME}:index:${name}`;
}

// ---------------------------------------------------------------------------------------------
// The schema's shape (the part of Pulumi's package schema this package uses)
// ---------------------------------------------------------------------------------------------

type Primitive = "string" | "integer" | "number" | "boolean";

/** A type: a primitive, an array, a map (`additionalProperties`), or a `$ref` to a named type or to `pulumi.json#/Any`. */
export interface TypeSpec {
  type?: Primitive | "array" | "object";
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
}

export interface PropertySpec extends TypeSpec {
  description: string;
  default?: string | number | boolean;
  secret?: boolean;
  replaceOnChanges?: boolean;
}

export interface ObjectSpec {
  description?: string;
  properties: Record<string, PropertySpec>;
  required: string[];
}

export interface ResourceSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

export interface FunctionSpec {
  description: string;
  inputs: ObjectSpec;
  outputs: ObjectSpec;
}

export interface PackageSchema {
  name: string;
  displayName: string;
  description: string;
  license: string;
  version: string;
  language: Record<string, unknown>;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  functions: Record<string, FunctionSpec>;
  types: Record<string, ObjectSpec & { type: "object" }>;
}

/** Any value (`z.unknown()`, TS `unknown`): Pulumi's built-in Any type. */
const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };

// ---------------------------------------------------------------------------------------------
// What the schema describes beyond the registry
// ---------------------------------------------------------------------------------------------

/** The functions the plugin serves (provider/functions.ts), each with the SDK module its function is documented in. */
const FUNCTIONS = SERVED_FUNCTIONS.map(({ name, module, args }) => ({ name, sdk: `sdk/${module}.ts`, args }));

const sdkFile = (resource: RegisteredResource) => `sdk/${resource.kind}.ts`;

/** The files the compiler reads: the settings, the registry (and through it every kind), the SDK classes and the functions' modules. */
export const SOURCE_FILES = [...new Set(["api/config.ts", "provider/registry.ts", ...RESOURCES.map(sdkFile), ...FUNCTIONS.map(({ sdk }) => sdk)])];

// ---------------------------------------------------------------------------------------------
// The TypeScript sources
// ---------------------------------------------------------------------------------------------

/** The package's sources as the compiler reads them, for what exists only as types: the outputs and every doc comment. */
export class Sources {
  readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  constructor(files: readonly string[] = SOURCE_FILES) {
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } };
    const config = ts.getParsedCommandLineOfConfigFile(join(PACKAGE_ROOT, "tsconfig.json"), {}, host)!;
    this.program = ts.createProgram(files.map((file) => join(PACKAGE_ROOT, file)), config.options);
    this.checker = this.program.getTypeChecker();
  }

  sourceFile(file: string): ts.SourceFile {
    const source = this.program.getSourceFile(join(PACKAGE_ROOT, file));
    if (!source) throw new Error(`${file} is not among the sources read`);
    return source;
  }

  /** What `file` exports under `name`, re-exports followed. */
  exported(file: string, name: string): ts.Symbol {
    const symbol = this.checker.getExportsOfModule(this.checker.getSymbolAtLocation(this.sourceFile(file))!).find((s) => s.name === name);
    if (!symbol) throw new Error(`${file} exports no ${name}`);
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** A property's or declaration's doc comment, as a description. */
  doc(symbol: ts.Symbol): string {
    return prose(ts.displayPartsToString(symbol.getDocumentationComment(this.checker)));
  }

  /** The doc comment of a class itself (the SDK's classes merge with an interface that has its own). */
  classDoc(symbol: ts.Symbol): string {
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    const comments = declaration ? ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc) : [];
    return prose(ts.getTextOfJSDocComment(comments.at(-1)?.comment) ?? "");
  }
}

/**
 * Doc comment text as a schema description (Markdown): `{@link X}` as `X`, and the lines a
 * comment wraps at joined, so each paragraph, list item and table row is one line.
 */
export function prose(text: string): string {
  return text
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, "`$1`")
    .replace(/([^\n])\n(?![\n|*-]|\d+\.)/g, "$1 ")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Types: from TypeScript (outputs, function results) and from zod (inputs, function arguments)
// ---------------------------------------------------------------------------------------------

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
};

/** The zod types JSON Schema cannot state, as zod names them: `unrepresentable: "any"` would make each an empty schema, read as Any. */
const UNREPRESENTABLE = new Set(["bigint", "symbol", "undefined", "void", "map", "set", "transform", "nan", "custom", "function", "promise"]);

/**
 * A zod schema as JSON Schema of what a program gives (defaults make fields optional). A Date
 * argument is sent as text; the other types JSON Schema cannot state fail here.
 */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const kind = zodSchema._zod.def.type;
      if (kind === "date") Object.assign(jsonSchema, { type: "string", format: "date-time" });
      if (UNREPRESENTABLE.has(kind)) throw new Error(`no JSON Schema for a zod ${kind}`);
    },
  }) as JsonSchema;
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const nullish = (type: ts.Type) => (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;

/** Builds the schema's named object types (`types`) as the properties that hold them are described. */
class TypeTable {
  readonly types: PackageSchema["types"] = {};
  /** Properties with no doc comment ("RepositoryEvent.ref"): the schema is not written while there are any. */
  readonly undocumented: string[] = [];
  private readonly origins = new Map<string, unknown>();

  constructor(private readonly sources: Sources) {}

  /** A property's description, from its doc comment. */
  private describe(owner: string, property: ts.Symbol): string {
    const text = this.sources.doc(property);
    if (!text) this.undocumented.push(`${owner}.${property.name}`);
    return text;
  }

  /** A `$ref` to the named type, built the first time; one name may not stand for two types. */
  private named(name: string, origin: unknown, build: () => ObjectSpec): TypeSpec {
    const key = token(name);
    if (!this.origins.has(key)) {
      this.origins.set(key, origin);
      this.types[key] = { type: "object", ...build() };
    } else if (this.origins.get(key) !== origin) {
      throw new Error(`two types would be named ${key}`);
    }
    return { $ref: `#/types/${key}` };
  }

  /**
   * A TypeScript type: text (string-literal unions and templates too: the outputs of a live value
   * are wider than the inputs, "unknown(…)"), numbers, booleans, arrays, maps, and interfaces as
   * named types. `null` and `undefined` only make a property optional.
   */
  fromTs(type: ts.Type): TypeSpec {
    const { checker } = this.sources;
    const present = (type.isUnion() ? type.types : [type]).filter((member) => !nullish(member));
    const all = (flag: ts.TypeFlags) => present.every((member) => member.flags & flag);
    if (present.length === 0 || present.some((member) => member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return ANY;
    if (all(ts.TypeFlags.StringLike)) return { type: "string" };
    if (all(ts.TypeFlags.NumberLike)) return { type: "number" };
    if (all(ts.TypeFlags.BooleanLike)) return { type: "boolean" };
    const [single] = present;
    if (present.length > 1) throw new Error(`no schema type for the union ${checker.typeToString(type)}`);
    if (checker.isArrayType(single)) return { type: "array", items: this.fromTs(checker.getTypeArguments(single as ts.TypeReference)[0]) };
    const record = checker.getIndexInfoOfType(single, ts.IndexKind.String);
    if (record && checker.getPropertiesOfType(single).length === 0) return { type: "object", additionalProperties: this.fromTs(record.type) };
    const symbol = single.aliasSymbol ?? single.getSymbol();
    if (!symbol || symbol.name.startsWith("__")) throw new Error(`no name for the object type ${checker.typeToString(single)}: declare it as an interface`);
    return this.named(symbol.name, symbol, () => this.objectFromTs(single, symbol.name, this.sources.doc(symbol)));
  }

  /** An object's properties from TypeScript; required are those neither optional nor nullable. */
  objectFromTs(type: ts.Type, owner: string, description?: string): ObjectSpec {
    const { checker } = this.sources;
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const propertyType = checker.getTypeOfSymbol(property);
      properties[property.name] = { ...this.fromTs(propertyType), description: this.describe(owner, property) };
      const nullable = propertyType.isUnion() && propertyType.types.some(nullish);
      if (!(property.flags & ts.SymbolFlags.Optional) && !nullable) required.push(property.name);
    }
    return { ...(description && { description }), properties, required: required.sort() };
  }

  /**
   * An object's properties from its zod schema, which says which there are, their types, defaults
   * and which are required; `declared` is the TypeScript type of the same object, for the doc
   * comments (and a nested object's). `name` names a nested object type: `<owner><Property>`.
   */
  objectFromZod(schema: z.ZodType, declared: ts.Type, name: string, only?: ReadonlySet<string>): ObjectSpec {
    const json = jsonSchemaOf(schema);
    if (only) {
      json.properties = Object.fromEntries(Object.entries(json.properties ?? {}).filter(([field]) => only.has(field)));
      json.required = json.required?.filter((field) => only.has(field));
    }
    return this.objectFromJson(json, declared, name);
  }

  private objectFromJson(json: JsonSchema, declared: ts.Type, name: string, description?: string): ObjectSpec {
    const { checker } = this.sources;
    const properties: Record<string, PropertySpec> = {};
    for (const [field, fieldJson] of Object.entries(json.properties ?? {})) {
      const symbol = checker.getPropertyOfType(checker.getNonNullableType(declared), field);
      if (!symbol) throw new Error(`${checker.typeToString(declared)} has no property ${field} (the zod schema has)`);
      const description = this.describe(name, symbol);
      const spec = this.fromJson(fieldJson, checker.getTypeOfSymbol(symbol), name + pascal(field), description);
      // Pulumi takes a default of a primitive only.
      const given = fieldJson.default;
      const primitiveDefault = ["string", "number", "boolean"].includes(typeof given) ? { default: given as string | number | boolean } : {};
      properties[field] = { ...spec, description, ...primitiveDefault };
    }
    return { ...(description && { description }), properties, required: [...(json.required ?? [])].sort() };
  }

  /**
   * One zod field's type. Enums are plain strings: the provider's check refuses other values with
   * the zod message (the one place of the rules), the docs name the values, and an output of the
   * same name is wider than the input ("unknown(…)", "custom (…)").
   */
  private fromJson(json: JsonSchema, declared: ts.Type, name: string, description: string): TypeSpec {
    if (json.anyOf) {
      // A Date or an ISO 8601 text (getRepositoryEvents' after/before): both text, as a program passes them.
      const kinds = new Set(json.anyOf.map((branch) => branch.type));
      if (kinds.size !== 1) throw new Error(`no schema type for ${name}: a union of ${[...kinds].join(", ")}`);
      return this.fromJson(json.anyOf[0], declared, name, description);
    }
    switch (json.type) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
        return { type: json.type };
      case "array": {
        const element = this.sources.checker.getIndexTypeOfType(this.sources.checker.getNonNullableType(declared), ts.IndexKind.Number)!;
        return { type: "array", items: this.fromJson(json.items ?? {}, element, name, description) };
      }
      case "object": {
        if (json.properties || !json.additionalProperties) return this.named(name, json, () => this.objectFromJson(json, declared, name, description));
        // A record (`z.record(z.string(), …)`): a map.
        const value = this.sources.checker.getIndexTypeOfType(this.sources.checker.getNonNullableType(declared), ts.IndexKind.String)!;
        return { type: "object", additionalProperties: this.fromJson(json.additionalProperties, value, name, description) };
      }
      case undefined:
        return ANY;
      default:
        throw new Error(`no schema type for ${name}: JSON Schema type ${json.type}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The parts of the schema
// ---------------------------------------------------------------------------------------------

/**
 * The provider's settings as Pulumi config (and as the explicit provider's inputs), described by
 * their doc comments in api/config.ts. The environment variables are named in the description,
 * not given as `defaultInfo`: a generated SDK would read them in the program and pass the
 * credentials in as inputs, into the provider resource's state; the plugin reads them itself, as
 * the dynamic providers do.
 */
function configVariables(sources: Sources): Record<string, PropertySpec> {
  const documented = sources.checker.getTypeOfSymbol(sources.exported("api/config.ts", "settings"));
  const variables: Record<string, PropertySpec> = {};
  for (const name of Object.keys(settings) as SettingName[]) {
    const setting: { env: readonly string[]; secret: boolean; type?: Primitive } = settings[name];
    const description = sources.doc(documented.getProperty(name)!);
    if (!description) throw new Error(`api/config.ts: no doc comment on the setting ${name}`);
    const environment = setting.env.map((variable) => `\`${variable}\``).join(", ");
    variables[name] = {
      type: setting.type ?? "string",
      description: `${description} Environment variable: ${environment}.`,
      ...(setting.secret && { secret: true }),
    };
  }
  return variables;
}

/** The names an SDK class lists in `additionalSecretOutputs` (sdk/webhook.ts: token, tokenHash, tokenSalt). */
function sdkSecretOutputs(source: ts.SourceFile): string[] {
  const names: string[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) names.push(node.text);
    ts.forEachChild(node, collect);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && node.name.getText(source) === "additionalSecretOutputs") collect(node.initializer);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/**
 * The inputs whose change replaces the resource, flagged `replaceOnChanges`; never a
 * Repository's. A generated SDK turns the flag into the engine's `replaceOnChanges` option, which
 * replaces the resource on any change the provider reports in that property. Repository's diff
 * reports a difference in a replace-only field as an update when the program did not set
 * `allowReplace` (its update then refuses it, provider/repository.ts), so with the option the
 * engine would replace — delete — the repository instead: the safety rule is that no plan deletes
 * a repository the program did not ask to. (Branch, also guarded by `allowReplace`, refuses in its
 * diff, before the engine weighs the option, so its replace fields keep the flag.)
 */
export function replacingInputs(resource: RegisteredResource): readonly string[] {
  if (resource.type === "Repository") return [];
  return resource.fields.replace as readonly string[];
}

/** Sets `flag` on each named property, failing on a name that is no property: a renamed field must not drop a secret silently. */
function flagProperties(type: string, flag: "secret" | "replaceOnChanges", names: Iterable<string>, ...objects: Record<string, PropertySpec>[]): void {
  for (const name of names) {
    const holders = objects.filter((properties) => name in properties);
    if (holders.length === 0) throw new Error(`${type} has no property ${name} to mark ${flag}`);
    for (const properties of holders) properties[name][flag] = true;
  }
}

/**
 * The input and output types of each descriptor, in registry order, read from the type of
 * `RESOURCES` (a tuple of `ResourceDescriptor<kind, Inputs, Outputs>`).
 */
function descriptorTypes(sources: Sources): { inputs: ts.Type; outputs: ts.Type }[] {
  const { checker } = sources;
  const tuple = checker.getTypeOfSymbol(sources.exported("provider/registry.ts", "RESOURCES")) as ts.TypeReference;
  return checker.getTypeArguments(tuple).map((descriptor, i) => {
    const [kind, inputs, outputs] = checker.getTypeArguments(descriptor as ts.TypeReference);
    if (checker.typeToString(kind) !== JSON.stringify(RESOURCES[i].kind)) throw new Error(`RESOURCES[${i}] is typed as ${checker.typeToString(kind)}`);
    return { inputs, outputs };
  });
}

function resourceSpec(resource: RegisteredResource, declared: { inputs: ts.Type; outputs: ts.Type }, sources: Sources, table: TypeTable): ResourceSpec {
  const inputs = table.objectFromZod(resource.inputs, declared.inputs, resource.type);
  const outputs = table.objectFromTs(declared.outputs, resource.type);
  // TypeScript has one number type: an output that is also an input is a whole number where the input's schema says so.
  for (const [name, property] of Object.entries(outputs.properties)) {
    if (property.type === "number" && inputs.properties[name]?.type === "integer") property.type = "integer";
  }
  const sdk = sdkFile(resource);
  const secret = new Set([...(resource.secretOutputs ?? []), ...sdkSecretOutputs(sources.sourceFile(sdk))]);
  flagProperties(resource.type, "secret", secret, inputs.properties, outputs.properties);
  // On the outputs too: code generators read `replaceOnChanges` from a resource's properties.
  flagProperties(resource.type, "replaceOnChanges", replacingInputs(resource), inputs.properties, outputs.properties);
  return {
    description: sources.classDoc(sources.exported(sdk, resource.type)),
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
    properties: outputs.properties,
    required: outputs.required,
  };
}

/** A function: the arguments the zod schema takes (documented by the SDK function's parameter type) and what the SDK function resolves to. */
function functionSpec({ name, sdk, args }: (typeof FUNCTIONS)[number], sources: Sources, table: TypeTable): FunctionSpec {
  const { checker } = sources;
  const symbol = sources.exported(sdk, name);
  const [signature] = checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call);
  const parameter = checker.getTypeOfSymbol(signature.parameters[0]);
  const result = checker.getAwaitedType(signature.getReturnType());
  if (!result) throw new Error(`${name} in ${sdk} does not return a Promise`);
  // The SDK's parameter type names the arguments; the zod schema may allow more (the status
  // function's schema is the statistics functions' shared one, with an optional branch).
  const named = new Set(checker.getPropertiesOfType(parameter).map((property) => property.name));
  const inputs = table.objectFromZod(args, parameter, pascal(name), named);
  return { description: sources.doc(symbol), inputs, outputs: table.objectFromTs(result, name) };
}

/** Object keys in a stable order (sorted), so the file changes only where the schema does. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, inner]) => [key, sortedKeys(inner)]));
}

/** The whole schema. */
export function buildSchema(sources: Sources = new Sources()): PackageSchema {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { name: string; description: string; license: string; version: string };
  const table = new TypeTable(sources);
  const declared = descriptorTypes(sources);
  const variables = configVariables(sources);
  const resources = Object.fromEntries(RESOURCES.map((resource, i) => [token(resource.type), resourceSpec(resource, declared[i], sources, table)]));
  const functions = Object.fromEntries(FUNCTIONS.map((entry) => [token(entry.name), functionSpec(entry, sources, table)]));
  // Every property is documented where it is declared; the schema carries that, or is not written.
  if (table.undocumented.length > 0) throw new Error(`no doc comment on: ${table.undocumented.join(", ")}`);
  return {
    name: PACKAGE_NAME,
    displayName: "CodeArts Repo",
    description: manifest.description,
    license: manifest.license,
    version: manifest.version,
    language: {
      // Informational: the TypeScript SDK is this package itself, not one generated from the schema.
      nodejs: { packageName: manifest.name },
      // respectSchemaVersion: the generated SDK is this version (setup.py, pulumi-plugin.json), that of
      // the plugin it is generated beside, rather than codegen's placeholder 0.0.0.
      python: { packageName: "pulumi_codeartsrepo", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true },
    },
    config: { variables },
    provider: {
      description: `The provider type for the ${PACKAGE_NAME} package. Each setting falls back to its environment variable, read by the provider.`,
      inputProperties: variables,
    },
    resources,
    functions,
    types: table.types,
  };
}

/** The file's text: pretty-printed, keys sorted, one trailing newline. */
export function renderSchema(schema: PackageSchema): string {
  return `${JSON.stringify(sortedKeys(schema), null, 2)}\n`;
}

if (require.main === module) {
  const text = renderSchema(buildSchema());
  writeFileSync(SCHEMA_PATH, text);
  process.stdout.write(`wrote ${SCHEMA_PATH} (${Buffer.byteLength(text)} bytes)\n`);
}
