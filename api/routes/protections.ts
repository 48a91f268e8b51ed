/**
 * Routes for protected branches and tags (V4, v4 digest §2–§3) and for the repository's roles they
 * whitelist (ListRepositoryResourcePermissions). The v2 protection calls (§4.2.25, §4.2.26,
 * §4.2.28, §4.2.29) are deprecated in favour of these and are not used.
 */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/protections";

/** The V4 protection lists: raw arrays, read by every rule of a repository in one refresh. */
function protectionList<const P extends string>(path: P) {
  return route({
    method: "GET",
    path,
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.ProtectionListQuery,
    result: z.array(wire.ProtectionRuleV4),
    idempotent: true,
    coalesce: true,
    // The V4 protection lists declare no total: a short page is the last.
    paging: { by: "offset", total: "none", pageSize: wire.PROTECTION_LIST_PAGE_SIZE },
  });
}

/** Show, update and delete of one rule, named in the query (`branch_name` or `tag_name`). */
function oneRule<const P extends string, Q extends z.ZodType, B extends z.ZodType>(path: P, query: Q, action: B, list: ProtectionList) {
  const changes = [list] as const;
  return {
    show: route({ method: "GET", path, service: "repo", style: "bare", status: 200, query, result: wire.ProtectionRuleV4, idempotent: true }),
    /** The body is a raw array of actions; the ones it lists replace the rule's. */
    update: route({
      method: "PUT",
      path,
      service: "repo",
      style: "bare",
      status: 200,
      query,
      body: z.array(action).min(1),
      result: wire.ProtectionRuleV4,
      idempotent: true,
      changes,
    }),
    /** Documented 204 with `{status}` (see ProtectionDeleteResult). */
    remove: route({ method: "DELETE", path, service: "repo", style: "bare", status: 204, query, result: wire.ProtectionDeleteResult, idempotent: true, changes }),
  };
}

/**
 * Batch create: a raw array of the rules made. A repeated create of a name that now exists is not
 * documented as harmless, so a lost answer needs a look-up (createWithoutDuplicates).
 */
function createRules<const P extends string, B extends z.ZodType>(path: P, body: B, list: ProtectionList) {
  return route({ method: "POST", path, service: "repo", style: "bare", status: 200, body, result: z.array(wire.ProtectionRuleV4), idempotent: false, changes: [list] });
}

/** A rule write changes its own kind's list only. */
type ProtectionList = "listProtectedBranches" | "listProtectedTags";

const branch = oneRule("/v4/repositories/{repository_id}/protected-branch", wire.ProtectedBranchNameQuery, wire.BranchActionBody, "listProtectedBranches");
const tag = oneRule("/v4/repositories/{repository_id}/protected-tag", wire.ProtectedTagNameQuery, wire.TagActionBody, "listProtectedTags");

export const protectionRoutes = {
  /** v4 digest §2.1 ListProtectedBranches. */
  listProtectedBranches: protectionList("/v4/repositories/{repository_id}/protected-branches"),
  /** BatchCreateProtectedBranch. */
  createProtectedBranches: createRules("/v4/repositories/{repository_id}/protected-branches", wire.CreateProtectedBranchesBody, "listProtectedBranches"),
  /** ShowProtectedBranch: 404 when no rule has that name. */
  showProtectedBranch: branch.show,
  /** UpdateProtectedBranch. */
  updateProtectedBranch: branch.update,
  /** DeleteProtectedBranch. */
  deleteProtectedBranch: branch.remove,
  /** v4 digest §3 ListProtectedTags. */
  listProtectedTags: protectionList("/v4/repositories/{repository_id}/protected-tags"),
  /** BatchCreateProtectedTags. */
  createProtectedTags: createRules("/v4/repositories/{repository_id}/protected-tags", wire.CreateProtectedTagsBody, "listProtectedTags"),
  /** ShowProtectedTag. */
  showProtectedTag: tag.show,
  /** UpdateProtectedTag. */
  updateProtectedTag: tag.update,
  /** DeleteProtectedTag. */
  deleteProtectedTag: tag.remove,
  /**
   * ListRepositoryResourcePermissions (note `repository`, singular): the repository's roles with
   * their ids, one entry per role, whatever the resource. Limit 1–100, documented default 20.
   */
  listRepositoryRoles: route({
    method: "GET",
    path: "/v4/repository/{repository_id}/permissions/{resource_name}",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.PermissionListQuery,
    result: z.array(wire.RolePermissions),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "none", pageSize: 100 },
  }),
} as const;
