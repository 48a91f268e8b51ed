/**
 * ProtectedBranch: who may push to and merge into one existing branch of a repository.
 *
 * | operation | API |
 * |---|---|
 * | roles  | GET /v4/repository/{id}/permissions/repository (once per repository per run; see protection-roles.ts) |
 * | create | GET /v4/repositories/{id}/protected-branch?branch_name= (404 → not protected yet), then POST /v4/repositories/{id}/protected-branches `{names: [branch], actions: [push, merge]}` |
 * | adopt  | the same look; an already protected branch is adopted, and PUT …/protected-branch?branch_name= if its levels differ |
 * | read   | GET /v4/repositories/{id}/protected-branches (coalesced list, 100 a page; absent or 404 → gone) |
 * | update | PUT /v4/repositories/{id}/protected-branch?branch_name= with both actions; the answer must show the new levels |
 * | delete | DELETE /v4/repositories/{id}/protected-branch?branch_name= (204; 404 → already gone) |
 *
 * Levels are written as role whitelists with role ids learned from the service (never guessed):
 * noOne → no role; maintainers → Project manager + Administrator; developers → those two +
 * Committer + Developer. A rule set in the console that none of these describes (users, member
 * groups, other roles, restriction off) reads back as `custom (…)`, so drift shows honestly.
 *
 * No ordering between the two levels is checked: V4 writes push and merge as two independent
 * actions and states no rule between them (the "merge ≥ push" rule belonged to the deprecated v2
 * call §4.2.25). So `pushAccess: "maintainers", mergeAccess: "developers"` is valid.
 *
 * Blind spots:
 * - Force push (`addition_switchers: allowed_force_push`) cannot be read back (no answer carries
 *   it, v4 digest §10 Q6), so it is not offered; the service's default (not allowed) applies.
 * - `branch` is one existing branch: V4 refuses names that match no branch. Wildcard rules are not offered.
 */
import { z } from "zod";
import type { ResourceDescriptor } from "./resource";
import { AccessLevelInput, ProtectionKind, accessInProgramWords, importedRules, protectionResource, unmanagedRules } from "./protections";
import type { AccessLevelName, AccessReading } from "./protection-roles";
import type { ChildImport } from "./importing";
import { RepositoryIdentity } from "./validation";
import type { DiffFields } from "./lifecycle";
import { isValidRefName } from "../wire/branches";

// A named shape, so that the shipped declarations keep each field's doc comment.
const ProtectedBranchShape = {
  ...RepositoryIdentity,
  /** One existing branch, e.g. "master" (no wildcards). Changing it replaces the protection. */
  branch: z.string().refine((name) => isValidRefName(name), {
    message: "must be the name of one existing branch: no wildcards, spaces, '..', or any of ~ ^ : ? * [ \\",
  }),
  /** Who may push: "noOne", "developers" (and maintainers) or "maintainers" (default). Updated in place. */
  pushAccess: AccessLevelInput.default("maintainers"),
  /** Who may merge, same values (default "maintainers"), independent of `pushAccess`. Updated in place. */
  mergeAccess: AccessLevelInput.default("maintainers"),
  /** If the branch is already protected, manage that protection (and apply these levels) instead of failing. */
  adoptExisting: z.boolean().default(false),
};
export const ProtectedBranchInputs: z.ZodObject<typeof ProtectedBranchShape> = z.object(ProtectedBranchShape);
export type ProtectedBranchInputs = z.output<typeof ProtectedBranchInputs>;
/** As read back: a level, or `custom (…)` for a whitelist no level describes. */
export type ProtectedBranchOutputs = Omit<ProtectedBranchInputs, "pushAccess" | "mergeAccess"> & {
  /** Who may push, as the service reports it. */
  pushAccess: AccessReading;
  /** Who may merge, as the service reports it. */
  mergeAccess: AccessReading;
};

/** A branch rule as `codeartsrepo import` declares it. */
export interface ImportedBranchProtection {
  branch: string;
  pushAccess: AccessLevelName;
  mergeAccess: AccessLevelName;
}

const FIELDS: DiffFields<ProtectedBranchInputs> = {
  replace: ["repositoryId", "repositoryUuid", "branch"],
  update: ["pushAccess", "mergeAccess", "adoptExisting"],
  // A rule is unique by repository and name: a replacement keeping both deletes the old rule first.
  naturalKey: ["repositoryId", "branch"],
};

const BRANCH: ProtectionKind<ProtectedBranchInputs> = {
  noun: "branch",
  nameOf: (inputs) => inputs.branch,
  nameField: "branch",
  actions: [
    { field: "pushAccess", action: "push" },
    { field: "mergeAccess", action: "merge" },
  ],
  list: "listProtectedBranches",
  show: "showProtectedBranch",
  create: "createProtectedBranches",
  update: "updateProtectedBranch",
  remove: "deleteProtectedBranch",
  query: (name) => ({ branch_name: name }),
  createNeeds: "V4 protects only names that match an existing branch; create the branch first",
};

type Importer = ChildImport<"protectedBranches", ImportedBranchProtection>;

export const protectedBranch: ResourceDescriptor<"protected-branch", ProtectedBranchInputs, ProtectedBranchOutputs, Importer> = protectionResource<
  "protected-branch",
  typeof ProtectedBranchInputs,
  ProtectedBranchOutputs,
  Importer
>(BRANCH, {
  kind: "protected-branch",
  type: "ProtectedBranch",
  inputs: ProtectedBranchInputs,
  fields: FIELDS,
  report: { label: "protected branch", key: ["branch"], unmanaged: unmanagedRules(BRANCH), liveInProgramWords: accessInProgramWords },
  importer: importedRules(BRANCH, ProtectedBranchInputs, { field: "protectedBranches", order: 10, count: ["protected branch", "protected branches"], key: "branch" }),
});

export const provider = protectedBranch.provider;
