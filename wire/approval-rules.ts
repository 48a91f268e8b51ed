/**
 * Wire schemas of a repository's merge-request approver settings ("approval rules"), V4, shared by
 * the client and the emulator.
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations
 * create/list/update/delete_merge_request_approver_setting and the model
 * MergeRequestApproverSettingResultDto, which the SDK declares as the create and update body and
 * as the list item and both answers. Its field notes (translated): `target` "branch; `*` is a
 * wildcard, e.g. dev* is every branch starting with dev"; `target_type` "setting type, at present
 * only branch is open" (the list query adds "file, project: not enabled"); `is_use_approval`
 * "approval mode: true, score mode: false"; `approval_required_reviewers` "minimum number of
 * reviewers"; `approval_required_approvers` "minimum number of approvers"; `reset_*_on_push`
 * "reset the approval (review) gate on push"; `approvers_from_project` "approvers/reviewers may be
 * appended only from the ones below"; `append_*_ids` "appended approvers (reviewers)";
 * `only_merge_when_pipeline_pass` "pipeline gate"; `assignee_ids` "mergers"; `approver_ids`,
 * `reviewer_ids` "approvers", "reviewers" (user ids, the numeric `user_id` of the member lists).
 *
 * The SDK is silent on: defaults, bounds of the minimum counts, whether `target` is unique in a
 * repository, and the list's maximum `limit`. It types the answer's `id` as a string and the
 * `setting_id` of update and delete as an integer.
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** The only setting type the service opens (SDK note on `target_type`). */
export const APPROVAL_TARGET_TYPE = "branch";

const UserIds = z.array(z.number().int());

/** Create and update body (the SDK's MergeRequestApproverSettingResultDto, the fields a client sets). */
export const ApproverSettingBody = z.object({
  target: z.string().min(1).optional(),
  target_type: z.string().optional(),
  is_use_approval: z.boolean().optional(),
  approval_required_reviewers: z.number().int().optional(),
  approval_required_approvers: z.number().int().optional(),
  reset_approvals_on_push: z.boolean().optional(),
  reset_reviewers_on_push: z.boolean().optional(),
  approvers_from_project: z.boolean().optional(),
  append_reviewer_ids: UserIds.optional(),
  append_approver_ids: UserIds.optional(),
  only_merge_when_pipeline_pass: z.boolean().optional(),
  assignee_ids: UserIds.optional(),
  approver_ids: UserIds.optional(),
  reviewer_ids: UserIds.optional(),
});
export type ApproverSettingBody = z.infer<typeof ApproverSettingBody>;

/** UserBasicDto as far as a setting's user lists are read: who, by id and name. */
const UserBasic = z.object({ id: optionalNullable(z.number().int()), name: optionalNullable(z.string()), username: optionalNullable(z.string()) });

/** MergeRequestApproverSettingResultDto as answered: the id (a string in the SDK) and every setting, users also as entities. */
export const ApproverSetting = z.object({
  id: z.union([z.string(), z.number().int()]).transform(String),
  target: optionalNullable(z.string()),
  target_type: optionalNullable(z.string()),
  is_use_approval: optionalNullable(z.boolean()),
  approval_required_reviewers: optionalNullable(z.number().int()),
  approval_required_approvers: optionalNullable(z.number().int()),
  reset_approvals_on_push: optionalNullable(z.boolean()),
  reset_reviewers_on_push: optionalNullable(z.boolean()),
  approvers_from_project: optionalNullable(z.boolean()),
  append_reviewer_ids: optionalNullable(UserIds),
  append_reviewers: optionalNullable(z.array(UserBasic)),
  append_approver_ids: optionalNullable(UserIds),
  append_approvers: optionalNullable(z.array(UserBasic)),
  only_merge_when_pipeline_pass: optionalNullable(z.boolean()),
  assignee_ids: optionalNullable(UserIds),
  assignees: optionalNullable(z.array(UserBasic)),
  approver_ids: optionalNullable(UserIds),
  approvers: optionalNullable(z.array(UserBasic)),
  reviewer_ids: optionalNullable(UserIds),
  reviewers: optionalNullable(z.array(UserBasic)),
});
export type ApproverSetting = z.output<typeof ApproverSetting>;

/** GET …/approver-settings query (ListMergeRequestApproverSettingsRequest); the maximum limit is undocumented, 100 as for the other V4 lists. */
export const ApproverSettingListQuery = z.object({
  target_type: z.string().optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
