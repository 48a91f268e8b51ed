/**
 * Wire schemas of the repository-member calls: the V4 list (v4 digest §5.2) and the v1 calls
 * (§4.4.1–§4.4.4, v4 digest §5.3–§5.7). Field names are the service's.
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** Repository roles as the v1 member calls number them (§4.4.2, §4.4.3; digest §5.7). */
export const MemberRoleCode = { reader: 20, developer: 30, maintainer: 40 } as const;
const RoleCode = z.union([z.literal(20), z.literal(30), z.literal(40)]);

/** The IAM user id an add takes: 4–32 characters (§4.4.2 RepoMemberInfo.id). */
export const MEMBER_USER_ID_MIN = 4;
export const MEMBER_USER_ID_MAX = 32;

/** GET /v1/repositories/{repository_uuid}/members query (§4.4.1). The doc gives no maximum page size. */
export const MemberListQuery = z.object({
  page_index: z.coerce.number().int().min(1).optional(),
  page_size: z.coerce.number().int().min(1).max(100).optional(),
  subject: z.string().optional(),
});

/** RepositoryMember (§4.4.1). `role` is documented as 30/40, but adds accept 20 too. */
export const RepositoryMember = z.object({
  user_id: z.string(),
  name: optionalNullable(z.string()),
  role: z.number().int(),
  domain_id: optionalNullable(z.string()),
  domain_name: optionalNullable(z.string()),
  email: optionalNullable(z.string()),
  description: optionalNullable(z.string()),
  enabled: optionalNullable(z.string()),
});
export type RepositoryMember = z.infer<typeof RepositoryMember>;

export const RepositoryMemberList = z.object({ total: z.number().int(), users: z.array(RepositoryMember) });
export type RepositoryMemberList = z.infer<typeof RepositoryMemberList>;

/** POST /v1/repositories/{repository_uuid}/members body (§4.4.2). */
export const AddMembersBody = z.object({
  users: z
    .array(
      z.object({
        id: z.string().min(MEMBER_USER_ID_MIN).max(MEMBER_USER_ID_MAX),
        name: z.string().min(1),
        role: RoleCode,
        domain_id: z.string().min(8).max(32).optional(),
        domain_name: z.string().optional(),
      }),
    )
    .min(1),
});
export type AddMembersBody = z.infer<typeof AddMembersBody>;

/** CreateRepoMemberResult (§4.4.2). */
export const AddMemberOutcome = z.object({
  id: optionalNullable(z.string()),
  name: optionalNullable(z.string()),
  message: optionalNullable(z.string()),
  status: optionalNullable(z.string()),
});
export type AddMemberOutcome = z.infer<typeof AddMemberOutcome>;

/** The schema says an array of outcomes; the example shows one object (digest Q9): accept both. */
export const AddMembersResult = z.union([z.array(AddMemberOutcome), AddMemberOutcome]);

/** PUT /v1/repositories/{repository_uuid}/members/{member_id} body (§4.4.3); the example sends "40", so strings are read too. */
export const SetMemberRoleBody = z.object({ role: z.coerce.number().pipe(RoleCode) });

/** The `{}` result of the role change and delete calls. */
export const EmptyResult = z.union([z.object({}).loose(), z.literal(""), z.null()]);

/**
 * GET /v4/repositories/{repository_id}/members query (v4 digest §5.2). No maximum `limit` is
 * documented for it; 100 is the maximum the events list documents (digest Q11), as for webhooks.
 */
export const MemberListV4Query = z.object({
  search: z.string().optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  permission: z.enum(["repository", "code", "member", "branch", "tag", "mr", "label"]).optional(),
  action: z.string().optional(),
});

/**
 * RepositoryMemberDto (v4 digest §5.2), key for key as the SDK's model spells them (note
 * `is_Project_admin` and `repository_role_Id`). `repository_role_Id` is a string whose values are
 * not documented (digest Q7): it is not the v1 role code.
 */
export const RepositoryMemberV4 = z.object({
  /** The numeric user id, the v1 list's `user_id` (a string there). */
  user_id: z.number().int(),
  user_iam_id: optionalNullable(z.string()),
  user_name: optionalNullable(z.string()),
  user_nick_name: optionalNullable(z.string()),
  tenant_name: optionalNullable(z.string()),
  tenant_id: optionalNullable(z.string()),
  is_repo_creator: optionalNullable(z.number().int()),
  is_group_creator: optionalNullable(z.number().int()),
  is_Project_admin: optionalNullable(z.number().int()),
  project_role_name: optionalNullable(z.string()),
  repository_role_name: optionalNullable(z.string()),
  repository_role_Id: optionalNullable(z.string()),
  /** Set when the membership comes from a member group (its name). */
  member_source: optionalNullable(z.string()),
  /** Set when the membership comes from a parent repository group (its name). */
  member_group_source: optionalNullable(z.string()),
  member_source_id: optionalNullable(z.string()),
  service_license_status: optionalNullable(z.number().int()),
  action_enabled: optionalNullable(z.boolean()),
});
export type RepositoryMemberV4 = z.infer<typeof RepositoryMemberV4>;
