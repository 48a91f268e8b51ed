/**
 * Who may push, merge or create tags, in this provider's words (access levels), translated to and
 * from the V4 protection actions, whose role whitelists hold undocumented role ids.
 *
 * The ids are never guessed: the repository's roles are learned from the service
 * (`GET /v4/repository/{id}/permissions/repository`, one call per repository per run) and matched
 * by NAME to the roles of the CodeArts Repo user guide. The levels keep the meaning the v2 calls
 * documented (§4.2.25, §4.2.28: "30: developers, committers, the project manager and the
 * administrator"; "40: the project manager and administrator"):
 *
 * | level | roles whitelisted (`enable: true`, no users, no member groups) |
 * |---|---|
 * | noOne | none |
 * | maintainers | Project manager, Administrator (the repository administrator) |
 * | developers | Project manager, Administrator, Committer, Developer |
 *
 * Reading: an action whose whitelist is exactly one of these (by the role names the rule carries)
 * reads as that level. Anything else —
 * users or member groups in the whitelist, other roles (Viewer, Tester, a custom role), a partial
 * set, or a restriction turned off (`enable: false`) — reads as `custom (…)`, saying who is
 * allowed, so a refresh shows the drift instead of a wrong level. Writing always sends the learned
 * ids; if the repository lacks a role a level needs, the write fails naming the roles it has.
 *
 * The role ids a rule lists (`roles[].related_role_id`) are compared with the learned `role_id`s;
 * that they are the same ids is what the field names say (关联角色ID), not what a document states.
 */
import { describeCall } from "../api/routes";
import { CodeArtsClient } from "../api/client";
import { ProviderContext, learnOnce, slot } from "./runtime";
import { CodeArtsOperationError } from "../api/errors";
import { ProtectionActionV4 } from "../wire/protections";

export const ACCESS_LEVEL_NAMES = ["noOne", "developers", "maintainers"] as const;
export type AccessLevelName = (typeof ACCESS_LEVEL_NAMES)[number];
/** What a read reports: a level, or `custom (…)` with who is allowed. */
export type AccessReading = AccessLevelName | `custom (${string})`;

/** The user guide's roles a level can name, with the English and Chinese names the service may use. */
const GUIDE_ROLES = {
  projectManager: { label: "Project manager", names: ["project manager", "项目经理"] },
  administrator: { label: "Administrator", names: ["administrator", "repository administrator", "repository admin", "仓库管理员", "管理员"] },
  committer: { label: "Committer", names: ["committer"] },
  developer: { label: "Developer", names: ["developer", "开发人员", "开发者"] },
} as const;
type GuideRole = keyof typeof GUIDE_ROLES;

const LEVEL_ROLES: Record<AccessLevelName, GuideRole[]> = {
  noOne: [],
  maintainers: ["projectManager", "administrator"],
  developers: ["projectManager", "administrator", "committer", "developer"],
};

/** The roles one repository has, as the service listed them. */
export interface RepositoryRoles {
  repositoryId: number;
  roles: { id: string; name: string }[];
}

/** The permission resource whose matrix lists the roles: every resource lists the same roles. */
const ROLE_RESOURCE = "repository";

/** Each repository's roles, learned once per context, by repository id. */
export const learnedRoles = slot(() => new Map<number, Promise<RepositoryRoles>>());

/** Once per context (one per run) and repository: N rules in one repository cost one call. */
export function repositoryRoles(context: Pick<ProviderContext, "client" | "memo">, repositoryId: number): Promise<RepositoryRoles> {
  return learnOnce(context.memo(learnedRoles), repositoryId, () => listRoles(context.client, repositoryId));
}

/** The roles as the service lists them now, not learned: for a caller outside a provider run. */
export async function listRoles(client: CodeArtsClient, repositoryId: number): Promise<RepositoryRoles> {
  const roles = await client.paginate("listRepositoryRoles", { params: { repository_id: repositoryId, resource_name: ROLE_RESOURCE } });
  return {
    repositoryId,
    roles: roles.flatMap((role) => (role.role_id ? [{ id: role.role_id, name: role.role_name ?? role.role_name_cn ?? role.role_id }] : [])),
  };
}

function guideRoleOf(role: { name?: string | null; chinese_name?: string | null }): GuideRole | undefined {
  const names = [role.name, role.chinese_name].filter((n): n is string => !!n).map((n) => n.trim().toLowerCase());
  return (Object.keys(GUIDE_ROLES) as GuideRole[]).find((key) => GUIDE_ROLES[key].names.some((known) => names.includes(known)));
}

/** The learned ids of the roles a level whitelists; fails, naming the roles found, if one is missing. */
export function roleIdsFor(level: AccessLevelName, roles: RepositoryRoles, field: string): string[] {
  return LEVEL_ROLES[level].map((wanted) => {
    const found = roles.roles.find((role) => guideRoleOf({ name: role.name }) === wanted);
    if (found) return found.id;
    const listed = roles.roles.map((role) => `"${role.name}"`).join(", ") || "none";
    throw new CodeArtsOperationError(
      `${field} "${level}" whitelists the role "${GUIDE_ROLES[wanted].label}", but repository ${roles.repositoryId} has no role of that name ` +
        `(the service lists: ${listed}). Choose another level, or set this protection in the console.`,
      describeCall("listRepositoryRoles", { repository_id: roles.repositoryId, resource_name: ROLE_RESOURCE }),
    );
  });
}

/**
 * Whether reading this action needs the repository's learned roles: only when the rule names a
 * whitelisted role by id alone. A rule normally carries each role's name (BasicRoleDto), so a
 * refresh reads levels with no role-list call.
 */
export function needsLearnedRoles(action: ProtectionActionV4 | undefined): boolean {
  return (action?.roles ?? []).some((role) => !role.name && !role.chinese_name);
}

/** What one action of a V4 rule allows, in this provider's words; `roles` names roles the rule gives by id only. */
export function readAccess(action: ProtectionActionV4 | undefined, roles?: RepositoryRoles): AccessReading {
  if (!action || action.enable !== true) return "custom (not restricted: whoever may write to the repository)";
  const names = (action.roles ?? []).map(
    (role) => role.name || role.chinese_name || roles?.roles.find((known) => known.id === role.related_role_id)?.name || undefined,
  );
  const users = action.users ?? [];
  const teams = action.user_teams ?? [];
  const guide = names.map((name) => guideRoleOf({ name }));
  if (users.length === 0 && teams.length === 0 && guide.every((role) => role !== undefined)) {
    const level = ACCESS_LEVEL_NAMES.find((candidate) => sameSet([...new Set(guide)] as GuideRole[], LEVEL_ROLES[candidate]));
    if (level) return level;
  }
  const roleNames = names.map((name, i) => name ?? action.roles![i].related_role_id ?? "?");
  const parts = [
    roleNames.length > 0 ? `roles: ${roleNames.join(", ")}` : undefined,
    users.length > 0 ? `users: ${users.map((user) => user.username ?? user.name ?? String(user.id)).join(", ")}` : undefined,
    teams.length > 0 ? `member groups: ${teams.map((team) => team.name ?? String(team.id)).join(", ")}` : undefined,
  ].filter((part) => part !== undefined);
  return `custom (${parts.length > 0 ? parts.join("; ") : "no one"})`;
}

function sameSet<T>(a: T[], b: readonly T[]): boolean {
  return a.length === b.length && b.every((item) => a.includes(item));
}
