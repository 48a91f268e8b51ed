/**
 * One home per resource kind: a descriptor states what is the kind's own (its inputs schema, which
 * fields replace or update, how it is found, created, read and deleted, how reports name it), and
 * the one driver below turns it into the dynamic provider the shim loads. The lifecycle the kinds
 * share is written once here: check by the zod schema, diff by the field lists, look before
 * create (adopt, refuse or create, recovering a lost answer: recovery.ts createOnce), read where
 * 404 means gone, update only in state where no call is needed, delete unless gone, secrets kept.
 * A kind overrides a step only where it differs, and says why there.
 *
 * Every derived table (the shim's kinds, the package exports, the drift reports' labels and
 * unmanaged-object lists, the SDK's outputs) reads the descriptors through provider/registry.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { CodeArtsClient } from "../api/client";
import type { RouteName } from "../api/routes";
import type { RouteItem } from "../api/routes";
import type { RepositoryV4 } from "../wire";
import type { Importing } from "./importing";
import { DiffFields, deleteUnlessGone, fieldDiff, unlessGone } from "./lifecycle";
import { createOnce } from "./recovery";
import { ProviderContext, configure, defineProvider, providerContext } from "./runtime";
import { keepingSecret, revealed } from "./secrets";
import { CodeArtsArgumentError } from "../api/errors";
import { checkInputs } from "./validation";

/** How a kind's create finds, adopts, refuses or makes its object (the driver runs them in that order). */
export interface CreateSteps<I, O, E, C> {
  /** The object holding the inputs' natural key now, or undefined. Also how a lost answer is recovered. */
  find(context: ProviderContext, inputs: I): Promise<E | undefined>;
  /** The look before creating when the run knows the answer without `find` (recovery.ts CreateOnce.look). */
  look?(context: ProviderContext, inputs: I): Promise<E | undefined>;
  /** Why the program cannot have that object without adoptExisting, and how to adopt it. */
  conflict(inputs: I, existing: E): string;
  /** The outputs of an adopted object (writing only what differs from the program). */
  adopt(context: ProviderContext, inputs: I, existing: E): O | Promise<O>;
  /** The create call. */
  call(context: ProviderContext, inputs: I): Promise<C>;
  /** The create's answer a found object stands for after a lost answer; absent when `call` recovers by itself. */
  recovered?(existing: E): C;
  /** The outputs of the object the call made. */
  created(inputs: I, answer: C): O;
  /** The look-up and the create call by route (for errors), and the parameters that fill their paths. */
  routes: { find: RouteName; create: RouteName; params: (inputs: I) => Record<string, string | number | undefined> };
}

/**
 * Objects of this kind that a repository holds but no resource declares: what `codeartsrepo drift`
 * reports as unmanaged. The items come from the list the refresh already read (gitops/unmanaged.ts).
 */
export interface UnmanagedObjects<R extends RouteName = RouteName> {
  /** The holder's list of these objects (a paged V4 list taking `repository_id`, or `project_id` for a project's). */
  list: R;
  /** How a declared resource names its object, from its outputs; compared with `liveId`. */
  declaredId(outputs: Record<string, unknown>): string;
  liveId(item: RouteItem<R>): string;
  /** Objects the service makes by itself (e.g. the creator's membership): never findings. */
  madeByService?(item: RouteItem<R>, repository: Record<string, unknown>): boolean;
  /**
   * True when the repository's V4 answer, as the refresh read it, shows it holds none of these
   * (e.g. `label_count` 0): the list is then not read at all, so a kind no program declares costs
   * drift no call. Absent, or undefined from the answer: the list is read.
   */
  noneIn?(repository: Partial<RepositoryV4>): boolean | undefined;
  /**
   * Listed only in repositories where the stack declares one of the kind, whose list the refresh
   * has already read: for a kind whose unmanaged objects can only narrow access, so that other
   * repositories cost drift no call. The README says where each kind is looked for.
   */
  onlyWhereDeclared?: boolean;
  /**
   * The inherit-setting name (GET /v4/repositories/{id}/inherit-setting) under which a repository
   * takes objects of this kind from its project or group. In a repository that inherits it
   * ("inherit" or "force_inherit"), listed objects no resource declares are read as inherited and
   * not reported; the inherit-setting list is read only where such objects are found, once.
   */
  inheritedWith?: string;
  /**
   * The name a report gives it, the properties that identify it, and the live fields it shows, in
   * the program's words where `declared` (the recorded outputs, bookkeeping included, of this
   * kind's resources in the same repository) gives evidence for them; `notes` per field say why a
   * value stays in the service's words.
   */
  describe(
    item: RouteItem<R>,
    declared: Record<string, unknown>[],
  ): { name: string; properties: Record<string, unknown>; fields: Record<string, unknown>; notes?: Record<string, string> };
  /**
   * How `codeartsrepo prune` removes one listed object: the kind's own delete call, "gone" when the
   * service answers 404. Absent: the kind is never pruned (a label or a branch may hold work that
   * no review of a drift report can judge).
   */
  remove?(client: CodeArtsClient, item: RouteItem<R>, where: RepositoryWhere): Promise<"deleted" | "gone">;
}

