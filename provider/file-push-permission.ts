/**
 * FilePushPermission: who may push changes to the files a path or wildcard matches (CODEOWNERS, CI
 * configuration), one rule of a repository's file push permissions (V4).
 *
 * | operation | API |
 * |---|---|
 * | roles  | GET /v4/repository/{id}/permissions/repository (once per repository per run, shared with the protections; see protection-roles.ts) |
 * | create | GET /v4/repositories/{id}/file-push-permissions (a rule for that path: adopt, or refuse saying how), then POST /v4/repositories/{id}/file-push-permissions `{path, actions: [push]}` |
 * | adopt  | the list above; PUT /v4/repositories/{id}/file-push-permissions `{permissions: [this rule]}` only if its level differs |
 * | read   | GET /v4/repositories/{id}/file-push-permissions, coalesced, paged by offset/limit 100 (no total: a short page is the last); matched by id; absent or repository 404 → gone |
 * | update | PUT /v4/repositories/{id}/file-push-permissions `{permissions: [{id, path, actions: [push]}]}`: just this rule, the path too; the answer must show the new level |
 * | delete | POST /v4/repositories/{id}/file-push-permissions/batch-delete `{ids: [id]}` (404 → already gone) |
 *
 * Who may push is an access level, written and read as ProtectedBranch's `pushAccess` is
 * (protection-roles.ts): role whitelists with role ids learned from the service, and a whitelist
 * no level describes (users, member groups, other roles, the restriction off) read as `custom (…)`.
 * `pushUsers` adds users (numeric ids, `user_ids`) to the roles; left out, any user the console
 * whitelists makes the reading `custom (…)`, so widened access is never hidden. The SDK documents
 * "push" as the only action. It says nothing of whether a path is unique in a
 * repository; one rule per path is what this resource assumes, and the look before create keeps.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsArgumentError, CodeArtsOperationError } from "../api/errors";
import { describeCall } from "../api/routes";
import { FILE_PUSH_ACTION, FilePushPermission } from "../wire/file-push-permissions";
import { DiffFields, deleteUnlessGone } from "./lifecycle";
import { ChildImport, Skipped, locateInRepository, refusal } from "./importing";
import { AccessLevelInput, CUSTOM_ACCESS_NOTE, accessInProgramWords, levelAction } from "./protections";
import { AccessLevelName, AccessReading, RepositoryRoles, listRoles, needsLearnedRoles, readAccess, repositoryRoles } from "./protection-roles";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity, UserIds } from "./validation";

// A named shape, so that the shipped declarations keep each field's doc comment.
const FilePushPermissionShape = {
  ...RepositoryIdentity,
  /** The files the rule covers: a path (`CODEOWNERS`, `.ci/`) or a wildcard (`*.yml`). Changed in place. */
  path: z.string().refine((path) => path.trim() !== "", "must not be empty"),
  /** Who may push changes to those files: "noOne", "developers" (and maintainers) or "maintainers". Changed in place. */
  pushAccess: AccessLevelInput,
  /** Users who may push too, by numeric user id (a Member's `memberId`), compared as a set. Left out: no user besides the level's roles. */
  pushUsers: UserIds.optional(),
  /** If the repository already has a rule for this path, manage it (and apply this level) instead of failing. Deleting the resource deletes the rule. */
  adoptExisting: z.boolean().default(false),
};
export const FilePushPermissionInputs: z.ZodObject<typeof FilePushPermissionShape> = z.object(FilePushPermissionShape);
export type FilePushPermissionInputs = z.output<typeof FilePushPermissionInputs>;

/** As read back: the level, or `custom (…)` for a whitelist no level describes. */
export type FilePushPermissionOutputs = Omit<FilePushPermissionInputs, "pushAccess"> & {
  /** Who may push, as the service reports it. */
  pushAccess: AccessReading;
  /** The service's id of the rule. */
  permissionId: number;
};

const FIELDS: DiffFields<FilePushPermissionInputs> = {
  replace: ["repositoryId", "repositoryUuid"],
  update: ["path", "pushAccess", "pushUsers", "adoptExisting"],
};

/** Who a rule lets push: the level its roles make, and its users as a set when they are read apart. */
interface PushReading {
  pushAccess: AccessReading;
  pushUsers?: number[];
}

/**
 * A rule's push action in this provider's words (`roles` names roles the rule gives by id only).
 * With `usersApart` (the program declares `pushUsers`) the users are read as a list beside the
 * level; otherwise a user makes the level `custom (…)`.
 */
