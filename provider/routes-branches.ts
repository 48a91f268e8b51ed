/** Routes for branches, protected branches and protected tags (see wire-branches.ts for sources). */
import { z } from "zod";
import { route } from "./route-spec";
import * as wire from "./wire-branches";

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
  });
}

export const branchesRoutes = {
  /** §4.10.1. A branch name is unique in a repository, so a retry cannot make a second one. */
  createBranch: route({
    method: "POST",
    path: "/v2/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.CreateBranchBody,
    result: wire.AddProtectResponse,
    idempotent: true,
  }),
  /** §4.2.30 */
  listBranches: route({
    method: "GET",
    path: "/v2/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    query: wire.BranchListV2Query,
    result: wire.BranchListV2,
    idempotent: true,
  }),
  /** §4.2.12: names with `is_protected`. */
  listBranchesV1: route({
    method: "GET",
    path: "/v1/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.BranchListV1,
    idempotent: true,
  }),
  /** §4.2.25: creates the rule, or changes the levels of an existing one. */
  protectBranch: route({
    method: "PUT",
    path: "/v2/repositories/{repository_id}/branch/{branch_name}/protect",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.ProtectBranchBody,
    result: wire.AddProtectResponse,
    idempotent: true,
  }),
  /** §4.2.26 (the URI's hyphen, not the example's underscore: v4 digest §10 Q4). */
  unprotectBranch: route({
    method: "DELETE",
    path: "/v2/repositories/{repository_id}/protected-branches/{branch_name}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.DeleteResultString,
    idempotent: true,
  }),
  /** v4 digest §2.1 ListProtectedBranches. */
  listProtectedBranches: protectionList("/v4/repositories/{repository_id}/protected-branches"),
  /** §4.2.28. The rule name is unique in a repository, so a retry cannot make a second one. */
  createProtectedTag: route({
    method: "POST",
    path: "/v2/repositories/{repository_id}/protected-tags",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.CreateProtectedTagBody,
    result: wire.AddProtectTagResponse,
    // A repeated create of a protection that now exists is refused: a lost answer needs a look-up.
    idempotent: false,
  }),
  /** v4 digest §3 ListProtectedTags. */
  listProtectedTags: protectionList("/v4/repositories/{repository_id}/protected-tags"),
  /** v4 digest §3 UpdateProtectedTag: the body is a raw array of actions. */
  updateProtectedTag: route({
    method: "PUT",
    path: "/v4/repositories/{repository_id}/protected-tag",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.ProtectedTagQuery,
    body: z.array(wire.ProtectionActionBody).min(1),
    result: wire.ProtectionRuleV4,
    idempotent: true,
  }),
  /** §4.2.29 */
  deleteProtectedTag: route({
    method: "DELETE",
    path: "/v2/repositories/{repository_id}/protected-tags/{name}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.DeleteResultString,
    idempotent: true,
  }),
} as const;