/** The repository an unmanaged object was listed in, by both its ids. */
export interface RepositoryWhere {
  repositoryId: number;
  repositoryUuid: string;
}

/** How drift reports name this kind (how much a finding weighs, gitops/severity.ts says). */
export interface ReportSpec {
  /** "deploy key": what the report calls one. */
  label: string;
  /** The properties that name one, first found wins ("payments-svc · deploy key ci"). */
  key: readonly string[];
  /**
   * What holds one: a repository (the default, "payments-svc · deploy key ci"), the account
   * ("account · SSH key laptop"), a CodeArts project, by its `projectId` output ("project
   * 0a1b… · project webhook ci"; its unmanaged list takes `project_id`), or nothing, for the
   * repository itself ("payments-svc").
   */
  holder?: "repository" | "account" | "project" | "none";
  /** Built with `unmanagedIn`, which ties the item type to the list route. */
  unmanaged?: UnmanagedObjects<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * A changed field's live value in the program's words, from evidence only the whole stack holds
   * (`declared`: the recorded outputs, bookkeeping included, of this kind's resources in the same
   * repository), with a note when it stays in the service's words. Undefined: shown as read.
   */
  liveInProgramWords?(field: string, live: Record<string, unknown>, declared: Record<string, unknown>[]): { value: unknown; note?: string } | undefined;
}

/** The unmanaged-object spec of a kind listed by `list`, with its items typed by that route. */
export function unmanagedIn<R extends RouteName>(list: R, spec: Omit<UnmanagedObjects<R>, "list">): UnmanagedObjects<R> {
  return { list, ...spec };
}

type CheckResult = pulumi.dynamic.CheckResult;
type DiffResult = pulumi.dynamic.DiffResult;
type CreateResult<O> = { id: string; outs: O };

export interface ResourceDefinition<K extends string, S extends z.ZodObject, O extends object, E, C, M extends Importing | undefined = undefined> {
  /** The module under provider/ (and the shim's key): `pulumi-codeartsrepo/provider/<kind>` loads it. */
  kind: K;
  /** The Pulumi type name and the SDK class: `codeartsrepo:index:<type>`. */
  type: string;
  /** The program's inputs: the one source of each input field, its rules and defaults. */
  inputs: S;
  fields: DiffFields<z.output<S>>;
  /** Outputs stored as secrets (computed from a secret input). */
  secretOutputs?: readonly (keyof O & string)[];
  report: ReportSpec;
  /** How `codeartsrepo import` reads and declares its objects (provider/importing.ts), or why it does not. */
  importer?: M;
  /** The resource id of an object, from its outputs (at create, and again at each read). */
  id(outputs: O): string;
  /** Default: the inputs schema (validation.ts checkInputs). */
  check?(news: Record<string, unknown>): CheckResult | Promise<CheckResult>;
  /** Default: `fieldDiff` of the field lists. */
  diff?(olds: O, news: z.output<S>): DiffResult | Promise<DiffResult>;
  create: CreateSteps<z.output<S>, O, E, C> | ((context: ProviderContext, inputs: z.output<S>) => Promise<CreateResult<O>>);
  /** The live object in outputs form; undefined (or a 404, which the driver catches) when it is gone. */
  read(context: ProviderContext, id: string, props: O): Promise<O | undefined>;
  /** Default: the `fields.update` fields change in state only (no call changes them). */
  update?(context: ProviderContext, id: string, olds: O, news: z.output<S>): Promise<O>;
  /** The delete call; a 404 (already gone) is success. */
  remove(context: ProviderContext, id: string, props: O): Promise<unknown>;
  /** How `pulumi import` names an existing object, or why the kind cannot be imported. */
  importId: ImportId<O> | { notImported: string };
}

