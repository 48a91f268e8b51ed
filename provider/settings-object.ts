/**
 * The lifecycle of a settings object: an object that exists with its repository and is only shown
 * and updated (MergeRequestSettings, RepositoryPolicy). Both kinds share it, so it is written once:
 *
 * | operation | what happens |
 * |---|---|
 * | create | show (the coalesced read); record the live values of the fields the program sets (`valuesBefore`); update only when one differs |
 * | read   | show, coalesced: one read per repository per run; repository 404 → gone |
 * | update | set the fields the program sets; a field it stops setting gets its recorded value back; a field it starts setting is recorded first |
 * | delete | put back the recorded values, nothing else (never a default); a repository already gone is fine |
 *
 * Fields the program leaves out are the service's (or the repository's parent's): never sent,
 * never compared. Before a write, the repository's inherit-setting list is read, once per
 * repository per run for both kinds (the `inheritance` slot), because a repository that inherits
 * the setting from its project or group does not use its own values: the official sources do not
 * say whether the service refuses or ignores such a write, so the provider does not write and
 * says what the user can do. A run that writes nothing reads no inherit-setting at all.
 */
import { CodeArtsClient } from "../api/client";
import { CodeArtsOperationError } from "../api/errors";
import { INHERITING_MODES, InheritSetting } from "../wire/settings";
import { z } from "zod";
import { ChildImport, RepositoryReading, Skipped, refusal, repositoryIds } from "./importing";
import { ImportId, ResourceDescriptor, defineResource } from "./resource";
import type { DiffFields } from "./lifecycle";
import { deleteUnlessGone } from "./lifecycle";
import { ProviderContext, learnOnce, slot } from "./runtime";

/** Each repository's inherit-setting list, learned once per run and shared by every settings kind. */
const inheritance = slot(() => new Map<number, Promise<InheritSetting[]>>());

function inheritSettings(context: ProviderContext, repositoryId: number): Promise<InheritSetting[]> {
  return learnOnce(context.memo(inheritance), repositoryId, () => context.client.call("showRepositoryInheritSetting", { params: { repository_id: repositoryId } }));
}

/** The mode under which the repository inherits the setting `name`; undefined when it uses its own. */
async function inheritedMode(context: ProviderContext, repositoryId: number, name: string): Promise<string | undefined> {
  const mode = (await inheritSettings(context, repositoryId)).find((setting) => setting.name === name)?.inherit_mod ?? undefined;
  return mode && (INHERITING_MODES as readonly string[]).includes(mode) ? mode : undefined;
}

/** What a settings kind states: its words, its wire names, and its two calls. */
export interface SettingsObjectSpec<I extends SettingsInputs, Setting extends keyof I & string, Live> {
  /** "merge request settings": what the messages call the object. */
  what: string;
  /** The RepositoryInheritSettingDto `name` that governs the object. */
  inheritName: string;
  settings: readonly Setting[];
  show(client: CodeArtsClient, repositoryId: number): Promise<Live>;
  update(client: CodeArtsClient, repositoryId: number, body: Record<string, unknown>): Promise<Live>;
  /** A setting's live value in the program's words (undefined: the service says nothing). */
  programValue(setting: Setting, live: Live): unknown;
  /** The body fields that set `setting` to `value`. */
  wireFields(setting: Setting, value: unknown): Record<string, unknown>;
}

export interface SettingsInputs {
  repositoryId: number;
  repositoryUuid: string;
  adoptExisting: boolean;
}

/** The outputs: the inputs as read, and what the resource found before it set anything. */
export type SettingsOutputs<I, Setting extends keyof I> = I & { valuesBefore: Partial<Pick<I, Setting>> };

/**
 * A list the service keeps as one comma-separated string (work-item branches, branch creators),
 * as the program gives it: entries without commas, compared as a set (sorted, each once).
 */
export function commaFreeSet(rule: string) {
  return z.array(z.string().refine((entry) => entry.trim() !== "" && !entry.includes(","), rule)).transform(sortedSet);
}

/** The same list as the service's string holds it, in the program's form. */
export function setFromCommas(text: string): string[] {
  return sortedSet(text.split(","));
}

