/**
 * A repository's merge-request approver settings, V4 (official SDK
 * create/list/update/delete_merge_request_approver_setting; models in wire/approval-rules.ts).
 */
import { z } from "zod";
import { route } from "../route-spec";
import { V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/approval-rules";

export const approvalRuleRoutes = {
  createApproverSetting: route({
    method: "POST",
    changes: ["listApproverSettings"],
    path: "/v4/repositories/{repository_id}/approver-settings",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.ApproverSettingBody,
    result: wire.ApproverSetting,
    // A blind retry after a lost answer could add a second setting for the branch.
    idempotent: false,
  }),
  listApproverSettings: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/approver-settings",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.ApproverSettingListQuery,
    // A raw array with the X-Total header (the SDK's response headers).
    result: z.array(wire.ApproverSetting),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "header", pageSize: 100 },
  }),
  updateApproverSetting: route({
    method: "PUT",
    changes: ["listApproverSettings"],
    path: "/v4/repositories/{repository_id}/approver-settings/{setting_id}",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.ApproverSettingBody,
    result: wire.ApproverSetting,
    idempotent: true,
  }),
  /** The SDK's answer model is empty and no status is documented; 204 like the other V4 deletes. */
  deleteApproverSetting: route({
    method: "DELETE",
    changes: ["listApproverSettings"],
    path: "/v4/repositories/{repository_id}/approver-settings/{setting_id}",
    service: "repo",
    style: "bare",
    status: 204,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