/**
 * `pulumi import codeartsrepo:index:<type> <name> <import id>` (provider plugin only): the import
 * id's format, and what a read needs from it. The read is the kind's own `read`, so an import
 * costs reads only, and the inputs the engine records (and generates code from) are the outputs'
 * input fields, less those equal to their default.
 */
export interface ImportId<O> {
  /** The format, as the README's table of import ids shows it: "<repositoryId>/<hookId>". */
  format: string;
  /** The import id of an object a stack holds, from its outputs (moving a stack to the plugin). */
  of(outputs: O): string;
  /** The resource id and the properties the kind's read needs, from an import id (a repository read may fill in the other repository id). */
  locate(context: ProviderContext, importId: string): Promise<{ id: string; props: Partial<O> }>;
}

/**
 * The provider context, resolved when a step first touches it: a configuration problem surfaces
 * from the first step that needs the API (runtime.ts configure), so a step that needs none — an
 * update that only refuses or records in state — still runs without credentials.
 */
function contextOnUse(): ProviderContext {
  return new Proxy({} as ProviderContext, { get: (_target, field) => Reflect.get(providerContext(), field) });
}

/** The dynamic provider of one kind, with its methods typed by the kind's inputs and outputs. */
export interface KindProvider<I, O> {
  configure(request: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult>;
  diff(id: string, olds: O, news: I): Promise<DiffResult>;
  create(inputs: I): Promise<CreateResult<O>>;
  read(id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>>;
  update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>>;
  delete(id: string, props: O): Promise<void>;
  /** The object an import id names, with the inputs a program would declare for it; undefined when there is none. */
  importRead(importId: string): Promise<{ id: string; props: O; inputs: Record<string, unknown> } | undefined>;
}

/**
 * A kind as the rest of the package sees it: what names and reports it, and its provider. Each
 * provider file annotates its export with this type (`ResourceDescriptor<"deploy-key",
 * DeployKeyInputs, DeployKeyOutputs>`), which keeps the declarations the package ships small.
 */
export interface ResourceDescriptor<K extends string = string, I = unknown, O = unknown, M extends Importing | undefined = Importing | undefined> {
  readonly kind: K;
  readonly type: string;
  readonly inputs: z.ZodObject;
  readonly fields: DiffFields<I>;
  readonly secretOutputs?: readonly string[];
  readonly report: ReportSpec;
  /** Typed by the kind (`ChildImport<"labels", ImportedLabel>`): the import model's fields derive from it. */
  readonly importer?: M;
  readonly importId: ImportId<O> | { notImported: string };
  readonly provider: KindProvider<I, O>;
}

export function defineResource<K extends string, S extends z.ZodObject, O extends object, E = never, C = never, M extends Importing | undefined = undefined>(
  definition: ResourceDefinition<K, S, O, E, C, M>,
): ResourceDescriptor<K, z.output<S>, O, M> {
  type I = z.output<S>;
  const { fields } = definition;

  async function create(inputs: I): Promise<CreateResult<O>> {
    const context = contextOnUse();
    const steps = definition.create;
    if (typeof steps === "function") return steps(context, inputs);
    const outs = await createOnce<E, O>({
      find: () => steps.find(context, inputs),
      look: steps.look && (() => steps.look!(context, inputs)),
      adoptExisting: (inputs as { adoptExisting?: boolean }).adoptExisting === true,
      conflict: (existing) => steps.conflict(inputs, existing),
      adopt: (existing) => steps.adopt(context, inputs, existing),
      create: async () => steps.created(inputs, await steps.call(context, inputs)),
      recovered: steps.recovered && ((existing) => steps.created(inputs, steps.recovered!(existing))),
      routes: { find: steps.routes.find, create: steps.routes.create, params: steps.routes.params(inputs) },
    });
    return { id: definition.id(outs), outs };
  }

  const provider = defineProvider({
    configure,
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<CheckResult> {
      return definition.check ? definition.check(news) : checkInputs(definition.inputs, news);
    },
    async diff(_id: string, olds: O, news: I): Promise<DiffResult> {
      return definition.diff ? definition.diff(olds, news) : fieldDiff<I>(olds as Partial<I>, news, fields);
    },
    create,
    async read(id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>> {
      const live = await unlessGone(() => definition.read(contextOnUse(), id, props));
      // The id is the one the outputs give: a kind whose object moved to another id (an SSH key of
      // a v1 stack, found by its text) reports the live one, which the engine records.
      return live === undefined ? {} : { id: definition.id(live), props: live };
    },
    async update(id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
      if (definition.update) return { outs: await definition.update(contextOnUse(), id, olds, news) };
      const changed = Object.fromEntries(fields.update.map((field) => [field, news[field]]));
      return { outs: { ...olds, ...changed } };
    },
    async delete(id: string, props: O): Promise<void> {
      await deleteUnlessGone(() => definition.remove(contextOnUse(), id, props), `the deletion of ${definition.type} ${id}`);
    },
  });
  const secret = definition.secretOutputs ?? [];
  const served = secret.length > 0 ? keepingSecret(secret, provider) : provider;

  async function importRead(importId: string): Promise<{ id: string; props: O; inputs: Record<string, unknown> } | undefined> {
    const spec = definition.importId;
    if ("notImported" in spec) throw new CodeArtsArgumentError(`${definition.type} cannot be imported: ${spec.notImported}`);
    const { id, props } = await spec.locate(contextOnUse(), importId).catch((error: unknown) => {
      if (!(error instanceof CodeArtsArgumentError)) throw error;
      throw new CodeArtsArgumentError(`The import id "${importId}" of a ${definition.type} must be ${spec.format}: ${error.message}.`);
    });
    const read = await served.read(id, props as O);
    if (read.props === undefined) return undefined;
    // What the service cannot say (a creation-time setting, a flag of this provider) is recorded
    // as its default, which the generated code leaves out: so that code plans no change.
    const outputs = { ...inputDefaults(definition.inputs), ...read.props } as O;
    return { id: read.id ?? id, props: outputs, inputs: declaredInputs(definition.inputs, outputs as Record<string, unknown>) };
  }
  return { ...definition, provider: { ...served, importRead } };
}

/**
 * The inputs a program would declare for these outputs: the inputs schema's fields the outputs
 * hold, less those equal to the field's default (so generated code says only what differs).
 */
export function declaredInputs(schema: z.ZodObject, outputs: Record<string, unknown>): Record<string, unknown> {
  const defaults = inputDefaults(schema);
  const inputs: Record<string, unknown> = {};
  for (const field of Object.keys(schema.shape)) {
    const value = outputs[field];
    if (value === undefined || value === null) continue;
    if (field in defaults && JSON.stringify(defaults[field]) === JSON.stringify(revealed({ value }).value)) continue;
    inputs[field] = value;
  }
  return inputs;
}

/** The value each input with a default takes when a program leaves it out. */
export function inputDefaults(schema: z.ZodObject): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(schema.shape)) {
    const byDefault = (rule as z.ZodType).safeParse(undefined);
    if (byDefault.success && byDefault.data !== undefined) defaults[field] = byDefault.data;
  }
  return defaults;
}
