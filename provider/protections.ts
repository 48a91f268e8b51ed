/**
 * What ProtectedBranch and ProtectedTag share: their inputs' access-level vocabulary, their ids,
 * finding one rule (in a repository's V4 protection list, or by name), and the action a level is
 * written as.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError, CodeArtsOperationError } from "../api/errors";
import { apiClient, configure, defineProvider, providerContext } from "./runtime";
import { changedFields, checkInputs } from "./validation";
import { DiffFields, deleteUnlessGone, fieldDiff, unlessGone } from "./lifecycle";
import { ACCESS_LEVEL_NAMES, AccessLevelName, AccessReading, RepositoryRoles, needsLearnedRoles, readAccess, repositoryRoles, roleIdsFor } from "./protection-roles";
import { createWithoutDuplicates } from "./recovery";
import { RouteName, routes } from "../api/routes";
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

/** For read: the live rule, or undefined when it or its repository is gone; other errors are thrown. */
export async function liveProtectionRule(
  list: "listProtectedBranches" | "listProtectedTags",
  repositoryId: number,
  name: string,
): Promise<ProtectionRuleV4 | undefined> {
  return unlessGone(() => findProtectionRule(apiClient(), list, repositoryId, name));
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
      call(kind.update),
    );
  }
}

/** "METHOD path" of a route, for an error's "where". */
function call(name: RouteName): string {
  return `${routes[name].method} ${routes[name].path}`;
}

/**
 * Create: learn the roles (a missing role fails before any write), look for a rule of that name,
 * then refuse it, adopt it (writing the levels if they differ) or create the rule.
 */
export async function createProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, inputs: I): Promise<void> {
  const context = providerContext();
  const { client } = context;
  const name = kind.nameOf(inputs);
  const roles = await repositoryRoles(context, inputs.repositoryId);
  const actions = actionsFor(kind, inputs, roles);
  const existing = await showProtectionRule(client, kind.show, inputs.repositoryId, name);
  if (existing) {
    const readings = readingsOf(kind, existing, roles);
    if (!inputs.adoptExisting) {
      throw new CodeArtsOperationError(
        `The ${kind.noun} "${name}" of repository ${inputs.repositoryId} ${kind.noun === "tags" ? "are" : "is"} already protected (${describe(readings)}). ` +
          `Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).`,
        call(kind.show),
      );
    }
    if (kind.actions.some(({ field }) => readings[field] !== inputs[field])) await writeLevels(client, kind, inputs, roles);
    return;
  }
  // No rule of that name just now, so one found after a lost answer is this create's; a rule
  // someone else makes in between would be adopted (a rule, not code: a destroy lifts it).
  try {
    await createWithoutDuplicates<unknown>({
      create: () => client.call(kind.create, { params: { repository_id: inputs.repositoryId }, body: { names: [name], actions } as never }),
      findExisting: () => showProtectionRule(client, kind.show, inputs.repositoryId, name),
    });
  } catch (error) {
    if (error instanceof CodeArtsApiError && (error.httpStatus === 400 || error.httpStatus === 404)) {
      throw new CodeArtsOperationError(`Cannot protect ${kind.noun} "${name}" of repository ${inputs.repositoryId}: ${kind.createNeeds}. (${error.message})`, call(kind.create));
    }
    throw error;
  }
}

/** Read: the rule from the coalesced list, its actions in this provider's words; gone → no id. */
export async function readProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, id: string, props: I): Promise<pulumi.dynamic.ReadResult> {
  const rule = await liveProtectionRule(kind.list, props.repositoryId, kind.nameOf(props));
  if (!rule) return {};
  const roles = rule.actions?.some(needsLearnedRoles) ? await repositoryRoles(providerContext(), props.repositoryId) : undefined;
  return { id, props: { ...props, ...readingsOf(kind, rule, roles) } };
}

/** Update: only a change of level calls the service. */
export async function updateProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, olds: I, news: I): Promise<void> {
  if (changedFields(olds, news, kind.actions.map(({ field }) => field)).length === 0) return;
  const context = providerContext();
  await writeLevels(context.client, kind, news, await repositoryRoles(context, news.repositoryId));
}

export async function deleteProtection<I extends ProtectionInputs>(kind: ProtectionKind<I>, props: I): Promise<void> {
  const name = kind.nameOf(props);
  await deleteUnlessGone(
    () => apiClient().call(kind.remove, { params: { repository_id: props.repositoryId }, query: kind.query(name) as never }),
    call(kind.remove),
  );
}

/**
 * The whole dynamic provider of a protection resource. `O` is what state holds: the inputs, with
 * readings (`custom (…)`) where the inputs hold levels; the lifecycle compares them as strings.
 */
export function protectionProvider<S extends z.ZodObject, O>(
  kind: ProtectionKind<z.output<S> & ProtectionInputs>,
  schema: S,
  fields: DiffFields<z.output<S>>,
) {
  type I = z.output<S> & ProtectionInputs;
  const asInputs = (props: O) => props as unknown as I;
  return defineProvider({
    configure,

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
      return checkInputs(schema, news);
    },

    async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      return fieldDiff(asInputs(olds), news, fields);
    },

    async create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
      await createProtection(kind, inputs);
      return { id: protectionId(inputs.repositoryId, kind.nameOf(inputs)), outs: inputs as unknown as O };
    },

    async read(id: string, props: O): Promise<pulumi.dynamic.ReadResult<O>> {
      return readProtection(kind, id, asInputs(props)) as Promise<pulumi.dynamic.ReadResult<O>>;
    },

    async update(_id: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
      await updateProtection(kind, asInputs(olds), news);
      return { outs: news as unknown as O };
    },

    async delete(_id: string, props: O): Promise<void> {
      await deleteProtection(kind, asInputs(props));
    },
  });
}
