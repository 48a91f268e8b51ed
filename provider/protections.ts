/**
 * What ProtectedBranch and ProtectedTag share: their inputs' access-level vocabulary, their ids,
 * finding one rule (in a repository's V4 protection list, or by name), and the action a level is
 * written as.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError, CodeArtsOperationError } from "../api/errors";
import type { ProviderContext } from "./runtime";
import { changedFields } from "./validation";
import { DiffFields, deleteUnlessGone, fieldDiff, unlessGone } from "./lifecycle";
import { ACCESS_LEVEL_NAMES, AccessLevelName, AccessReading, RepositoryRoles, listRoles, needsLearnedRoles, readAccess, repositoryRoles, roleIdsFor } from "./protection-roles";
import { createOnce } from "./recovery";
import { describeCall } from "../api/routes";
import { Importing, ChildImport, locateInRepository, refusal } from "./importing";
import { ReportSpec, defineResource, unmanagedIn } from "./resource";
import { ProtectionRuleV4 } from "../wire/protections";

/** "noOne" | "developers" | "maintainers": who may act (see protection-roles.ts for the roles each names). */
export const AccessLevelInput = z.enum(ACCESS_LEVEL_NAMES, {
  message: `must be one of ${ACCESS_LEVEL_NAMES.map((name) => `"${name}"`).join(", ")}`,
});

/** A rule's resource id: the repository's integer id and the rule name (":" cannot occur in a ref name). */
export function protectionId(repositoryId: number, name: string): string {
  return `${repositoryId}:${name}`;
}

/**
 * The rule with exactly this name, read from the repository's V4 list. The list route coalesces,
 * so a refresh of many rules in one repository costs one call per page, not one per rule.
 */
export function findProtectionRule(
  client: CodeArtsClient,
  list: "listProtectedBranches" | "listProtectedTags",
  repositoryId: number,
  name: string,
): Promise<ProtectionRuleV4 | undefined> {
  return client.find(list, { params: { repository_id: repositoryId } }, (rule) => rule.name === name);
}

/** The rule with exactly this name through the show call; undefined when the service answers 404. */
export async function showProtectionRule(
  client: CodeArtsClient,
  show: "showProtectedBranch" | "showProtectedTag",
  repositoryId: number,
  name: string,
): Promise<ProtectionRuleV4 | undefined> {
  const query = show === "showProtectedBranch" ? { branch_name: name } : { tag_name: name };
  return unlessGone(() => client.call(show, { params: { repository_id: repositoryId }, query: query as never }));
}

/** The V4 request action that whitelists exactly the roles of a level (and no users or groups). */
export function levelAction<A extends string>(action: A, level: AccessLevelName, roles: RepositoryRoles, field: string) {
  return { action, enable: true, user_ids: [], user_team_ids: [], related_role_ids: roleIdsFor(level, roles, field) };
}

// ---------------------------------------------------------------------------------------------
// The lifecycle both resources share: one rule, a few actions, each written as a level.
// ---------------------------------------------------------------------------------------------

/** The inputs both resources have; the access fields are named by their ProtectionKind. */
export interface ProtectionInputs {
  repositoryId: number;
  adoptExisting: boolean;
}

/** How one resource maps onto the V4 calls. */
export interface ProtectionKind<I extends ProtectionInputs> {
  /** "branch" or "tags", for messages. */
  noun: string;
  nameOf(inputs: I): string;
  /** The input that names the rule (`branch`, `tag`): what an import id's last part fills. */
  nameField: "branch" | "tag";
  /** Each input field and the V4 action it is written as. */
  actions: readonly { field: keyof I & string; action: string }[];
  list: "listProtectedBranches" | "listProtectedTags";
  show: "showProtectedBranch" | "showProtectedTag";
  create: "createProtectedBranches" | "createProtectedTags";
  update: "updateProtectedBranch" | "updateProtectedTag";
  remove: "deleteProtectedBranch" | "deleteProtectedTag";
  /** The query naming one rule. */
  query(name: string): Record<string, string>;
  /** The documented precondition of a create ("each name must match at least one …"). */
  createNeeds: string;
}

