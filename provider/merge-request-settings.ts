/**
 * MergeRequestSettings: how merge requests into a repository are merged and what a merge needs (a
 * repository's merge-request settings, V4). The object exists with its repository: the resource
 * takes the values the program sets over and puts back the ones it found when deleted.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/merge-requests/setting (values found recorded in `valuesBefore`), then PUT …/merge-requests/setting only if a set field differs |
 * | read   | GET …/merge-requests/setting, coalesced: one read per repository per run; repository 404 → gone |
 * | update | PUT …/merge-requests/setting with the set fields (and the recorded value of a field the program stops setting) |
 * | delete | PUT …/merge-requests/setting with the recorded values only; nothing when none changed; repository 404 → done |
 * | before a write | GET /v4/repositories/{id}/inherit-setting, once per repository per run (shared with RepositoryPolicy): "merge_requests" inherited → refused with what to do |
 *
 * Fields the program leaves out are neither sent nor compared (provider/settings-object.ts). The
 * SDK documents the values of merge_method and merged_commit_author, and no default or bound of
 * any field, so the provider enforces only those value lists and whole numbers.
 */
import { z } from "zod";
import { MERGE_COMMIT_AUTHORS, MERGE_METHODS, MergeRequestSetting, MergeRequestSettingBody } from "../wire/settings";
import type { ResourceDescriptor } from "./resource";
import type { ChildImport } from "./importing";
import { RepositoryIdentity } from "./validation";
import { ImportedSettings, commaFreeSet, defineSettingsResource, setFromCommas } from "./settings-object";

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.map((value) => `"${value}"`).join(", ")}` });
const BranchNames = commaFreeSet("must be a branch name (not empty, no comma)");

// A named shape, so that the shipped declarations keep each field's doc comment.
const MergeRequestSettingsShape = {
  ...RepositoryIdentity,
  /** "merge": a merge commit; "rebase_merge": a merge commit over a semi-linear history; "ff": fast-forward only. */
  mergeMethod: oneOf(MERGE_METHODS).optional(),
  /** Who authors the merge commit: "merged_by" whoever merges, "created_by" whoever opened the merge request. */
  mergeCommitAuthor: oneOf(MERGE_COMMIT_AUTHORS).optional(),
  /** Squash merges are forbidden. */
  squashForbidden: z.boolean().optional(),
  /** New merge requests squash by default. */
  squashByDefault: z.boolean().optional(),
  /** A squash merge makes no merge commit. */
  squashWithoutMergeCommit: z.boolean().optional(),
  /** New merge requests delete their source branch once merged, by default. */
  deleteSourceBranchByDefault: z.boolean().optional(),
  /** A merge needs every review discussion resolved. */
  requireResolvedDiscussions: z.boolean().optional(),
  /** Nobody may merge their own merge request. */
  forbidSelfMerge: z.boolean().optional(),
  /** Nobody may approve their own merge request. */
  forbidSelfApproval: z.boolean().optional(),
  /** Nobody may review their own merge request. */
  forbidSelfReview: z.boolean().optional(),
  /** Repository administrators and project managers may force a merge past its gates. */
  allowForceMerge: z.boolean().optional(),
  /**
   * A closed merge request may be reopened (the service's `can_reopen`; the SDK's note on it reads
   * "a closed merge request cannot be reopened", which contradicts the name: the name is taken).
   */
  allowReopen: z.boolean().optional(),
  /** Reviews and comments are allowed after a merge request is merged or closed. */
  allowNotesAfterMerge: z.boolean().optional(),
  /** Merge requests merged automatically are marked closed. */
  closeAutoMergedRequests: z.boolean().optional(),
  /** Only the merge request's merger (assignee) may merge it. */
  onlyAssigneeCanMerge: z.boolean().optional(),
  /** A merge request must be linked to a CodeArts Req work item. */
  requireLinkedWorkItem: z.boolean().optional(),
  /** A merge request may be linked to one work item only. */
  singleLinkedWorkItem: z.boolean().optional(),
  /** Every linked work item's E2E check must pass. */
  requireLinkedWorkItemChecksPass: z.boolean().optional(),
  /** The target branches the work-item rules apply to. */
  linkedWorkItemBranches: BranchNames.optional(),
  /** In score mode, the score a merge request must exceed to be merged. */
  minimumScore: z.number().int("must be a whole number").optional(),
  /**
   * Accepted for the same program shape as the other kinds (codeartsrepo import sets it): the
   * settings always exist with the repository, so the resource always takes over the values the
   * program sets, and a delete puts back the values it found whatever this says.
   */
  adoptExisting: z.boolean().default(false),
};
export const MergeRequestSettingsInputs: z.ZodObject<typeof MergeRequestSettingsShape> = z.object(MergeRequestSettingsShape);
export type MergeRequestSettingsInputs = z.output<typeof MergeRequestSettingsInputs>;

/** Each setting in the program's words and the service's. */
const WIRE = {
  mergeMethod: "merge_method",
  mergeCommitAuthor: "merged_commit_author",
  squashForbidden: "disable_squash_merge",
  squashByDefault: "auto_squash_merge",
  squashWithoutMergeCommit: "squash_merge_with_no_merge_commit",
  deleteSourceBranchByDefault: "delete_source_branch_when_merged",
  requireResolvedDiscussions: "only_allow_merge_if_all_discussions_are_resolved",
  forbidSelfMerge: "disable_merge_by_self",
  forbidSelfApproval: "disable_approve_by_self",
  forbidSelfReview: "disable_review_by_self",
  allowForceMerge: "can_force_merge",
  allowReopen: "can_reopen",
  allowNotesAfterMerge: "add_notes_after_merged",
  closeAutoMergedRequests: "mark_auto_merged_mr_as_closed",
  onlyAssigneeCanMerge: "only_assignee_can_merge",
  requireLinkedWorkItem: "must_relate_issue",
  singleLinkedWorkItem: "only_allow_one_issue_check_passed",
  requireLinkedWorkItemChecksPass: "need_all_issues_check_passed",
  linkedWorkItemBranches: "need_relate_issue_branches",
  minimumScore: "only_allow_merge_if_vote_bigger_than",
} as const satisfies Partial<Record<keyof MergeRequestSettingsInputs, keyof MergeRequestSettingBody>>;
type Setting = keyof typeof WIRE;
const SETTINGS = Object.keys(WIRE) as Setting[];

/** Settings by their program names, each optional. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MergeRequestSettingsValues extends Partial<Pick<MergeRequestSettingsInputs, Setting>> {}

export interface MergeRequestSettingsOutputs extends MergeRequestSettingsInputs {
  /** The values the resource found for the fields the program sets, before it set them: what a delete puts back. */
  valuesBefore: MergeRequestSettingsValues;
}

function programValue(setting: Setting, live: MergeRequestSetting): unknown {
  const value = live[WIRE[setting]] ?? undefined;
  if (setting === "linkedWorkItemBranches" && typeof value === "string") {
    return setFromCommas(value);
  }
  return value;
}

function wireFields(setting: Setting, value: unknown): Record<string, unknown> {
  return { [WIRE[setting]]: setting === "linkedWorkItemBranches" ? (value as string[]).join(",") : value };
}

export const mergeRequestSettings: ResourceDescriptor<"merge-request-settings", MergeRequestSettingsInputs, MergeRequestSettingsOutputs, ChildImport<"mergeRequestSettings", ImportedSettings<Setting>>> = defineSettingsResource({
  kind: "merge-request-settings",
  type: "MergeRequestSettings",
  label: "merge request settings",
  inputs: MergeRequestSettingsInputs,
  spec: {
    what: "merge request settings",
    inheritName: "merge_requests",
    settings: SETTINGS,
    show: (client, repositoryId) => client.call("showMergeRequestSetting", { params: { repository_id: repositoryId } }),
    update: (client, repositoryId, body) => client.call("updateMergeRequestSetting", { params: { repository_id: repositoryId }, body: body as MergeRequestSettingBody }),
    programValue,
    wireFields,
  },
  importer: { field: "mergeRequestSettings", order: 75, base: "merge requests" },
});

export const provider = mergeRequestSettings.provider;
