/**
 * plugin/schema.json, the package schema the provider plugin serves, is written by
 * scripts/schema.ts from the descriptors, the settings and the SDK. This holds the file to them:
 * regenerated, it is the committed file; each resource has its descriptor's inputs and its SDK
 * class's outputs and arguments; secrets and replaceOnChanges follow the rules; every reference
 * resolves and every property is typed and described. Read with the TypeScript compiler, offline.
 */
import { readFileSync } from "node:fs";
import * as ts from "typescript";
import { resolveConfig, settings, SettingName } from "../../api/config";
import { RESOURCES, RegisteredResource, resourceOfType } from "../../provider/registry";
import { EventsArguments } from "../../provider/repository-events";
import { loadSchema, SCHEMA_PATH } from "../../plugin/schema";
import { PackageSchema, PropertySpec, Sources, buildSchema, renderSchema, replacingInputs, token } from "../../scripts/schema";

const sources = new Sources();
const { checker } = sources;
const schema = buildSchema(sources);

/** What the SDK and the descriptor say a resource's schema holds. */
interface Expected {
  type: string;
  inputs: string[];
  requiredInputs: string[];
  outputs: string[];
  /** The SDK class's arguments, `repository` replaced by the ids of the reference it takes. */
  sdkArguments: string[];
}

/** The outputs an SDK class declares: the properties of its `ResourceOutputs<…>` (`interface Member extends ResourceOutputs<MemberOutputs>`). */
function sdkOutputs(resource: RegisteredResource): string[] {
  const declaration = sources.exported(`sdk/${resource.kind}.ts`, resource.type).declarations!.find(ts.isInterfaceDeclaration)!;
  const outputs = declaration.heritageClauses!.flatMap((clause) => clause.types).find((type) => type.expression.getText() === "ResourceOutputs")!;
  return checker.getPropertiesOfType(checker.getTypeAtLocation(outputs)).map((property) => property.name);
}

function sdkArguments(resource: RegisteredResource): string[] {
  const args = checker.getDeclaredTypeOfSymbol(sources.exported(`sdk/${resource.kind}.ts`, `${resource.type}Args`));
  return checker.getPropertiesOfType(args).flatMap((property) =>
    property.name === "repository" ? checker.getPropertiesOfType(checker.getTypeOfSymbol(property)).map((id) => id.name) : [property.name],
  );
}

function expectedOf(resource: RegisteredResource): Expected {
  const shape = resource.inputs.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
  return {
    type: resource.type,
    inputs: Object.keys(shape),
    // Required: what the program must give, i.e. a field that neither is optional nor has a default.
    requiredInputs: Object.keys(shape).filter((field) => !shape[field].safeParse(undefined).success),
    outputs: sdkOutputs(resource),
    sdkArguments: sdkArguments(resource),
  };
}

/** Each way the schema's resources differ from what is expected of them, as a line. */
function resourceMismatches(candidate: PackageSchema, expected: Expected[]): string[] {
  const lines: string[] = [];
  const compare = (what: string, actual: string[], wanted: string[]) => {
    lines.push(...wanted.filter((name) => !actual.includes(name)).map((name) => `${what} lacks ${name}`));
    lines.push(...actual.filter((name) => !wanted.includes(name)).map((name) => `${what} has ${name}, which it should not`));
  };
  compare("the schema's resources", Object.keys(candidate.resources), expected.map(({ type }) => token(type)));
  for (const want of expected) {
    const spec = candidate.resources[token(want.type)];
    if (!spec) continue;
    compare(`${want.type} inputProperties`, Object.keys(spec.inputProperties), want.inputs);
    compare(`${want.type} requiredInputs`, spec.requiredInputs, want.requiredInputs);
    compare(`${want.type} properties`, Object.keys(spec.properties), want.outputs);
    compare(`${want.type} inputProperties (by the SDK's ${want.type}Args)`, Object.keys(spec.inputProperties), want.sdkArguments);
  }
  return lines;
}

/** `Webhook.token (input)`, … for every resource property that has the flag. */
function flagged(candidate: PackageSchema, flag: "secret" | "replaceOnChanges"): string[] {
  return Object.entries(candidate.resources).flatMap(([key, spec]) => {
    const type = key.replace(token(""), "");
    const marked = (properties: Record<string, PropertySpec>, side: string) =>
      Object.entries(properties).filter(([, property]) => property[flag]).map(([name]) => `${type}.${name} (${side})`);
    return [...marked(spec.inputProperties, "input"), ...marked(spec.properties, "output")];
  });
}

