/**
 * RepositoryPolicy: a repository's general policy, V4 — forking, branch and tag name rules, who may
 * create branches, pre-merge refs. The object exists with its repository: the resource takes the
 * values the program sets over and puts back the ones it found when deleted.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/general-policy (values found recorded in `valuesBefore`), then PUT …/general-policy only if a set field differs |
 * | read   | GET …/general-policy, coalesced: one read per repository per run; repository 404 → gone |
 * | update | PUT …/general-policy with the set fields (and the recorded value of a field the program stops setting) |
 * | delete | PUT …/general-policy with the recorded values only; nothing when none changed; repository 404 → done |
 * | before a write | GET /v4/repositories/{id}/inherit-setting, once per repository per run (shared with MergeRequestSettings): "repository_settings" inherited → refused with what to do |
 *
 * Which inherit-setting name governs the general policy the SDK does not say; "repository_settings"
 * ("仓库设置", repository settings) is the one whose name covers it (push_rules is the commit rules').
 * The SDK documents no default and, for the repository's body, no bound of any field (the group and
 * project body bound the regexes to 1–1000 characters), so the provider enforces none.
 */
import { z } from "zod";
import { GeneralPolicy, GeneralPolicyBody } from "../wire/settings";
import type { ResourceDescriptor } from "./resource";
import type { ChildImport } from "./importing";
import { RepositoryIdentity } from "./validation";
import { ImportedSettings, commaFreeSet, defineSettingsResource } from "./settings-object";

const UserIds = commaFreeSet("must be a user id (no comma: the service keeps the list as one comma-separated string)");

// A named shape, so that the shipped declarations keep each field's doc comment.
const RepositoryPolicyShape = {
  ...RepositoryIdentity,
  /** The repository may not be forked (`disable_fork`). */
  forkForbidden: z.boolean().optional(),
  /** New branch names must match this regular expression (`branch_name_regex`). */
  branchNamePattern: z.string().optional(),
  /** New tag names must match this regular expression (`tag_name_regex`). */
  tagNamePattern: z.string().optional(),
  /** Developers may not create branches (`forbidden_developer_create_branch`). */
  developersCannotCreateBranches: z.boolean().optional(),
  /**
   * Developers who may create branches all the same, by user id (`create_branch_whitelist_user_ids`;
   * the SDK says "user ids" without saying which: the ids the policy's whitelist shows as `user_id`).
   */
  branchCreators: UserIds.optional(),
  /**
   * The service's `generate_pre_merge_ref` (pre-merge refs for merge requests). The SDK's note on the
   * repository's body reads "true: pre-merging forbidden", against the name and the group/project
   * note ("generate the merge request pre-merge"): the name is taken.
   */
  generatePreMergeRef: z.boolean().optional(),
  /**
   * Accepted for the same program shape as the other kinds (codeartsrepo import sets it): the
   * policy always exists with the repository, so the resource always takes over the values the
   * program sets, and a delete puts back the values it found whatever this says.
   */
  adoptExisting: z.boolean().default(false),
};
export const RepositoryPolicyInputs: z.ZodObject<typeof RepositoryPolicyShape> = z.object(RepositoryPolicyShape);
export type RepositoryPolicyInputs = z.output<typeof RepositoryPolicyInputs>;

/** Each setting in the program's words and the service's (the whitelist is read back as users). */
const WIRE = {
  forkForbidden: "disable_fork",
  branchNamePattern: "branch_name_regex",
  tagNamePattern: "tag_name_regex",
  developersCannotCreateBranches: "forbidden_developer_create_branch",
  branchCreators: "create_branch_whitelist_user_ids",
  generatePreMergeRef: "generate_pre_merge_ref",
} as const satisfies Partial<Record<keyof RepositoryPolicyInputs, keyof GeneralPolicyBody>>;
type Setting = keyof typeof WIRE;
const SETTINGS = Object.keys(WIRE) as Setting[];

/** Settings by their program names, each optional. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RepositoryPolicyValues extends Partial<Pick<RepositoryPolicyInputs, Setting>> {}

export interface RepositoryPolicyOutputs extends RepositoryPolicyInputs {
  /** The values the resource found for the fields the program sets, before it set them: what a delete puts back. */
  valuesBefore: RepositoryPolicyValues;
}

function programValue(setting: Setting, live: GeneralPolicy): unknown {
  if (setting === "branchCreators") {
    const users = live.create_branch_whitelist_users;
    return users ? [...new Set(users.map((user) => String(user.user_id ?? user.id)))].sort() : undefined;
  }
  return live[WIRE[setting]] ?? undefined;
}

function wireFields(setting: Setting, value: unknown): Record<string, unknown> {
  return { [WIRE[setting]]: setting === "branchCreators" ? (value as string[]).join(",") : value };
}

export const repositoryPolicy: ResourceDescriptor<"repository-policy", RepositoryPolicyInputs, RepositoryPolicyOutputs, ChildImport<"repositoryPolicies", ImportedSettings<Setting>>> = defineSettingsResource({
  kind: "repository-policy",
  type: "RepositoryPolicy",
  label: "repository policy",
  inputs: RepositoryPolicyInputs,
  spec: {
    what: "repository settings",
    inheritName: "repository_settings",
    settings: SETTINGS,
    show: (client, repositoryId) => client.call("showRepositoryGeneralPolicy", { params: { repository_id: repositoryId } }),
    update: (client, repositoryId, body) => client.call("updateRepositoryGeneralPolicy", { params: { repository_id: repositoryId }, body: body as GeneralPolicyBody }),
    programValue,
    wireFields,
  },
  importer: { field: "repositoryPolicies", order: 76, base: "policy" },
});

export const provider = repositoryPolicy.provider;
