/**
 * ProtectedBranch: who may push to and merge into one existing branch of a repository.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/protected-branches (is it already protected?), then PUT /v2/repositories/{id}/branch/{branch}/protect (§4.2.25) |
 * | adopt  | the same: an already protected branch is adopted and given the requested levels |
 * | read   | GET /v4/repositories/{id}/protected-branches (coalesced list, 100 a page; absent or 404 → gone) |
 * | update | PUT /v2/repositories/{id}/branch/{branch}/protect again, with the new levels |
 * | delete | DELETE /v2/repositories/{id}/protected-branches/{branch} (§4.2.26; 404 → already gone) |
 *
 * Blind spots:
 * - The levels are written in the v2 language (0/30/40) but read back from V4, which expresses
 *   protection as push/merge actions with role whitelists whose values are undocumented (v4
 *   digest §10 Q5). The translation (provider/wire-branches.ts) is an ASSUMPTION the public docs
 *   do not confirm: against the real service, drift in the levels may be misreported.
 * - V4 user and member-group whitelists have no level equivalent and are not shown.
 * - Force push cannot be read back (no response carries it, digest §10 Q6), so it is not offered.
 * - `branch` is one existing branch (§4.2.25 addresses a branch); wildcard rules are not offered.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "./client";
import { CodeArtsApiError, CodeArtsOperationError, isNotFound } from "./errors";
import { AccessLevelInput, deleteUnlessGone, findProtectionRule, liveProtectionRule, protectionDiff, protectionId } from "./protections";
import { apiClient, configure, defineProvider } from "./runtime";
import { RepositoryIdentity, UNKNOWN, changedFields, checkInputs } from "./validation";
import { AccessLevel, AccessLevelName, accessLevelName, isValidRefName, levelOfAction } from "./wire-branches";

export const ProtectedBranchInputs = z.object({
  ...RepositoryIdentity,
  branch: z.string().refine((name) => isValidRefName(name), {
    message: "must be the name of one existing branch: no wildcards, spaces, '..', or any of ~ ^ : ? * [ \\",
  }),
  pushAccess: AccessLevelInput.default("maintainers"),
  mergeAccess: AccessLevelInput.default("maintainers"),
  adoptExisting: z.boolean().default(false),
});
export type ProtectedBranchInputs = z.output<typeof ProtectedBranchInputs>;
export type ProtectedBranchOutputs = ProtectedBranchInputs;

const REPLACE_ON_CHANGE = ["repositoryId", "repositoryUuid", "branch"] as const satisfies readonly (keyof ProtectedBranchInputs)[];
const UPDATE_IN_PLACE = ["pushAccess", "mergeAccess", "adoptExisting"] as const satisfies readonly (keyof ProtectedBranchInputs)[];

/** §4.2.25: "the merge level must be ≥ the push level", in the service's numbers 0 < 30 < 40. */
function mergeBelowPush(push: AccessLevelName, merge: AccessLevelName): pulumi.dynamic.CheckFailure | undefined {
  if (AccessLevel[merge] >= AccessLevel[push]) return undefined;
  return {
    property: "mergeAccess",
    reason:
      `must be at least pushAccess in the order noOne (0) < developers (30) < maintainers (40); ` +
      `pushAccess is "${push}" and mergeAccess is "${merge}"`,
  };
}

function protectBody(inputs: ProtectedBranchInputs) {
  return { access_level: { push_access_level: AccessLevel[inputs.pushAccess], merge_access_level: AccessLevel[inputs.mergeAccess] } };
}

/** PUT protect, with a 404 explained: the branch must exist before it can be protected. */
async function protect(client: CodeArtsClient, inputs: ProtectedBranchInputs): Promise<void> {
  try {
    await client.call("protectBranch", { params: { repository_id: inputs.repositoryId, branch_name: inputs.branch }, body: protectBody(inputs) });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const branches = await client.call("listBranchesV1", { params: { repository_id: inputs.repositoryId } }).catch(() => undefined);
    const what = branches
      ? `repository ${inputs.repositoryId} has no branch "${inputs.branch}"; create the branch first`
      : `repository ${inputs.repositoryId} does not exist`;
    throw new CodeArtsOperationError(`Cannot protect branch "${inputs.branch}": ${what}. (${(error as CodeArtsApiError).message})`, "PUT …/protect");
  }
}

export const provider = defineProvider({
  configure,

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const result = checkInputs(ProtectedBranchInputs, news);
    if (result.failures.length > 0) return result;
    const { pushAccess, mergeAccess } = result.inputs as Record<string, string>;
    if (pushAccess === UNKNOWN || mergeAccess === UNKNOWN) return result;
    const failure = mergeBelowPush(pushAccess as AccessLevelName, mergeAccess as AccessLevelName);
    return failure ? { inputs: news, failures: [failure] } : result;
  },

  async diff(_id: string, olds: ProtectedBranchOutputs, news: ProtectedBranchInputs): Promise<pulumi.dynamic.DiffResult> {
    return protectionDiff(olds, news, { replace: REPLACE_ON_CHANGE, update: UPDATE_IN_PLACE, name: "branch" });
  },

  async create(inputs: ProtectedBranchInputs): Promise<pulumi.dynamic.CreateResult<ProtectedBranchOutputs>> {
    const client = apiClient();
    // PUT protect silently overwrites an existing rule, so look before writing.
    const existing = await findProtectionRule(client, "listProtectedBranches", inputs.repositoryId, inputs.branch);
    if (existing && !inputs.adoptExisting) {
      const push = accessLevelName(levelOfAction(existing, "push"));
      const merge = accessLevelName(levelOfAction(existing, "merge"));
      throw new CodeArtsOperationError(
        `Branch "${inputs.branch}" of repository ${inputs.repositoryId} is already protected (push: ${push}, merge: ${merge}). ` +
          `Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).`,
        "GET /v4/repositories/{repository_id}/protected-branches",
      );
    }
    await protect(client, inputs);
    return { id: protectionId(inputs.repositoryId, inputs.branch), outs: inputs };
  },

  async read(id: string, props: ProtectedBranchOutputs): Promise<pulumi.dynamic.ReadResult<ProtectedBranchOutputs>> {
    const rule = await liveProtectionRule("listProtectedBranches", props.repositoryId, props.branch);
    if (!rule) return {};
    return {
      id,
      props: { ...props, pushAccess: accessLevelName(levelOfAction(rule, "push")), mergeAccess: accessLevelName(levelOfAction(rule, "merge")) },
    };
  },

  async update(_id: string, olds: ProtectedBranchOutputs, news: ProtectedBranchInputs): Promise<pulumi.dynamic.UpdateResult<ProtectedBranchOutputs>> {
    if (changedFields(olds, news, ["pushAccess", "mergeAccess"]).length > 0) await protect(apiClient(), news);
    return { outs: news };
  },

  async delete(_id: string, props: ProtectedBranchOutputs): Promise<void> {
    await deleteUnlessGone(() => apiClient().call("unprotectBranch", { params: { repository_id: props.repositoryId, branch_name: props.branch } }));
  },
});
