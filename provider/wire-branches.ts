/**
 * Wire schemas for branches, protected branches and protected tags, shared by the client and the
 * emulator. Sources: ../shared/seeds/004 §4.2.12, §4.2.25, §4.2.26, §4.2.28, §4.2.29, §4.2.30,
 * §4.10.1 and ../shared/api/v4-endpoints.md §2–§3 (V4 protected branches and tags).
 *
 * This file also holds the ONE place where an access level (0/30/40, the v2 calls' language) is
 * translated to and from a V4 protection action (`enable` + role whitelist, the V4 calls'
 * language). That translation is an assumption: the public docs do not say which role values V4
 * uses (v4 digest §10 Q5). The emulator answers with it and the provider reads with it, so they
 * agree with each other; whether the real service agrees is not confirmed.
 */
import { z } from "zod";

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

// ---------------------------------------------------------------------------------------------
// Access levels (§4.2.25: 0 nobody, 30 developers and maintainers, 40 maintainers only)
// ---------------------------------------------------------------------------------------------

export const AccessLevel = { noOne: 0, developers: 30, maintainers: 40 } as const;
export type AccessLevelName = keyof typeof AccessLevel;
export type AccessLevelValue = (typeof AccessLevel)[AccessLevelName];
export const ACCESS_LEVEL_NAMES = Object.keys(AccessLevel) as AccessLevelName[];

export const AccessLevelCode = z.union([z.literal(0), z.literal(30), z.literal(40)]);

export function accessLevelName(value: AccessLevelValue): AccessLevelName {
  return ACCESS_LEVEL_NAMES.find((name) => AccessLevel[name] === value)!;
}

/** "2022-03-08T03:14:39.000Z"-style commit of the v2 branch answers (CommitRepoV2, §4.2.25). */
export const CommitRepoV2 = z.object({
  id: z.string(),
  short_id: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  title: optionalNullable(z.string()),
  parent_ids: optionalNullable(z.array(z.string())),
  message: optionalNullable(z.string()),
  author_name: optionalNullable(z.string()),
  committer_name: optionalNullable(z.string()),
  committed_date: optionalNullable(z.string()),
});

/** AddProtectResponse (§4.2.25, also the result of the create-branch call §4.10.1). */
export const AddProtectResponse = z.object({
  name: z.string(),
  commit: optionalNullable(CommitRepoV2),
  protected: optionalNullable(z.boolean()),
  developers_can_push: optionalNullable(z.boolean()),
  developers_can_merge: optionalNullable(z.boolean()),
  master_can_push: optionalNullable(z.boolean()),
  master_can_merge: optionalNullable(z.boolean()),
  no_one_can_push: optionalNullable(z.boolean()),
  no_one_can_merge: optionalNullable(z.boolean()),
  in_an_opened_merge_request: optionalNullable(z.boolean()),
});
export type AddProtectResponse = z.infer<typeof AddProtectResponse>;

/** A v2 delete's `result`: a string such as "1034531" (§4.2.26, §4.2.29). */
export const DeleteResultString = z.string().nullable().optional();

// ---------------------------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------------------------

/**
 * What git refuses in a ref name (git-check-ref-format), the parts a typo trips over: spaces and
 * control characters, ~ ^ : ? * [ \, "..", "@{", "//", a leading "/", "-" or ".", a trailing
 * "/" or ".", and a ".lock" suffix. Protected-tag patterns may also use "*".
 */