type Readings<I> = Record<keyof I & string, AccessReading>;

function actionsFor<I extends ProtectionInputs>(kind: ProtectionKind<I>, inputs: I, roles: RepositoryRoles) {
  return kind.actions.map(({ field, action }) => levelAction(action, inputs[field] as AccessLevelName, roles, field));
}

function readingsOf<I extends ProtectionInputs>(kind: ProtectionKind<I>, rule: ProtectionRuleV4, roles?: RepositoryRoles): Readings<I> {
  const found = (action: string) => rule.actions?.find((candidate) => candidate.action === action);
  return Object.fromEntries(kind.actions.map(({ field, action }) => [field, readAccess(found(action), roles)])) as Readings<I>;
}

function describe(readings: Record<string, AccessReading>): string {
  return Object.entries(readings)
    .map(([field, reading]) => `${field}: ${reading}`)
    .join(", ");
}

/** PUT the levels, and check the answer shows them: a whitelist the service rewrote must not pass silently. */
async function writeLevels<I extends ProtectionInputs>(client: CodeArtsClient, kind: ProtectionKind<I>, inputs: I, roles: RepositoryRoles): Promise<void> {
  const name = kind.nameOf(inputs);
  const answer = await client.call(kind.update, {
    params: { repository_id: inputs.repositoryId },
    query: kind.query(name) as never,
    body: actionsFor(kind, inputs, roles) as never,
  });
  const now = readingsOf(kind, answer, roles);
  const off = kind.actions.filter(({ field }) => now[field] !== inputs[field]);
  if (off.length > 0) {
    throw new CodeArtsOperationError(
      `The protection of ${kind.noun} "${name}" of repository ${inputs.repositoryId} was updated, but the service now reports ` +
        `${describe(now)}; wanted ${off.map(({ field }) => `${field}: ${String(inputs[field])}`).join(", ")}.`,
      describeCall(kind.update, { repository_id: inputs.repositoryId }),
    );
  }
}

/**
 * Create: learn the roles (a missing role fails before any write), look for a rule of that name,
 * then refuse it, adopt it (writing the levels if they differ) or create the rule. A rule someone
 * else makes between the look and the create would be adopted after a lost answer: a rule, not
 * code, and a destroy lifts it.
 */
async function createProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, context: ProviderContext, inputs: I): Promise<void> {
  const { client } = context;
  const name = kind.nameOf(inputs);
  const roles = await repositoryRoles(context, inputs.repositoryId);
  const actions = actionsFor(kind, inputs, roles);
  await createOnce<ProtectionRuleV4, unknown>({
    find: () => showProtectionRule(client, kind.show, inputs.repositoryId, name),
    adoptExisting: inputs.adoptExisting,
    conflict: (existing) =>
      `The ${kind.noun} "${name}" of repository ${inputs.repositoryId} ${kind.noun === "tags" ? "are" : "is"} already protected (${describe(readingsOf(kind, existing, roles))}). ` +
      `Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).`,
    adopt: async (existing) => {
      const readings = readingsOf(kind, existing, roles);
      if (kind.actions.some(({ field }) => readings[field] !== inputs[field])) await writeLevels(client, kind, inputs, roles);
    },
    create: async () => {
      try {
        return await client.call(kind.create, { params: { repository_id: inputs.repositoryId }, body: { names: [name], actions } as never });
      } catch (error) {
        if (error instanceof CodeArtsApiError && (error.httpStatus === 400 || error.httpStatus === 404)) {
          throw new CodeArtsOperationError(
            `Cannot protect ${kind.noun} "${name}" of repository ${inputs.repositoryId}: ${kind.createNeeds}. (${error.message})`,
            describeCall(kind.create, { repository_id: inputs.repositoryId }),
          );
        }
        throw error;
      }
    },
    recovered: (found) => found,
    routes: { find: kind.show, create: kind.create, params: { repository_id: inputs.repositoryId } },
  });
}

