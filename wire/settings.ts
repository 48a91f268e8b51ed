/**
 * Wire schemas of a repository's settings objects, V4, shared by the client and the emulator: its
 * merge-request settings, its general policy, and which of its settings it inherits.
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations
 * show/update_merge_request_setting (UpdateMergeRequestSettingDto, ShowMergeRequestSettingResponse),
 * show/update_repository_general_policy (GeneralPolicyBodyDto, ShowRepositoryGeneralPolicyResponse)
 * and show_repository_inherit_setting (list[RepositoryInheritSettingDto]). Field notes (translated)
 * are at each field. The SDK documents no defaults for either settings object and no bounds but
 * the regexes' length (UpdateGeneralPolicyDto, the group/project body: 1 to 1000 characters; the
 * repository body, GeneralPolicyBodyDto, says "not applicable", so no bound is enforced here).
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** merge_method: "merge" a merge commit, "rebase_merge" a merge commit over a semi-linear history, "ff" fast-forward. */
export const MERGE_METHODS = ["merge", "rebase_merge", "ff"] as const;
/** merged_commit_author: the merge commit is authored by whoever merged the MR, or whoever opened it. */
export const MERGE_COMMIT_AUTHORS = ["merged_by", "created_by"] as const;

/** PUT …/merge-requests/setting body (UpdateMergeRequestSettingDto): every field optional. */
export const MergeRequestSettingBody = z.object({
  /** "merge mode" (合入模式); the SDK names no values. */
  review_mode: z.string().optional(),
  /** Merge only when every review discussion is resolved. */
  only_allow_merge_if_all_discussions_are_resolved: z.boolean().optional(),
  /** Must be linked to a CodeArts Req work item. */
  must_relate_issue: z.boolean().optional(),
  /** Only one work item may be linked. */
  only_allow_one_issue_check_passed: z.boolean().optional(),
  /** Every linked E2E work item's check must pass. */
  need_all_issues_check_passed: z.boolean().optional(),
  /** The target branches the work-item rule applies to, comma-separated. */
  need_relate_issue_branches: z.string().optional(),
  evaluation_merge_gate: z.boolean().optional(),
  /** 29 developers, 30 developers and committers, 35 committers, 40 neither. */
  evaluation_role: z.number().int().optional(),
  /** Forbid merging one's own merge request. */
  disable_merge_by_self: z.boolean().optional(),
  /** Forbid approving one's own merge request. */
  disable_approve_by_self: z.boolean().optional(),
  /** Forbid reviewing one's own merge request. */
  disable_review_by_self: z.boolean().optional(),
  /** Repository administrators and project managers may force a merge. */
  can_force_merge: z.boolean().optional(),
  /** Reviews and comments allowed after a merge request is merged or closed. */
  add_notes_after_merged: z.boolean().optional(),
  /** Mark merge requests merged automatically as closed. */
  mark_auto_merged_mr_as_closed: z.boolean().optional(),
  /** The SDK's note reads "a closed merge request cannot be reopened", against the field's name. */
  can_reopen: z.boolean().optional(),
  /** New merge requests delete their source branch after the merge by default. */
  delete_source_branch_when_merged: z.boolean().optional(),
  /** Forbid squash merges. */
  disable_squash_merge: z.boolean().optional(),
  /** New merge requests squash by default. */
  auto_squash_merge: z.boolean().optional(),
  merge_method: z.string().optional(),
  /** A squash merge makes no merge commit. */
  squash_merge_with_no_merge_commit: z.boolean().optional(),
  merged_commit_author: z.string().optional(),
  enable_custom_evaluation: z.boolean().optional(),
  /** Evaluation dimensions, sent as strings (read back as EvaluationTypeDto). */
  evaluation_types: z.array(z.string()).optional(),
  /** The lowest score that allows a merge in score mode. */
  only_allow_merge_if_vote_bigger_than: z.number().int().optional(),
  /** Only the merger (assignee) may merge. */
  only_assignee_can_merge: z.boolean().optional(),
});
export type MergeRequestSettingBody = z.infer<typeof MergeRequestSettingBody>;

const EvaluationType = z.object({ id: optionalNullable(z.number().int()), name: optionalNullable(z.string()) });

