/**
 * Wire schemas of the V4 protected-branch and protected-tag calls and of the repository's role
 * list, shared by the client and the emulator. Sources: v4 digest §2 (branches) and §3 (tags), and
 * the official SDK's models: RepositoryProtectedBranchBodyDto, ProtectedBranchProtectedActionBodyDto,
 * ProtectedActionSwitcher, RepositoryProtectedTagBodyDto, RepositoryProtectedTagActionBodyDto,
 * RepositoryProtectedBranchDto / RepositoryProtectedTagDto, RepositoryProtectedActionDto,
 * BasicRoleDto, RepositoryUserDto, UserTeamBasicDto, DeleteProtectedBranchResponse /
 * DeleteProtectedTagResponse, ListRepositoryResourcePermissions(Request) and ResponsePermissionInfo.
 *
 * Nothing here gives role ids a meaning: they are free strings ("关联角色ID", no enumeration
 * anywhere). What a role is, is learned from the service by name (provider/protection-roles.ts).
 */
import { z } from "zod";

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** V4 list paging (v4 digest §2.1, §3): offset from 0, limit 1–100 (documented default 20). */
export const ProtectionListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  search: z.string().optional(),
});
export const PROTECTION_LIST_PAGE_SIZE = 100;

/** Show, update and delete address one rule by its name (or wildcard) in the query. */
export const ProtectedBranchNameQuery = z.object({ branch_name: z.string().min(1) });
export const ProtectedTagNameQuery = z.object({ tag_name: z.string().min(1) });

// ---------------------------------------------------------------------------------------------
// Answers: a rule is `{id, name, actions}`; an action names who is whitelisted (digest §2.3)
// ---------------------------------------------------------------------------------------------

/** BasicRoleDto: `related_role_id` is the role id the requests' `related_role_ids` carry. */
export const ProtectionRole = z.object({
  id: optionalNullable(z.number().int()),
  name: optionalNullable(z.string()),
  related_role_id: optionalNullable(z.string()),
  chinese_name: optionalNullable(z.string()),
});
export type ProtectionRole = z.infer<typeof ProtectionRole>;

/** RepositoryUserDto. */
export const ProtectionUser = z.object({
  id: optionalNullable(z.number().int()),
  name: optionalNullable(z.string()),
  username: optionalNullable(z.string()),
  state: optionalNullable(z.string()),
  avatar_url: optionalNullable(z.string()),
  nick_name: optionalNullable(z.string()),
  tenant_name: optionalNullable(z.string()),
});

/** UserTeamBasicDto: a member group. */
export const ProtectionUserTeam = z.object({ id: optionalNullable(z.number().int()), name: optionalNullable(z.string()) });

/** RepositoryProtectedActionDto, shared by branches (push, merge) and tags (create). No switchers: force push is never reported. */
export const ProtectionActionV4 = z.object({
  action: z.string(),
  enable: optionalNullable(z.boolean()),
  users: optionalNullable(z.array(ProtectionUser)),
  user_teams: optionalNullable(z.array(ProtectionUserTeam)),
  roles: optionalNullable(z.array(ProtectionRole)),
});
export type ProtectionActionV4 = z.infer<typeof ProtectionActionV4>;

/** RepositoryProtectedBranchDto / RepositoryProtectedTagDto (also the show and update answers). */
export const ProtectionRuleV4 = z.object({
  id: optionalNullable(z.number().int()),
  name: z.string(),
  actions: optionalNullable(z.array(ProtectionActionV4)),
});
export type ProtectionRuleV4 = z.infer<typeof ProtectionRuleV4>;

/**
 * DeleteProtectedBranchResponse / DeleteProtectedTagResponse: `{status: "success" | "fail"}`,
 * documented with status 204 — which carries no body over HTTP, so an empty answer is success too.
 */
export const ProtectionDeleteResult = z.object({ status: z.enum(["success", "fail"]) }).optional();

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** ProtectedActionSwitcher: `allowed_force_push` is the only documented switch. */
export const ProtectionSwitcher = z.object({ name: z.enum(["allowed_force_push"]), enable: z.boolean() });

/** Who an action still lets act when it is on: shared by protections and file push permissions. */
export const whitelist = {
  /** true turns the restriction on ("开启规则限制"); the lists say who is still allowed. */
  enable: z.boolean().optional(),
  user_ids: z.array(z.number().int()).optional(),
  user_team_ids: z.array(z.number().int()).optional(),
  related_role_ids: z.array(z.string()).optional(),
};

/** ProtectedBranchProtectedActionBodyDto. `action` is "required inside an action" (push or merge). */
export const BranchActionBody = z.object({
  action: z.enum(["push", "merge"]),
  ...whitelist,
  addition_switchers: z.array(ProtectionSwitcher).optional(),
});
export type BranchActionBody = z.infer<typeof BranchActionBody>;

/** RepositoryProtectedTagActionBodyDto: the same without switchers; `create` is the only action. */
export const TagActionBody = z.object({ action: z.enum(["create"]), ...whitelist });
export type TagActionBody = z.infer<typeof TagActionBody>;

/** RepositoryProtectedBranchBodyDto: each name must match at least one existing branch. */
export const CreateProtectedBranchesBody = z.object({ names: z.array(z.string().min(1)).min(1), actions: z.array(BranchActionBody).optional() });

/** RepositoryProtectedTagBodyDto: each name must match at least one existing tag. */
export const CreateProtectedTagsBody = z.object({ names: z.array(z.string().min(1)).min(1), actions: z.array(TagActionBody).optional() });

// ---------------------------------------------------------------------------------------------
// The repository's roles: GET /v4/repository/{repository_id}/permissions/{resource_name}
// ---------------------------------------------------------------------------------------------

/** ListRepositoryResourcePermissionsRequest.resource_name: the documented values. */
export const PERMISSION_RESOURCES = ["repository", "code", "member", "branch", "tag", "mr", "label"] as const;
export type PermissionResource = (typeof PERMISSION_RESOURCES)[number];

export const PermissionListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** ResponsePermissionInfo: one role of the repository's permission matrix. */
export const RolePermissions = z.object({
  role_id: optionalNullable(z.string()),
  role_name: optionalNullable(z.string()),
  role_name_cn: optionalNullable(z.string()),
  resource_permissions: optionalNullable(z.record(z.string(), z.unknown())),
});
export type RolePermissions = z.infer<typeof RolePermissions>;