/** Every property of the schema, with where it is: config, provider, resources, functions, types. */
function everyProperty(candidate: PackageSchema): [where: string, property: PropertySpec][] {
  const of = (where: string, properties: Record<string, PropertySpec>) => Object.entries(properties).map(([name, property]) => [`${where}.${name}`, property] as [string, PropertySpec]);
  return [
    ...of("config", candidate.config.variables),
    ...of("provider", candidate.provider.inputProperties),
    ...Object.entries(candidate.resources).flatMap(([key, spec]) => [...of(`${key} input`, spec.inputProperties), ...of(key, spec.properties)]),
    ...Object.entries(candidate.functions).flatMap(([key, spec]) => [...of(`${key} argument`, spec.inputs.properties), ...of(`${key} result`, spec.outputs.properties)]),
    ...Object.entries(candidate.types).flatMap(([key, spec]) => of(key, spec.properties)),
  ];
}

describe("the plugin's package schema", () => {
  const expected = RESOURCES.map(expectedOf);

  it("is the committed plugin/schema.json, which loadSchema reads", () => {
    const committed = readFileSync(SCHEMA_PATH, "utf8");
    expect(renderSchema(schema) === committed ? "up to date" : "plugin/schema.json is stale: run `npm run build && npm run schema`").toBe("up to date");
    expect(loadSchema()).toEqual(JSON.parse(committed));
  });

  it("names the package and its Python SDK, at the package's version", () => {
    const manifest = require("../../package.json") as { version: string; license: string };
    expect(schema).toMatchObject({ name: "codeartsrepo", version: manifest.version, license: "Apache-2.0" });
    expect(schema.language.python).toEqual({ packageName: "pulumi_codeartsrepo", requires: { pulumi: ">=3.0.0,<4.0.0" }, respectSchemaVersion: true });
  });

  it("has a resource for every descriptor, with its zod inputs and the outputs and arguments of its SDK class", () => {
    expect(expected.map(({ type }) => type)).toEqual(RESOURCES.map(({ type }) => type));
    expect(expected.every(({ outputs, requiredInputs }) => outputs.length > 2 && requiredInputs.length > 0)).toBe(true);
    expect(resourceMismatches(schema, expected)).toEqual([]);
  });

  it("tells a resource that lost a property or gained a required input from a right one", () => {
    const broken = structuredClone(schema);
    delete broken.resources[token("Member")].properties.memberId;
    delete broken.resources[token("Label")].inputProperties.color;
    broken.resources[token("Webhook")].requiredInputs.push("name");
    delete broken.resources[token("SSHKey")];
    expect(resourceMismatches(broken, expected)).toEqual([
      "the schema's resources lacks codeartsrepo:index:SSHKey",
      "Member properties lacks memberId",
      "Webhook requiredInputs has name, which it should not",
      "Label inputProperties lacks color",
      "Label inputProperties (by the SDK's LabelArgs) lacks color",
    ]);
  });

  it("keeps secret what the descriptors and the SDK classes keep secret, as inputs and as outputs", () => {
    expect(flagged(schema, "secret").sort()).toEqual([
      "ProjectWebhook.token (input)",
      "ProjectWebhook.tokenHash (output)",
      "ProjectWebhook.tokenSalt (output)",
      "Repository.importUrl (input)",
      "Repository.importUrl (output)",
      "Webhook.token (input)",
      "Webhook.tokenHash (output)",
      "Webhook.tokenSalt (output)",
    ]);
    const declared = RESOURCES.flatMap(({ type, secretOutputs }) => (secretOutputs ?? []).map((name) => `${type}.${name} (output)`));
    expect(flagged(schema, "secret")).toEqual(expect.arrayContaining(declared));
    const secretSettings = Object.entries(settings).filter(([, setting]) => setting.secret).map(([name]) => name).sort();
    expect(secretSettings).toEqual(["password", "secretKey", "securityToken", "token"]);
    const secretIn = (properties: Record<string, PropertySpec>) => Object.keys(properties).filter((name) => properties[name].secret).sort();
    expect(secretIn(schema.config.variables)).toEqual(secretSettings);
    expect(secretIn(schema.provider.inputProperties)).toEqual(secretSettings);
  });

  it("flags replaceOnChanges on each kind's replacing fields, and on no Repository property", () => {
    const repository = schema.resources[token("Repository")];
    expect([...Object.values(repository.inputProperties), ...Object.values(repository.properties)].filter((property) => "replaceOnChanges" in property)).toEqual([]);
    for (const resource of RESOURCES.filter(({ type }) => type !== "Repository")) {
      const spec = schema.resources[token(resource.type)];
      const replacing = [...resource.fields.replace].sort();
      const marked = (properties: Record<string, PropertySpec>) => Object.keys(properties).filter((name) => properties[name].replaceOnChanges).sort();
      expect([resource.type, marked(spec.inputProperties)]).toEqual([resource.type, replacing]);
      expect([resource.type, marked(spec.properties)]).toEqual([resource.type, replacing]);
    }
    // The rule, not today's empty list: a Repository field that replaced would still not be flagged.
    const repositoryDescriptor = resourceOfType("Repository")!;
    expect(replacingInputs({ ...repositoryDescriptor, fields: { ...repositoryDescriptor.fields, replace: ["name"] } } as RegisteredResource)).toEqual([]);
    expect(replacingInputs(resourceOfType("Member")!)).toEqual(["repositoryUuid", "repositoryId", "userId"]);
  });

  it("types the integer and boolean settings as resolveConfig reads them", () => {
    const base: Partial<Record<SettingName, string>> = { endpoint: "http://127.0.0.1:9", token: "t" };
    const resolve = (name: SettingName, value: string) => resolveConfig((key) => ({ ...base, [name]: value })[key]);
    const typed = Object.entries(schema.config.variables).filter(([, variable]) => variable.type !== "string");
    expect(typed.map(([name, { type }]) => `${name}: ${type}`).sort()).toEqual(["adoptExisting: boolean", "maxRetries: integer", "rateLimitPerMinute: integer"]);
    for (const [name, { type }] of typed) {
      const setting = name as SettingName;
      if (type === "integer") {
        expect(resolve(setting, "3")[setting as "maxRetries"]).toBe(3);
        expect(() => resolve(setting, "1.5")).toThrow(/whole number/);
      } else {
        expect(resolve(setting, "true")[setting as "adoptExisting"]).toBe(true);
        expect(() => resolve(setting, "maybe")).toThrow(/true or false/);
      }
    }
  });

  it("has the three read functions, with the arguments their SDK functions take", () => {
    expect(Object.keys(schema.functions).sort()).toEqual(["getRepositoryEvents", "getRepositoryStatistics", "getRepositoryStatisticsStatus"].map(token));
    const inputs = (name: string) => schema.functions[token(name)].inputs;
    expect(inputs("getRepositoryStatistics")).toMatchObject({ required: ["branch", "repositoryId"] });
    expect(Object.keys(inputs("getRepositoryStatisticsStatus").properties)).toEqual(["repositoryId"]);
    expect(Object.keys(inputs("getRepositoryEvents").properties).sort()).toEqual(Object.keys(EventsArguments.shape).sort());
    expect(inputs("getRepositoryEvents").properties.after).toMatchObject({ type: "string" });
    expect(Object.keys(schema.functions[token("getRepositoryStatistics")].outputs.properties)).toEqual(
      expect.arrayContaining(["run", "contributorCount", "contributors", "dailyLines", "branchCommitCount", "totalCommitCount"]),
    );
  });

  it("types and describes every property, and every $ref names a type it defines", () => {
    const properties = everyProperty(schema);
    expect(properties.length).toBeGreaterThan(150);
    expect(properties.filter(([, property]) => !property.type && !property.$ref).map(([where]) => where)).toEqual([]);
    expect(properties.filter(([, property]) => !property.description?.trim()).map(([where]) => where)).toEqual([]);
    const references = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g)!.map((found) => found.slice(8, -1));
    const known = new Set(["pulumi.json#/Any", ...Object.keys(schema.types).map((key) => `#/types/${key}`)]);
    expect(references.length).toBeGreaterThan(5);
    expect(references.filter((reference) => !known.has(reference))).toEqual([]);
    // Every type defined is used, and every required name is a property.
    expect(Object.keys(schema.types).filter((key) => !references.includes(`#/types/${key}`))).toEqual([]);
    const objects = [
      ...Object.values(schema.resources).flatMap((spec) => [{ properties: spec.inputProperties, required: spec.requiredInputs }, spec]),
      ...Object.values(schema.functions).flatMap((spec) => [spec.inputs, spec.outputs]),
      ...Object.values(schema.types),
    ];
    expect(objects.flatMap(({ properties, required }) => required.filter((name) => !(name in properties)))).toEqual([]);
  });
});