/** The delete call, shared by the resource's delete and `codeartsrepo prune`. */
function deleteRule<I extends ProtectionInputs>(client: CodeArtsClient, kind: ProtectionKind<I>, repositoryId: number, name: string) {
  return client.call(kind.remove, { params: { repository_id: repositoryId }, query: kind.query(name) as never });
}

/** Read: the rule from the coalesced list, its actions in this provider's words; gone → undefined. */
async function readProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, context: ProviderContext, props: I): Promise<I | undefined> {
  const rule = await findProtectionRule(context.client, kind.list, props.repositoryId, kind.nameOf(props));
  if (!rule) return undefined;
  const roles = rule.actions?.some(needsLearnedRoles) ? await repositoryRoles(context, props.repositoryId) : undefined;
  return { ...props, ...readingsOf(kind, rule, roles) };
}

/**
 * A protection resource's descriptor. `O` is what state holds: the inputs, with readings
 * (`custom (…)`) where the inputs hold levels; the lifecycle compares them as strings.
 */
export function protectionResource<K extends string, S extends z.ZodObject, O extends object, M extends Importing>(
  kind: ProtectionKind<z.output<S> & ProtectionInputs>,
  descriptor: { kind: K; type: string; inputs: S; fields: DiffFields<z.output<S>>; report: ReportSpec; importer: M },
) {
  type I = z.output<S> & ProtectionInputs;
  const asInputs = (props: O) => props as unknown as I;
  return defineResource<K, S, O, never, never, M>({
    ...descriptor,
    id: (outputs) => protectionId(asInputs(outputs).repositoryId, kind.nameOf(asInputs(outputs))),
    diff: (olds, news) => fieldDiff(asInputs(olds), news, descriptor.fields),
    async create(context, inputs) {
      await createProtection(kind, context, inputs as I);
      return { id: protectionId((inputs as I).repositoryId, kind.nameOf(inputs as I)), outs: inputs as unknown as O };
    },
    read: async (context, _id, props) => (await readProtection(kind, context, asInputs(props))) as O | undefined,
    async update(context, _id, olds, news) {
      // Only a change of level calls the service.
      if (changedFields(asInputs(olds), news as I, kind.actions.map(({ field }) => field)).length > 0) {
        await writeLevels(context.client, kind, news as I, await repositoryRoles(context, (news as I).repositoryId));
      }
      return news as unknown as O;
    },
    importId: {
      format: `<repository>/<${kind.nameField} name>`,
      of: (outputs) => `${asInputs(outputs).repositoryId}/${kind.nameOf(asInputs(outputs))}`,
      async locate({ client }, importId) {
        const { rest: name, ...repository } = await locateInRepository(client, importId);
        return { id: protectionId(repository.repositoryId, name), props: { ...repository, [kind.nameField]: name } as unknown as Partial<O> };
      },
    },
    remove: ({ client }, _id, props) => deleteRule(client, kind, asInputs(props).repositoryId, kind.nameOf(asInputs(props))),
  });
}

/** Why a whitelist reads `custom (…)`: what each level would have been. */
export const CUSTOM_ACCESS_NOTE =
  "no access level names this whitelist: noOne is an empty one; maintainers is exactly the roles Project manager and Administrator; " +
  "developers is those and Committer and Developer (roles named by the rule, or by the repository's role list), with no users or member groups";

function customNotes(readings: Record<string, AccessReading>): Record<string, string> | undefined {
  const custom = Object.keys(readings).filter((field) => readings[field].startsWith("custom ("));
  return custom.length > 0 ? Object.fromEntries(custom.map((field) => [field, CUSTOM_ACCESS_NOTE])) : undefined;
}

