/**
 * Routes the emulator serves that the provider never calls: the console's calls tests use to put
 * content in place (commits, branches) and to look at what the provider did (branch and
 * repository lists). They are real CodeArts Repo calls, held against the official SDK like the
 * provider's (tests/conformance), but kept out of the provider's table so that it lists only what
 * the provider depends on.
 */
import { route } from "../api/route-spec";
import { Routes, repositoryList, routes } from "../api/routes";
import * as branchWire from "../wire/branches";
import * as activityWire from "../wire/activity";
import * as wire from "../wire";
import { z } from "zod";
import type { CodeArtsClient } from "../api/client";

export const emulatorOnlyRoutes = {
  /** §4.3.1: every repository the user can see, across projects. */
  listUserRepositories: repositoryList("/v2/projects/repositories"),
  /** §4.10.1. A branch name is unique in a repository, so a retry cannot make a second one. */
  createBranch: route({
    method: "POST",
    path: "/v2/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    body: branchWire.CreateBranchBody,
    result: branchWire.AddProtectResponse,
    idempotent: true,
  }),
  /** §4.2.30 */
  listBranches: route({
    method: "GET",
    path: "/v2/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    query: branchWire.BranchListV2Query,
    result: branchWire.BranchListV2,
    idempotent: true,
  }),
  /** §4.2.12: names with `is_protected`. */
  listBranchesV1: route({
    method: "GET",
    path: "/v1/repositories/{repository_id}/branches",
    service: "repo",
    style: "envelope",
    status: 200,
    result: branchWire.BranchListV1,
    idempotent: true,
  }),
  /** §4.5.2. Not idempotent: a retry would make a second commit. */
  createCommit: route({
    method: "POST",
    path: "/v2/projects/{repo_id}/repository/commits",
    service: "repo",
    style: "envelope",
    status: 200,
    body: activityWire.CreateCommitBody,
    result: activityWire.CommitV2,
    idempotent: false,
  }),
  /**
   * ListTenantRepositories (V4): the tenant's repositories with their lock state, which tests read
   * after a Repository with `onDestroy: "lock"` is destroyed. A raw array with X-Total.
   */
  listTenantRepositories: route({
    method: "GET",
    path: "/v4/tenant/repositories",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.TenantRepositoryListQuery,
    result: z.array(wire.TenantRepository),
    idempotent: true,
    paging: { by: "offset", total: "header", pageSize: 100 },
  }),
} as const;

/** Every route the emulator answers: the provider's and its own. */
// Typed by name, so the shipped declarations refer to the two tables instead of spelling out
// every route of both again (over 100 kB of .d.ts).
export const emulatorRoutes: Routes & typeof emulatorOnlyRoutes = { ...routes, ...emulatorOnlyRoutes };
export type EmulatorRoutes = typeof emulatorRoutes;
export type EmulatorRouteName = keyof EmulatorRoutes;
/** A client that can also make the emulator-only calls (tests' "console"). */
export type ConsoleClient = CodeArtsClient<EmulatorRoutes>;
