/** Routes for branches (see wire-branches.ts for sources); protections are in routes-protections.ts. */
import { route } from "../route-spec";
import * as wire from "../../wire/branches";

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
} as const;