/**
 * The unmanaged rules of a repository, each access in the program's words (a level, or `custom (…)`
 * saying who): the default branch's rule is the service's own.
 */
export function unmanagedRules<I extends ProtectionInputs>(kind: ProtectionKind<I>) {
  const key = kind.nameField;
  return unmanagedIn(kind.list, {
    declaredId: (outputs) => String(outputs[key]),
    liveId: (rule) => rule.name,
    madeByService: (rule, repository) => key === "branch" && rule.name === repository.defaultBranch,
    // The SDK's inherit-setting names: protected_branches, protected_tags.
    inheritedWith: kind.list === "listProtectedBranches" ? "protected_branches" : "protected_tags",
    describe: (rule) => {
      const readings = readingsOf(kind, rule);
      return { name: rule.name, properties: { [key]: rule.name }, fields: readings, notes: customNotes(readings) };
    },
    // A V4 delete may answer `{status: "fail"}` with success's status: deleteUnlessGone makes that an error.
    remove: (client, rule, { repositoryId }) => deleteUnlessGone(() => deleteRule(client, kind, repositoryId, rule.name), `the deletion of protected ${kind.noun} "${rule.name}"`),
  });
}

/** A changed access that reads `custom (…)` says why no level names it. */
export function accessInProgramWords(field: string, live: Record<string, unknown>): { value: unknown; note?: string } | undefined {
  const value = live[field];
  return typeof value === "string" && value.startsWith("custom (") ? { value, note: CUSTOM_ACCESS_NOTE } : undefined;
}

/**
 * `codeartsrepo import` of a repository's rules of one kind, sorted by name: each with its levels,
 * or left out when a level reads `custom (…)` (no level says it) or the provider would refuse it.
 * The roles are listed only when a rule names a role by id alone, once for both kinds.
 */
export function importedRules<F extends string, T extends object>(
  kind: ProtectionKind<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  inputs: z.ZodType,
  spec: { field: F; order: number; count: readonly [string, string]; key: "branch" | "tag" },
): ChildImport<F, T> {
  const fieldsOf = (item: Record<string, unknown>) => ({
    [spec.key]: item[spec.key],
    ...Object.fromEntries(kind.actions.map(({ field }) => [field, item[field]])),
  });
  return {
    field: spec.field,
    order: spec.order,
    count: spec.count,
    async read(repository) {
      const rules = await repository.list(kind.list);
      const roles = rules.some((rule) => rule.actions?.some(needsLearnedRoles))
        ? await repository.once("listRepositoryRoles", () => listRoles(repository.client, repository.id))
        : undefined;
      const items: T[] = [];
      const skipped = [];
      for (const rule of [...rules].sort((a, b) => a.name.localeCompare(b.name))) {
        const readings: Record<string, AccessReading> = readingsOf(kind, rule, roles);
        const custom = Object.entries(readings)
          .filter(([, value]) => value.startsWith("custom"))
          .map(([field, value]) => `${field} is ${value}`);
        const item = { [spec.key]: rule.name, ...readings };
        const why =
          custom.length > 0
            ? `${custom.join("; ")}: no access level ("noOne", "developers", "maintainers") says that`
            : refusal(inputs, { repositoryId: repository.id, repositoryUuid: repository.uuid, ...item });
        if (why) skipped.push({ what: `protected ${kind.noun} "${rule.name}"`, why });
        else items.push(item as T);
      }
      return { items, skipped };
    },
    name: { prefix: kind.noun, base: (item) => String((item as Record<string, unknown>)[spec.key]) },
    declare: (item) => ({ fields: fieldsOf(item as Record<string, unknown>) }),
    managedId: (item, repository) => protectionId(repository.id, String((item as Record<string, unknown>)[spec.key])),
    importId: (item, repository) => `${repository.id}/${String((item as Record<string, unknown>)[spec.key])}`,
  };
}

