/**
 * The provider plugin `codeartsrepo`: the same provider/<kind> descriptors served over Pulumi's
 * ResourceProvider gRPC protocol, so YAML, Python and every other Pulumi language (and `pulumi
 * import`) can use them. This file translates only: the engine's requests into the descriptors'
 * provider methods, their answers back. No resource logic lives here; a kind's whole story stays
 * in provider/<kind>.ts.
 *
 * What the plugin adds over the dynamic provider host (@pulumi/pulumi cmd/dynamic-provider):
 * - Configure keeps the `codeartsrepo:*` config (the host's `main()` drops it) and CheckConfig
 *   validates it, naming the key to set;
 * - Diff answers a detailed diff per property, so a preview prints `~ visibility: "private" =>
 *   "public"` and whether each change updates or replaces;
 * - Read with no properties is an import: the kind's `importId` turns the import id into a read,
 *   and the answer carries the inputs the engine records and generates code from;
 * - Invoke serves the functions table (provider/functions.ts), and List the objects of a kind
 *   that exist, by import id (plugin/list.ts);
 * - no `__provider` in state.
 *
 * gRPC and protobuf come from @pulumi/pulumi's own dependencies (resolved through it), so the
 * plugin adds no runtime dependency.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as structProto from "google-protobuf/google/protobuf/struct_pb";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { CodeArtsConfigError, CodeArtsError } from "../api/errors";
import { CONFIG_NAMESPACE, environmentSource, firstOf, resolveConfig, stackConfigSource } from "../api/config";
import { invokeFunction } from "../provider/functions";
import { RESOURCES, RESOURCE_TYPE_PREFIXES, RegisteredResource } from "../provider/registry";
import { configure, providerContext } from "../provider/runtime";
import { UNKNOWN, changedFields } from "../provider/validation";
import { isSecretValue } from "../provider/secrets";
import { PACKAGE_ROOT, SCHEMA_PATH } from "./schema";
import { listObjects } from "./list";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
const grpc: typeof grpcTypes = fromPulumi("@grpc/grpc-js");
const providerPb: typeof providerProto = fromPulumi("./proto/provider_pb");
const providerGrpc = fromPulumi("./proto/provider_grpc_pb");
const pluginPb: typeof pluginProto = fromPulumi("./proto/plugin_pb");
const structPb: typeof structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");

const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;

type Properties = Record<string, unknown>;
type Unary<Req, Res> = (call: grpcTypes.ServerUnaryCall<Req, Res>, callback: grpcTypes.sendUnaryData<Res>) => void;

const TYPE_PREFIX = RESOURCE_TYPE_PREFIXES.plugin;

/** The kind a type token names (`codeartsrepo:index:Member`), or an error naming the kinds there are. */
export function kindOfToken(token: string): RegisteredResource {
  const kind = token.startsWith(TYPE_PREFIX) ? RESOURCES.find((resource) => resource.type === token.slice(TYPE_PREFIX.length)) : undefined;
  if (!kind) throw new Error(`codeartsrepo has no resource type "${token}"; it has ${RESOURCES.map((resource) => TYPE_PREFIX + resource.type).join(", ")}.`);
  return kind;
}

function plain(struct: structProto.Struct | undefined): Properties {
  return (struct?.toJavaScript() ?? {}) as Properties;
}

function struct(properties: unknown): structProto.Struct {
  return structPb.Struct.fromJavaScript((properties ?? {}) as Record<string, structProto.JavaScriptValue>);
}

/** The engine's Configure args hold each key as given (`token`), a secret in Pulumi's wire form. */
export function configFromArgs(args: Properties): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(args)) {
    const given = isSecretValue(value) ? value.value : value;
    if (given === undefined || given === null || given === UNKNOWN) continue;
    config[`${CONFIG_NAMESPACE}:${key}`] = typeof given === "string" ? given : JSON.stringify(given);
  }
  return config;
}

const { Kind } = providerPb.PropertyDiff;

/**
 * The detailed diff of a plan: each replacing field as a replacement, each other field that
 * differs as an update (or an add/delete when one side is absent). A kind whose diff reports a
 * change no input field names (a webhook token seen through its hash) gets its changed inputs
 * compared one by one, so the preview still names them.
 */