/** Show and update answer (ShowMergeRequestSettingResponse, UpdateMergeRequestSettingResponse). */
export const MergeRequestSetting = z.object({
  id: optionalNullable(z.number().int()),
  repository_id: optionalNullable(z.number().int()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
  has_evaluation_permission: optionalNullable(z.boolean()),
  review_mode: optionalNullable(z.string()),
  only_allow_merge_if_all_discussions_are_resolved: optionalNullable(z.boolean()),
  must_relate_issue: optionalNullable(z.boolean()),
  only_allow_one_issue_check_passed: optionalNullable(z.boolean()),
  need_all_issues_check_passed: optionalNullable(z.boolean()),
  need_relate_issue_branches: optionalNullable(z.string()),
  evaluation_merge_gate: optionalNullable(z.boolean()),
  evaluation_role: optionalNullable(z.number().int()),
  disable_merge_by_self: optionalNullable(z.boolean()),
  disable_approve_by_self: optionalNullable(z.boolean()),
  disable_review_by_self: optionalNullable(z.boolean()),
  can_force_merge: optionalNullable(z.boolean()),
  add_notes_after_merged: optionalNullable(z.boolean()),
  mark_auto_merged_mr_as_closed: optionalNullable(z.boolean()),
  can_reopen: optionalNullable(z.boolean()),
  delete_source_branch_when_merged: optionalNullable(z.boolean()),
  disable_squash_merge: optionalNullable(z.boolean()),
  auto_squash_merge: optionalNullable(z.boolean()),
  merge_method: optionalNullable(z.string()),
  squash_merge_with_no_merge_commit: optionalNullable(z.boolean()),
  merged_commit_author: optionalNullable(z.string()),
  enable_custom_evaluation: optionalNullable(z.boolean()),
  evaluation_types: optionalNullable(z.array(EvaluationType)),
  only_allow_merge_if_vote_bigger_than: optionalNullable(z.number().int()),
  only_assignee_can_merge: optionalNullable(z.boolean()),
});
export type MergeRequestSetting = z.output<typeof MergeRequestSetting>;

/** PUT …/general-policy body (GeneralPolicyBodyDto). */
export const GeneralPolicyBody = z.object({
  /** true: the repository may not be forked. */
  disable_fork: z.boolean().optional(),
  /** The SDK's note: "true: pre-merging MRs forbidden; false: allowed", against the field's name. */
  generate_pre_merge_ref: z.boolean().optional(),
  /** The branch name rule (a regular expression). */
  branch_name_regex: z.string().optional(),
  /** The tag name rule. */
  tag_name_regex: z.string().optional(),
  /** true: developers may not create branches. */
  forbidden_developer_create_branch: z.boolean().optional(),
  /** Developers who may create branches all the same: user ids, comma-separated. */
  create_branch_whitelist_user_ids: z.string().optional(),
  /** Repository encryption on. */
  repo_encryption_enabled: z.boolean().optional(),
});
export type GeneralPolicyBody = z.infer<typeof GeneralPolicyBody>;

/** PushRuleDevelopersDto: the SDK types its ids and user name as `object`; read as given. */
const WhitelistUser = z.object({
  id: optionalNullable(z.union([z.string(), z.number()])),
  user_id: optionalNullable(z.union([z.string(), z.number()])),
  user_name: optionalNullable(z.string()),
  nick_name: optionalNullable(z.string()),
  tenant_name: optionalNullable(z.string()),
});
export type WhitelistUser = z.output<typeof WhitelistUser>;

const EncryptionStatus = z.object({
  id: optionalNullable(z.number().int()),
  is_consistent: optionalNullable(z.boolean()),
  last_decryption_at: optionalNullable(z.string()),
  last_encryption_at: optionalNullable(z.string()),
  status: optionalNullable(z.string()),
});

/** Show and update answer (ShowRepositoryGeneralPolicyResponse, UpdateRepositoryGeneralPolicyResponse). */
export const GeneralPolicy = z.object({
  disable_fork: optionalNullable(z.boolean()),
  generate_pre_merge_ref: optionalNullable(z.boolean()),
  branch_name_regex: optionalNullable(z.string()),
  tag_name_regex: optionalNullable(z.string()),
  forbidden_developer_create_branch: optionalNullable(z.boolean()),
  create_branch_whitelist_users: optionalNullable(z.array(WhitelistUser)),
  repo_encryption_enabled: optionalNullable(z.boolean()),
  repo_encryption_status: optionalNullable(EncryptionStatus),
});
export type GeneralPolicy = z.output<typeof GeneralPolicy>;

/**
 * RepositoryInheritSettingDto `name`: protected_branches, protected_tags, repository_settings,
 * push_rules, merge_requests, mr_branch_policies, reviews, e2e_settings, watermark.
 * `inherit_mod`: "inherit" the parent's configuration, "custom" the repository's own,
 * "force_inherit" the parent's, forced.
 */
export const INHERITING_MODES = ["inherit", "force_inherit"] as const;
export const InheritSetting = z.object({ name: optionalNullable(z.string()), inherit_mod: optionalNullable(z.string()) });
export type InheritSetting = z.output<typeof InheritSetting>;