function pushReading(rule: FilePushPermission, roles?: RepositoryRoles, usersApart = false): PushReading {
  const push = rule.actions?.find((action) => action.action === FILE_PUSH_ACTION);
  if (!usersApart || !push) return { pushAccess: readAccess(push, roles), ...(usersApart && { pushUsers: [] }) };
  const pushUsers = [...new Set((push.users ?? []).flatMap((user) => (typeof user.id === "number" ? [user.id] : [])))].sort((a, b) => a - b);
  return { pushAccess: readAccess({ ...push, users: [] }, roles), pushUsers };
}

/** The roles a reading needs only when the rule names a role by id alone (normally never). */
async function readingOf(context: Pick<ProviderContext, "client" | "memo">, state: FilePushPermissionInputs, rule: FilePushPermission): Promise<PushReading> {
  const roles = rule.actions?.some(needsLearnedRoles) ? await repositoryRoles(context, state.repositoryId) : undefined;
  return pushReading(rule, roles, state.pushUsers !== undefined);
}

function toOutputs(state: FilePushPermissionInputs, rule: FilePushPermission, reading: PushReading): FilePushPermissionOutputs {
  return { ...state, path: rule.path, ...reading, permissionId: rule.id };
}

/** The reading is what the program asks for. */
function asAsked(reading: PushReading, inputs: FilePushPermissionInputs): boolean {
  return reading.pushAccess === inputs.pushAccess && JSON.stringify(reading.pushUsers) === JSON.stringify(inputs.pushUsers);
}

/** The push action that writes the program's level and users. */
function pushAction(inputs: FilePushPermissionInputs, roles: RepositoryRoles) {
  return { ...levelAction(FILE_PUSH_ACTION, inputs.pushAccess, roles, "pushAccess"), user_ids: inputs.pushUsers ?? [] };
}

function findRule(client: CodeArtsClient, repositoryId: number, matches: (rule: FilePushPermission) => boolean): Promise<FilePushPermission | undefined> {
  // No `search`: the list is walked once per repository per run and shared by every rule of it.
  return client.find("listFilePushPermissions", { params: { repository_id: repositoryId } }, matches);
}

/** PUT just this rule at the program's level (and path), and check the answer shows it. */
async function writeRule(context: ProviderContext, permissionId: number, inputs: FilePushPermissionInputs): Promise<FilePushPermissionOutputs> {
  const roles = await repositoryRoles(context, inputs.repositoryId);
  const answer = await context.client.call("updateFilePushPermissions", {
    params: { repository_id: inputs.repositoryId },
    body: { permissions: [{ id: permissionId, path: inputs.path, actions: [pushAction(inputs, roles)] }] },
  });
  const updated = answer.find((rule) => rule.id === permissionId);
  const reading = updated && pushReading(updated, roles, inputs.pushUsers !== undefined);
  if (!updated || !reading || !asAsked(reading, inputs)) {
    throw new CodeArtsOperationError(
      `The push permission of "${inputs.path}" in repository ${inputs.repositoryId} was updated, but the service now reports ` +
        `${reading ? JSON.stringify(reading) : "no such rule"}; wanted ${JSON.stringify({ pushAccess: inputs.pushAccess, pushUsers: inputs.pushUsers })}.`,
      describeCall("updateFilePushPermissions", { repository_id: inputs.repositoryId }),
    );
  }
  return toOutputs(inputs, updated, reading);
}

/** The delete call, shared by the resource's delete and `codeartsrepo prune`. */
function deleteRule(client: CodeArtsClient, repositoryId: number, permissionId: number) {
  return deleteUnlessGone(
    () => client.call("deleteFilePushPermissions", { params: { repository_id: repositoryId }, body: { ids: [permissionId] } }),
    `the deletion of file push permission ${permissionId}`,
  );
}

/** A rule as `codeartsrepo import` declares it. */
export interface ImportedFilePushPermission {
  permissionId: number;
  path: string;
  pushAccess: AccessLevelName;
  /** Present when the rule whitelists users. */
  pushUsers?: number[];
}

const importer: ChildImport<"filePushPermissions", ImportedFilePushPermission> = {
  field: "filePushPermissions",
  order: 72,
  count: ["file push permission", "file push permissions"],
  async read(repository) {
    const rules = await repository.list("listFilePushPermissions");
    const roles = rules.some((rule) => rule.actions?.some(needsLearnedRoles))
      ? await repository.once("listRepositoryRoles", () => listRoles(repository.client, repository.id))
      : undefined;
    const items: ImportedFilePushPermission[] = [];
    const skipped: Skipped[] = [];
    for (const rule of [...rules].sort((a, b) => a.path.localeCompare(b.path))) {
      const { pushAccess, pushUsers } = pushReading(rule, roles, true);
      const declared = { path: rule.path, pushAccess, ...(pushUsers && pushUsers.length > 0 && { pushUsers }) };
      const why = pushAccess.startsWith("custom (")
        ? `pushAccess is ${pushAccess}: no access level ("noOne", "developers", "maintainers") says that`
        : refusal(FilePushPermissionInputs, { repositoryId: repository.id, repositoryUuid: repository.uuid, ...declared });
      if (why) skipped.push({ what: `file push permission for "${rule.path}"`, why });
      else items.push({ permissionId: rule.id, ...declared, pushAccess: pushAccess as AccessLevelName });
    }
    return { items, skipped };
  },
  name: { prefix: "file-push", base: (item) => item.path },
  declare: (item) => ({ fields: { path: item.path, pushAccess: item.pushAccess, pushUsers: item.pushUsers } }),
  managedId: (item, repository) => `${repository.id}/${item.permissionId}`,
};