export function detailedDiff(
  olds: Properties,
  news: Properties,
  inputFields: readonly string[],
  result: { changes?: boolean; replaces?: string[] },
): Map<string, providerProto.PropertyDiff.Kind> {
  const details = new Map<string, providerProto.PropertyDiff.Kind>();
  if (!result.changes) return details;
  const absent = (value: unknown) => value === undefined || value === null;
  const kindOf = (field: string, replace: boolean) =>
    absent(olds[field]) ? (replace ? Kind.ADD_REPLACE : Kind.ADD) : absent(news[field]) ? (replace ? Kind.DELETE_REPLACE : Kind.DELETE) : replace ? Kind.UPDATE_REPLACE : Kind.UPDATE;
  for (const field of result.replaces ?? []) details.set(field, kindOf(field, true));
  for (const field of changedFields(olds, news, inputFields as string[])) if (!details.has(field)) details.set(field, kindOf(field, false));
  return details;
}

/** A failure as the engine shows it: the message, then where (an API error names its call). */
function failure(error: unknown): grpcTypes.ServiceError {
  const message =
    error instanceof CodeArtsError
      ? `${error.message}${error.stack && !error.stack.startsWith(error.message) ? `\n${error.stack}` : ""}`
      : error instanceof Error
        ? error.message
        : String(error);
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() });
}

/** A unary handler from an async function; a thrown error becomes the call's error. */
function unary<Req, Res>(handler: (request: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (error) => callback(failure(error), null),
      );
  };
}