const REF_NAME_FORBIDDEN = /[\x00-\x20\x7f~^:?[\\]|\.\.|@\{|\/\/|^[/.-]|[/.]$|\.lock$/;

export function isValidRefName(name: string, options: { wildcards: boolean } = { wildcards: false }): boolean {
  return name.length > 0 && !REF_NAME_FORBIDDEN.test(name) && (options.wildcards || !name.includes("*"));
}

/** POST /v2/repositories/{repository_id}/branches (§4.10.1); `ref` is the source branch. */
export const CreateBranchBody = z.object({ branch_name: z.string().min(1), ref: z.string().min(1) });

/** GET /v2/repositories/{repository_id}/branches query (§4.2.30): strings in the doc. */
export const BranchListV2Query = z.object({
  page: z.coerce.number().int().min(1).optional(),
  per_page: z.coerce.number().int().min(1).max(100).optional(),
  match: z.string().optional(),
});

export const BranchListV2 = z.object({
  total: z.number(),
  branches: z.array(
    z.object({
      name: z.string(),
      commit: optionalNullable(
        z.object({
          id: z.string(),
          short_id: optionalNullable(z.string()),
          title: optionalNullable(z.string()),
          message: optionalNullable(z.string()),
          committed_date: optionalNullable(z.string()),
          committer_name: optionalNullable(z.string()),
        }),
      ),
      diverging_commit_counts: optionalNullable(z.object({ ahead: z.number(), behind: z.number() })),
    }),
  ),
});

/** GET /v1/repositories/{repository_id}/branches (§4.2.12). */
export const BranchListV1 = z.object({
  total: z.number().int(),
  branches: z.array(z.object({ name: z.string(), is_protected: optionalNullable(z.boolean()) })),
});

// ---------------------------------------------------------------------------------------------
// Protected branches and tags
// ---------------------------------------------------------------------------------------------

/** PUT /v2/repositories/{repository_id}/branch/{branch_name}/protect body (§4.2.25). */
export const ProtectBranchBody = z.object({
  access_level: z.object({ push_access_level: AccessLevelCode, merge_access_level: AccessLevelCode }),
});
export type ProtectBranchBody = z.infer<typeof ProtectBranchBody>;

/** POST /v2/repositories/{repository_id}/protected-tags (§4.2.28): both fields optional in the doc. */
export const CreateProtectedTagBody = z.object({
  name: z.string().min(1).optional(),
  create_access_level: AccessLevelCode.optional(),
});

export const AddProtectTagResponse = z.object({
  name: z.string(),
  create_access_levels: optionalNullable(
    z.object({ access_level: optionalNullable(z.number().int()), access_level_description: optionalNullable(z.string()) }),
  ),
});

/** V4 list paging (v4 digest §2.1, §3): offset from 0; no documented maximum limit, we ask for 100. */
export const ProtectionListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  search: z.string().optional(),
});
export const PROTECTION_LIST_PAGE_SIZE = 100;

export const ProtectedTagQuery = z.object({ tag_name: z.string().min(1) });

/** A whitelisted role in a V4 action (RepositoryProtectedActionDto.roles, v4 digest §2.3). */
export const ProtectionRole = z.object({
  id: optionalNullable(z.number().int()),
  name: optionalNullable(z.string()),
  related_role_id: optionalNullable(z.string()),
  chinese_name: optionalNullable(z.string()),
});
export type ProtectionRole = z.infer<typeof ProtectionRole>;

/** V4 Action (v4 digest §2.3), shared by protected branches (push, merge) and tags (create). */
export const ProtectionActionV4 = z.object({
  action: z.string(),
  enable: optionalNullable(z.boolean()),
  users: optionalNullable(z.array(z.object({ id: optionalNullable(z.number().int()), username: optionalNullable(z.string()) }))),
  user_teams: optionalNullable(z.array(z.object({ id: optionalNullable(z.number().int()), name: optionalNullable(z.string()) }))),
  roles: optionalNullable(z.array(ProtectionRole)),
});
export type ProtectionActionV4 = z.infer<typeof ProtectionActionV4>;

/** ProtectedBranch / ProtectedTag of the V4 lists: `{id, name, actions}`. */
export const ProtectionRuleV4 = z.object({
  id: optionalNullable(z.number().int()),
  name: z.string(),
  actions: optionalNullable(z.array(ProtectionActionV4)),
});
export type ProtectionRuleV4 = z.infer<typeof ProtectionRuleV4>;