function sortedSet(entries: string[]): string[] {
  return [...new Set(entries.map((entry) => entry.trim()).filter((entry) => entry !== ""))].sort();
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function settingsObject<I extends SettingsInputs, Setting extends keyof I & string, Live>(spec: SettingsObjectSpec<I, Setting, Live>) {
  type O = SettingsOutputs<I, Setting>;
  const declared = (inputs: Partial<I>) => spec.settings.filter((setting) => inputs[setting] !== undefined);

  function toOutputs(inputs: I, live: Live, valuesBefore: Partial<Pick<I, Setting>>): O {
    const outputs: Record<string, unknown> = { ...(inputs as object), valuesBefore };
    for (const setting of declared(inputs)) {
      const value = spec.programValue(setting, live);
      // The engine carries outputs as a protobuf Struct, which cannot hold undefined.
      if (value === undefined) delete outputs[setting];
      else outputs[setting] = value;
    }
    return outputs as unknown as O;
  }

  function bodyOf(values: Partial<Record<Setting, unknown>>): Record<string, unknown> {
    return Object.assign({}, ...Object.entries(values).map(([setting, value]) => spec.wireFields(setting as Setting, value)));
  }

  /** The write, unless the repository inherits the setting: then a message saying what to do instead. */
  async function write(context: ProviderContext, repositoryId: number, values: Partial<Record<Setting, unknown>>): Promise<Live> {
    const mode = await inheritedMode(context, repositoryId, spec.inheritName);
    if (mode) {
      throw new CodeArtsOperationError(
        `Repository ${repositoryId} inherits its ${spec.what} from its project or group (inherit-setting "${spec.inheritName}": "${mode}"), ` +
          `so ${Object.keys(values).join(", ")} set on the repository would not be the setting in effect. Either set them on the project or group ` +
          `and leave them out of this program, or make the repository use its own ${spec.what} (inherit-setting "${spec.inheritName}" to "custom" ` +
          `in the repository's settings${mode === "force_inherit" ? `; "force_inherit" means the project or group must first allow it` : ""}).`,
        `the update of repository ${repositoryId}'s ${spec.what}`,
      );
    }
    return spec.update(context.client, repositoryId, bodyOf(values));
  }

  /** The program's values that differ from what is live (or recorded), by setting. */
  function differing(inputs: I, current: Partial<Record<Setting, unknown>>): Partial<Record<Setting, unknown>> {
    return Object.fromEntries(declared(inputs).filter((setting) => !sameValue(current[setting], inputs[setting])).map((setting) => [setting, inputs[setting]])) as Partial<
      Record<Setting, unknown>
    >;
  }

  const liveValues = (live: Live, settings: readonly Setting[]) =>
    Object.fromEntries(settings.map((setting) => [setting, spec.programValue(setting, live)]).filter(([, value]) => value !== undefined)) as Partial<Pick<I, Setting>>;

  return {
    id: (outputs: { repositoryId: number }) => String(outputs.repositoryId),

    async create(context: ProviderContext, inputs: I): Promise<{ id: string; outs: O }> {
      const live = await spec.show(context.client, inputs.repositoryId);
      const valuesBefore = liveValues(live, declared(inputs));
      const changes = differing(inputs, valuesBefore);
      const answer = Object.keys(changes).length === 0 ? live : await write(context, inputs.repositoryId, changes);
      return { id: String(inputs.repositoryId), outs: toOutputs(inputs, answer, valuesBefore) };
    },

    async read(context: ProviderContext, props: O): Promise<O> {
      return toOutputs(props, await spec.show(context.client, props.repositoryId), props.valuesBefore ?? {});
    },

    async update(context: ProviderContext, olds: O, news: I): Promise<O> {
      let valuesBefore = { ...(olds.valuesBefore ?? {}) } as Partial<Pick<I, Setting>>;
      // A setting the program starts to set is recorded first, so that a delete can put it back.
      const starting = declared(news).filter((setting) => !(setting in valuesBefore));
      let live: Live | undefined;
      if (starting.length > 0) {
        live = await spec.show(context.client, news.repositoryId);
        valuesBefore = { ...valuesBefore, ...liveValues(live, starting) };
      }
      // A setting the program stops setting gets back the value the resource found.
      const released = spec.settings.filter((setting) => news[setting] === undefined && olds[setting] !== undefined && setting in valuesBefore);
      const restore = Object.fromEntries(released.map((setting) => [setting, valuesBefore[setting]]));
      for (const setting of released) delete valuesBefore[setting];
      const changes = { ...restore, ...differing(news, { ...(olds as Partial<Record<Setting, unknown>>), ...(live ? liveValues(live, starting) : {}) }) };
      // Nothing differs: the live values are the program's, and the state says so without a call.
      if (Object.keys(changes).length === 0) return { ...news, valuesBefore } as O;
      return toOutputs(news, await write(context, news.repositoryId, changes), valuesBefore);
    },

    async remove(context: ProviderContext, props: O): Promise<void> {
      const recorded = (props.valuesBefore ?? {}) as Partial<Record<Setting, unknown>>;
      const changed = Object.fromEntries(Object.entries(recorded).filter(([setting, value]) => !sameValue(props[setting as Setting], value))) as Partial<Record<Setting, unknown>>;
      if (Object.keys(changed).length === 0) return;
      await deleteUnlessGone(async () => {
        // A repository that inherits the setting now does not use its own values: nothing to put back in effect.
        if (await inheritedMode(context, props.repositoryId, spec.inheritName)) return;
        await write(context, props.repositoryId, changed);
      });
    },
  };
}

/** A settings object as `codeartsrepo import` declares it: every field the service shows, in the program's words. */
export interface ImportedSettings<Setting extends string> {
  settings: Partial<Record<Setting, unknown>>;
}

/**
 * How `codeartsrepo import` declares a repository's settings object: with every live value, so
 * that the generated program states the whole policy (a platform team governs all of it), which
 * the provider then takes over with the one read and no write.
 */
export function settingsImporter<F extends string, Setting extends string, Live>(spec: {
  field: F;
  order: number;
  /** What the progress line and a skip call it: "merge request settings". */
  name: string;
  /** The resource name is `<repository>-settings-<slug of this>`: "merge requests". */
  base: string;
  inputs: z.ZodType;
  read(repository: RepositoryReading): Promise<Live>;
  settings: readonly Setting[];
  programValue(setting: Setting, live: Live): unknown;
}): ChildImport<F, ImportedSettings<Setting>> {
  return {
    field: spec.field,
    order: spec.order,
    count: [spec.name, spec.name],
    async read(repository) {
      const live = await spec.read(repository);
      const settings = Object.fromEntries(spec.settings.map((name) => [name, spec.programValue(name, live)]).filter(([, value]) => value !== undefined));
      const why = refusal(spec.inputs, { repositoryId: repository.id, repositoryUuid: repository.uuid, ...settings });
      const skipped: Skipped[] = why ? [{ what: spec.name, why }] : [];
      return { items: why ? [] : [{ settings }], skipped };
    },
    name: { prefix: "settings", base: () => spec.base },
    declare: (item) => ({ fields: { ...item.settings } }),
    managedId: (_item, repository) => String(repository.id),
  };
}

/** `pulumi import` of a settings object: the repository names it (its id or uuid). */
export function settingsImportId<O extends { repositoryId: number }>(): ImportId<O> {
  return {
    format: "<repository>",
    of: (outputs) => String(outputs.repositoryId),
    async locate({ client }, importId) {
      const repository = await repositoryIds(client, importId);
      return { id: String(repository.repositoryId), props: { ...repository, valuesBefore: {} } as unknown as Partial<O> };
    },
  };
}

/**
 * A settings kind's descriptor: its lifecycle above, its import (every live value), its import id
 * (the repository), and a report with no list, since a repository has exactly one such object.
 */
export function defineSettingsResource<K extends string, S extends z.ZodObject, Setting extends keyof z.output<S> & string, Live, F extends string>(definition: {
  kind: K;
  type: string;
  /** What reports and the import's progress line call it: "repository policy". */
  label: string;
  inputs: S;
  spec: SettingsObjectSpec<z.output<S> & SettingsInputs, Setting, Live>;
  importer: { field: F; order: number; base: string };
}): ResourceDescriptor<K, z.output<S>, SettingsOutputs<z.output<S>, Setting>, ChildImport<F, ImportedSettings<Setting>>> {
  type I = z.output<S> & SettingsInputs;
  type O = SettingsOutputs<I, Setting>;
  const { spec } = definition;
  const lifecycle = settingsObject<I, Setting, Live>(spec);
  const fields: DiffFields<I> = { replace: ["repositoryId", "repositoryUuid"], update: [...spec.settings, "adoptExisting"] };
  const importer = settingsImporter({
    ...definition.importer,
    name: definition.label,
    inputs: definition.inputs,
    read: (repository) => repository.once(definition.kind, () => spec.show(repository.client, repository.id)),
    settings: spec.settings,
    programValue: spec.programValue,
  });
  return defineResource({
    kind: definition.kind,
    type: definition.type,
    inputs: definition.inputs,
    fields: fields as DiffFields<z.output<S>>,
    report: { label: definition.label, key: [] },
    importer,
    id: (outputs: O) => lifecycle.id(outputs),
    create: (context, inputs) => lifecycle.create(context, inputs as I),
    read: (context, _id, props) => lifecycle.read(context, props),
    update: (context, _id, olds, news) => lifecycle.update(context, olds, news as I),
    importId: settingsImportId<O>(),
    remove: (context, _id, props) => lifecycle.remove(context, props),
  }) as unknown as ResourceDescriptor<K, z.output<S>, SettingsOutputs<z.output<S>, Setting>, ChildImport<F, ImportedSettings<Setting>>>;
}

