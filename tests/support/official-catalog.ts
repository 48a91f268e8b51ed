/**
 * The official SDK catalog (tests/data/official-sdk-catalog.json, derived from the official Python
 * SDK by scripts/official-sdk/derive-catalog.py) and the two comparisons the conformance tests
 * make with it:
 * - a zod wire schema against a declared SDK type (`schemaFindings`): every field our schema
 *   names must exist in the official model with a compatible type;
 * - a JSON value against a declared SDK type (`valueFindings`): the emulator's answers, where a
 *   field the official model lacks is a finding and null is always allowed (the SDK's fields are
 *   all optional pointers).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export type Client = "v3" | "v4";

export interface OfficialOperation {
  client: Client;
  name: string;
  method: string;
  path: string;
  path_params: Record<string, string>;
  query_params: Record<string, string>;
  header_params: Record<string, string>;
  response_headers: Record<string, string>;
  request_model: string;
  /** The declared type of the request body, or null when the operation sends none. */
  request_body: string | null;
  response_model: string;
  /** The declared type of the whole JSON response body (v1/v2: the envelope model). */
  response_body: string;
}

export interface OfficialCatalog {
  source: { package: string; version: string; sha256: string };
  operations: OfficialOperation[];
  /** client → model name → JSON field name → declared type. */
  models: Record<Client, Record<string, Record<string, string>>>;
}

export const catalog: OfficialCatalog = JSON.parse(
  readFileSync(join(__dirname, "..", "data", "official-sdk-catalog.json"), "utf8"),
);

/**
 * Path templates are compared by shape: `{repository_uuid}` and `{repository_id}` in the same
 * position are the same path. The parameter names are each side's labels for a position (the SDK
 * itself names the commit call's `{repo_id}` attribute `repository_id`); the method and the
 * literal segments are what the service routes on.
 */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]+\}/g, "{}");
}

export function findOperation(method: string, path: string): OfficialOperation | undefined {
  const shape = pathShape(path);
  return catalog.operations.find((operation) => operation.method === method && pathShape(operation.path) === shape);
}

/** The JSON type of a declared SDK type, parsed: 'list[X]', 'dict(str, X)', a scalar or a model. */
type Declared =
  | { kind: "scalar"; name: "str" | "int" | "float" | "bool" | "datetime" | "date" }
  | { kind: "object" }
  | { kind: "list"; element: string }
  | { kind: "dict"; value: string }
  | { kind: "model"; name: string; fields: Record<string, string> };

function declared(type: string, client: Client): Declared {
  const list = /^list\[(.*)\]$/.exec(type);
  if (list) return { kind: "list", element: list[1] };
  const dict = /^dict\(str, (.*)\)$/.exec(type);
  if (dict) return { kind: "dict", value: dict[1] };
  if (type === "object") return { kind: "object" };
  if (["str", "int", "float", "bool", "datetime", "date"].includes(type)) return { kind: "scalar", name: type as "str" };
  const fields = catalog.models[client][type];
  if (!fields) throw new Error(`the catalog has no ${client} model ${type}`);
  return { kind: "model", name: type, fields };
}

// ---------------------------------------------------------------------------------------------
// JSON values against declared types
// ---------------------------------------------------------------------------------------------