export const filePushPermission: ResourceDescriptor<"file-push-permission", FilePushPermissionInputs, FilePushPermissionOutputs, typeof importer> = defineResource({
  kind: "file-push-permission",
  type: "FilePushPermission",
  inputs: FilePushPermissionInputs,
  fields: FIELDS,
  report: {
    label: "file push permission",
    key: ["path"],
    unmanaged: unmanagedIn("listFilePushPermissions", {
      // A rule nobody declared can only restrict pushes: looked for where the program declares
      // rules (the refresh read that list), so a repository without any costs drift no call.
      onlyWhereDeclared: true,
      declaredId: (outputs) => String(outputs.permissionId),
      liveId: (listed) => String(listed.id),
      describe: (listed) => {
        const { pushAccess } = pushReading(listed);
        return {
          name: listed.path,
          properties: { path: listed.path },
          fields: { pushAccess },
          notes: pushAccess.startsWith("custom (") ? { pushAccess: CUSTOM_ACCESS_NOTE } : undefined,
        };
      },
      remove: (client, listed, { repositoryId }) => deleteRule(client, repositoryId, listed.id),
    }),
    liveInProgramWords: accessInProgramWords,
  },
  importer,
  id: (outputs: FilePushPermissionOutputs) => `${outputs.repositoryId}/${outputs.permissionId}`,

  // Looked up first because a lost answer is recovered by the path: a rule someone made before
  // would otherwise be taken for the one created, and a destroy would delete it.
  create: {
    find: ({ client }, inputs) => findRule(client, inputs.repositoryId, (listed) => listed.path === inputs.path),
    conflict: (inputs, existing: FilePushPermission) =>
      `Repository ${inputs.repositoryId} already has a file push permission for "${existing.path}" (id ${existing.id}, pushAccess: ${pushReading(existing).pushAccess}). ` +
      "Set adoptExisting: true to manage it with this program (it then gets the level given here), or pick another path.",
    async adopt(context, inputs, existing) {
      const reading = await readingOf(context, inputs, existing);
      return asAsked(reading, inputs) ? toOutputs(inputs, existing, reading) : writeRule(context, existing.id, inputs);
    },
    async call(context: ProviderContext, inputs: FilePushPermissionInputs) {
      // The roles first: a level the repository's roles cannot express fails before any write.
      const roles = await repositoryRoles(context, inputs.repositoryId);
      return context.client.call("createFilePushPermission", { params: { repository_id: inputs.repositoryId }, body: { path: inputs.path, actions: [pushAction(inputs, roles)] } });
    },
    recovered: (found) => found,
    created: (inputs, answer) => toOutputs(inputs, answer, pushReading(answer, undefined, inputs.pushUsers !== undefined)),
    routes: { find: "listFilePushPermissions", create: "createFilePushPermission", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read(context, _id, props) {
    const live = await findRule(context.client, props.repositoryId, (listed) => listed.id === props.permissionId);
    return live && toOutputs(props as FilePushPermissionInputs, live, await readingOf(context, props as FilePushPermissionInputs, live));
  },

  async update(context, _id, olds, news) {
    if (olds.path === news.path && asAsked(olds, news)) return { ...news, permissionId: olds.permissionId };
    return writeRule(context, olds.permissionId, news);
  },

  importId: {
    format: "<repository>/<permissionId>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.permissionId}`,
    async locate({ client }, importId) {
      const { rest, ...repository } = await locateInRepository(client, importId);
      if (!/^[1-9][0-9]*$/.test(rest)) throw new CodeArtsArgumentError(`"${rest}" is not a file push permission id (a whole number, as the rule's permissionId)`);
      const permissionId = Number(rest);
      const live = await findRule(client, repository.repositoryId, (listed) => listed.id === permissionId);
      return { id: `${repository.repositoryId}/${rest}`, props: { ...repository, path: live?.path ?? "", permissionId } };
    },
  },

  async remove({ client }, _id, props) {
    await deleteRule(client, props.repositoryId, props.permissionId);
  },
});

export const provider = filePushPermission.provider;
