/**
 * Routes of one branch through V4 (see wire/branch.ts for sources). The protection calls are in
 * protections.ts.
 */
import { route } from "../route-spec";
import { V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/branch";

export const branchRoutes = {
  /** SDK CreateBranch. The status is not in the pages we hold; 201, as for creations (the client accepts any 2xx). */
  createBranchV4: route({
    method: "POST",
    path: "/v4/repositories/{repository_id}/repository/branches",
    service: "repo",
    style: "bare",
    status: 201,
    body: wire.CreateBranchV4Body,
    result: wire.BranchV4,
    // A second create of a branch that exists is refused, so a lost answer needs a look-up.
    idempotent: false,
  }),
  /** SDK ShowBranch: one branch with its commit, protected and default flags (the SDK also lists an X-Total header). */
  showBranch: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/repository/branch",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.BranchNameQuery,
    result: wire.BranchV4,
    idempotent: true,
  }),
  /** SDK DeleteBranch; the page documents 204 with `{"status": "success"}`. */
  deleteBranchV4: route({
    method: "DELETE",
    path: "/v4/repositories/{repository_id}/repository/branch",
    service: "repo",
    style: "bare",
    status: 204,
    query: wire.BranchNameQuery,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