/** A V4 request action (TagAction / BranchAction without switchers, v4 digest §2.2, §3). */
export const ProtectionActionBody = z.object({
  action: z.string(),
  enable: z.boolean().optional(),
  user_ids: z.array(z.number().int()).optional(),
  user_team_ids: z.array(z.number().int()).optional(),
  related_role_ids: z.array(z.string()).optional(),
});
export type ProtectionActionBody = z.infer<typeof ProtectionActionBody>;

// ---------------------------------------------------------------------------------------------
// Access level ↔ V4 action: an ASSUMPTION (v4 digest §10 Q5). Used by the emulator to answer and
// by the provider to read and write; change it here and both follow.
//
// - A level lists the roles allowed to act: 40 → the maintainer role; 30 → developer and
//   maintainer roles; 0 → no role. The action is always `enable: true` (restricted).
// - Roles are recognised by `related_role_id` "30"/"40" (our guess at the undocumented values,
//   chosen to match the v2 levels) or by a name starting with "developer" / "maintainer" /
//   "master" (the v2 tag answer pairs 40 with "Maintainers", §4.2.28).
// - Reading `enable: false`, or an action missing from the rule, means "not restricted":
//   anyone who can write may act, which is the developers level.
// - User and member-group whitelists have no level equivalent; they are ignored on read.
// ---------------------------------------------------------------------------------------------

const ROLES: Record<30 | 40, { id: number; name: string; related_role_id: string; chinese_name: string }> = {
  30: { id: 30, name: "Developers", related_role_id: "30", chinese_name: "开发者" },
  40: { id: 40, name: "Maintainers", related_role_id: "40", chinese_name: "管理员" },
};

function rolesAllowedAt(level: AccessLevelValue): (30 | 40)[] {
  if (level === AccessLevel.noOne) return [];
  return level === AccessLevel.developers ? [30, 40] : [40];
}

function roleLevel(role: { related_role_id?: string | null; name?: string | null }): 30 | 40 | undefined {
  if (role.related_role_id === ROLES[30].related_role_id) return 30;
  if (role.related_role_id === ROLES[40].related_role_id) return 40;
  const name = (role.name ?? "").toLowerCase();
  if (name.startsWith("developer")) return 30;
  if (name.startsWith("maintainer") || name.startsWith("master")) return 40;
  return undefined;
}

function levelOfRoles(enabled: boolean, roleLevels: (30 | 40 | undefined)[]): AccessLevelValue {
  if (!enabled) return AccessLevel.developers;
  if (roleLevels.includes(30)) return AccessLevel.developers;
  if (roleLevels.includes(40)) return AccessLevel.maintainers;
  return AccessLevel.noOne;
}

/** The V4 answer for an action restricted to a level (the emulator's side). */
export function protectionActionFor(action: string, level: AccessLevelValue): ProtectionActionV4 {
  return { action, enable: true, users: [], user_teams: [], roles: rolesAllowedAt(level).map((role) => ({ ...ROLES[role] })) };
}

/** The level an action of a V4 answer expresses (the provider's side). */
export function levelOfAction(rule: ProtectionRuleV4, action: string): AccessLevelValue {
  const found = rule.actions?.find((candidate) => candidate.action === action);
  if (!found) return AccessLevel.developers;
  return levelOfRoles(found.enable !== false, (found.roles ?? []).map(roleLevel));
}

/** The V4 request action that restricts to a level (the provider's side, for V4 updates). */
export function protectionActionBodyFor(action: string, level: AccessLevelValue): ProtectionActionBody {
  return { action, enable: true, user_ids: [], user_team_ids: [], related_role_ids: rolesAllowedAt(level).map((role) => ROLES[role].related_role_id) };
}

/** The level a V4 request action asks for (the emulator's side, for V4 updates). */
export function levelOfActionBody(body: ProtectionActionBody): AccessLevelValue {
  return levelOfRoles(body.enable !== false, (body.related_role_ids ?? []).map((id) => roleLevel({ related_role_id: id })));
}