export function valueFindings(value: unknown, type: string, client: Client, at = "(body)"): string[] {
  if (value === null) return [];
  const t = declared(type, client);
  const found = (what: string) => [`${at}: ${what}, official type ${type}`];
  switch (t.kind) {
    case "object":
      return [];
    case "scalar":
      if (t.name === "int") return Number.isInteger(value) ? [] : found(`got ${JSON.stringify(value)}`);
      if (t.name === "float") return typeof value === "number" ? [] : found(`got ${JSON.stringify(value)}`);
      if (t.name === "bool") return typeof value === "boolean" ? [] : found(`got ${JSON.stringify(value)}`);
      return typeof value === "string" ? [] : found(`got ${JSON.stringify(value)}`);
    case "list":
      if (!Array.isArray(value)) return found("not an array");
      return value.flatMap((item, i) => valueFindings(item, t.element, client, `${at}[${i}]`));
    case "dict":
      if (!isPlainObject(value)) return found("not an object");
      return Object.entries(value).flatMap(([key, item]) => valueFindings(item, t.value, client, `${at}.${key}`));
    case "model":
      if (!isPlainObject(value)) return found("not an object");
      return Object.entries(value).flatMap(([key, item]) =>
        key in t.fields ? valueFindings(item, t.fields[key], client, `${at}.${key}`) : [`${at}.${key}: not in official model ${t.name}`],
      );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// zod v4 schemas against declared types
// ---------------------------------------------------------------------------------------------

/**
 * - "sends": everything the schema lets us send must fit the official type (every union option);
 * - "reads": the schema must accept what the official type allows (some union option fits; a
 *   schema tolerating more than the SDK declares is harmless).
 */
export type Direction = "sends" | "reads";

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): ZodDef {
  return (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
}

/** Strips optional/nullable/default wrappers and pipes (a pipe's input is what travels). */
function unwrap(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(def.type)) return unwrap(def.innerType!);
  if (def.type === "pipe") return unwrap(defOf(def.in!).type === "transform" ? def.out! : def.in!);
  if (def.type === "lazy") return unwrap(def.getter!());
  return schema;
}

/** The JSON type a literal or enum value has. */
function jsonTypeOf(value: unknown): "string" | "number" | "boolean" | "null" | "other" {
  if (value === null) return "null";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" ? t : "other";
}

/** The JSON scalar kinds a scalar schema produces, or undefined when it is not a scalar. */
function scalarKinds(def: ZodDef): Set<string> | undefined {
  switch (def.type) {
    case "string":
      return new Set(["string"]);
    case "number":
    case "int":
    case "bigint":
      return new Set(["number"]);
    case "boolean":
      return new Set(["boolean"]);
    case "literal":
      return new Set(def.values!.map(jsonTypeOf));
    case "enum":
      return new Set(Object.values(def.entries!).map(jsonTypeOf));
    case "null":
    case "undefined":
      return new Set(["null"]);
    default:
      return undefined;
  }
}

const SCALAR_JSON: Record<string, string> = { str: "string", datetime: "string", date: "string", int: "number", float: "number", bool: "boolean" };

export function schemaFindings(schema: z.ZodType, type: string, client: Client, direction: Direction, at = "(body)"): string[] {
  const node = unwrap(schema);
  const def = defOf(node);
  if (def.type === "unknown" || def.type === "any") return [];
  if (def.type === "union") {
    const perOption = def.options!.map((option) => schemaFindings(option, type, client, direction, at));
    if (direction === "sends") return perOption.flat();
    return perOption.some((findings) => findings.length === 0) ? [] : perOption.flat();
  }
  const t = declared(type, client);
  const mismatch = (what: string) => [`${at}: ${what}, official type ${type}`];
  if (t.kind === "object") return [];
  const kinds = scalarKinds(def);
  if (kinds) {
    kinds.delete("null");
    if (kinds.size === 0) return [];
    if (t.kind !== "scalar") return mismatch(`our ${def.type}`);
    const wanted = SCALAR_JSON[t.name];
    return [...kinds].every((kind) => kind === wanted) ? [] : mismatch(`our ${[...kinds].join("|")}`);
  }
  if (def.type === "array") {
    if (t.kind !== "list") return mismatch("our array");
    return schemaFindings(def.element!, t.element, client, direction, `${at}[]`);
  }
  if (def.type === "record") {
    if (t.kind !== "dict") return mismatch("our record");
    return schemaFindings(def.valueType!, t.value, client, direction, `${at}.*`);
  }
  if (def.type === "object") {
    if (t.kind === "dict") {
      return Object.entries(def.shape!).flatMap(([key, field]) => schemaFindings(field, t.value, client, direction, `${at}.${key}`));
    }
    if (t.kind !== "model") return mismatch("our object");
    return Object.entries(def.shape!).flatMap(([key, field]) =>
      key in t.fields
        ? schemaFindings(field, t.fields[key], client, direction, `${at}.${key}`)
        : [`${at}.${key}: not in official model ${t.name}`],
    );
  }
  return [`${at}: cannot compare a zod ${def.type} with ${type}`];
}

/** The top-level field names of a zod object schema (for query parameters). */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = defOf(unwrap(schema));
  if (def.type !== "object") throw new Error(`expected a zod object, got ${def.type}`);
  return def.shape!;
}

/** Does the schema's payload say "no body" (z.undefined(), a 204)? */
export function isNoContent(schema: z.ZodType): boolean {
  return defOf(unwrap(schema)).type === "undefined";
}