function unimplemented(what: string): Unary<unknown, unknown> {
  return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by codeartsrepo`, message: what, name: "UNIMPLEMENTED", metadata: new grpc.Metadata() }, null);
}

function checkResponse(inputs: Properties, failures: { property: string; reason: string }[]): providerProto.CheckResponse {
  const response = new providerPb.CheckResponse();
  response.setInputs(struct(inputs));
  response.setFailuresList(
    failures.map(({ property, reason }) => {
      const item = new providerPb.CheckFailure();
      item.setProperty(property);
      item.setReason(reason);
      return item;
    }),
  );
  return response;
}

/** The ResourceProvider service's handlers. */
export function providerService(): grpcTypes.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(() => new pluginPb.PluginInfo().setVersion(PACKAGE_VERSION)),
    getSchema: unary((request: providerProto.GetSchemaRequest) => {
      if (request.getVersion() > 0 && request.getSubpackageName()) throw new Error("codeartsrepo has no subpackages");
      return new providerPb.GetSchemaResponse().setSchema(fs.readFileSync(SCHEMA_PATH, "utf8"));
    }),

    // The config is checked as the provider resolves it, before any resource: a plugin with no
    // credentials, or a bad value, stops here with the key to set. (The dynamic provider defers
    // this to the first call, as its host gives it no config check; a plugin has one.)
    checkConfig: unary((request: providerProto.CheckRequest) => {
      const news = plain(request.getNews());
      const failures: { property: string; reason: string }[] = [];
      try {
        resolveConfig(firstOf(stackConfigSource({ get: (key) => configFromArgs(news)[key] }), environmentSource()));
      } catch (error) {
        if (!(error instanceof CodeArtsConfigError)) throw error;
        const key = new RegExp(`${CONFIG_NAMESPACE}:(\\w+)`).exec(error.message)?.[1];
        failures.push({ property: key ?? "", reason: error.message });
      }
      return checkResponse(news, failures);
    }),
    diffConfig: unary(() => new providerPb.DiffResponse().setChanges(providerPb.DiffResponse.DiffChanges.DIFF_NONE)),
    configure: unary(async (request: providerProto.ConfigureRequest) => {
      const config = configFromArgs(plain(request.getArgs()));
      await configure({ config: { get: (key: string) => config[key] } } as never);
      // Plain values in (acceptSecrets false): secret outputs go back in Pulumi's wire form, which
      // the engine encrypts (provider/secrets.ts), exactly as with the dynamic provider.
      return new providerPb.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false).setAcceptresources(false);
    }),

    check: unary(async (request: providerProto.CheckRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      const result = await kind.provider.check(plain(request.getOlds()), plain(request.getNews()));
      return checkResponse((result.inputs ?? {}) as Properties, (result.failures ?? []) as { property: string; reason: string }[]);
    }),
    diff: unary(async (request: providerProto.DiffRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      const olds = plain(request.getOlds());
      const news = plain(request.getNews());
      const result = await kind.provider.diff(request.getId(), olds as never, news as never);
      const details = detailedDiff(olds, news, Object.keys(kind.inputs.shape), result);
      const response = new providerPb.DiffResponse()
        .setChanges(result.changes ? providerPb.DiffResponse.DiffChanges.DIFF_SOME : providerPb.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace === true)
        .setDiffsList([...details.keys()])
        .setHasdetaileddiff(true);
      // Output diffs: the kind compares what was read (the old outputs) with the program's inputs,
      // so a drift check shows the live value, not the one the state's inputs recorded.
      for (const [field, diffKind] of details) response.getDetaileddiffMap().set(field, new providerPb.PropertyDiff().setKind(diffKind).setInputdiff(false));
      return response;
    }),
    create: unary(async (request: providerProto.CreateRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      const result = await kind.provider.create(plain(request.getProperties()) as never);
      return new providerPb.CreateResponse().setId(result.id).setProperties(struct(result.outs));
    }),
    read: unary(async (request: providerProto.ReadRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      const props = plain(request.getProperties());
      const response = new providerPb.ReadResponse();
      if (Object.keys(props).length === 0) {
        const imported = await kind.provider.importRead(request.getId());
        if (!imported) return response; // no id, no properties: "does not exist"
        return response.setId(imported.id).setProperties(struct(imported.props)).setInputs(struct(imported.inputs));
      }
      const result = await kind.provider.read(request.getId(), props as never);
      if (result.props === undefined) return response;
      // The inputs stay those the state holds (the engine keeps them when none are returned).
      response.setId(result.id ?? request.getId()).setProperties(struct(result.props));
      if (request.getInputs()) response.setInputs(request.getInputs());
      return response;
    }),
    update: unary(async (request: providerProto.UpdateRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      const result = await kind.provider.update(request.getId(), plain(request.getOlds()) as never, plain(request.getNews()) as never);
      return new providerPb.UpdateResponse().setProperties(struct(result.outs));
    }),
    delete: unary(async (request: providerProto.DeleteRequest) => {
      const kind = kindOfToken(request.getType() || urnType(request.getUrn()));
      await kind.provider.delete(request.getId(), plain(request.getProperties()) as never);
      return new emptyPb.Empty();
    }),

    invoke: unary(async (request: providerProto.InvokeRequest) => {
      const token = request.getTok();
      if (!token.startsWith(TYPE_PREFIX)) throw new Error(`codeartsrepo has no function "${token}"`);
      const answer = await invokeFunction(providerContext().client, token.slice(TYPE_PREFIX.length), plain(request.getArgs()));
      return new providerPb.InvokeResponse().setReturn(struct(JSON.parse(JSON.stringify(answer))));
    }),
    cancel: unary(() => new emptyPb.Empty()),
    attach: unary(() => new emptyPb.Empty()),
    getMapping: unary(() => new providerPb.GetMappingResponse()),
    getMappings: unary(() => new providerPb.GetMappingsResponse()),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    construct: unimplemented("Construct"),
    call: unimplemented("Call"),
    list: (call: grpcTypes.ServerWritableStream<providerProto.ListRequest, providerProto.ListResponse>) => {
      const request = call.request;
      Promise.resolve()
        .then(async () => {
          const kind = kindOfToken(request.getToken());
          const listed = await listObjects(kind, providerContext().client, plain(request.getQuery()));
          const limit = request.getLimit() > 0 ? request.getLimit() : listed.length;
          for (const { id, name } of listed.slice(0, limit)) call.write(new providerPb.ListResponse().setResult(new providerPb.ListResponse.Result().setId(id).setName(name)));
          call.end();
        })
        .catch((error: unknown) => call.emit("error", failure(error)));
    },
  };
}

/** `urn:pulumi:stack::project::codeartsrepo:index:Member::name` → `codeartsrepo:index:Member` (older engines send no type). */
function urnType(urn: string): string {
  const parts = urn.split("::");
  return (parts[2] ?? "").split("$").pop() ?? "";
}

/** Serves the plugin on a loopback port and prints the port, as the engine expects of a plugin. */
export async function serve(): Promise<grpcTypes.Server> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(providerGrpc.ResourceProviderService, providerService());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${port}\n`);
  return server;
}
