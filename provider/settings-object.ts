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
