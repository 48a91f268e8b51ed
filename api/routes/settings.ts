/**
 * A repository's settings objects, V4: merge-request settings, general policy, and which settings
 * it inherits (official SDK show/update_merge_request_setting, show/update_repository_general_policy,
 * show_repository_inherit_setting; models in wire/settings.ts). Each object exists with its
 * repository: shown and updated, never created or deleted.
 */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/settings";

export const settingsRoutes = {
  showMergeRequestSetting: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/merge-requests/setting",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.MergeRequestSetting,
    idempotent: true,
    // One read per repository per run, whatever reads it (refresh, drift, import).
    coalesce: true,
  }),
  updateMergeRequestSetting: route({
    method: "PUT",
    changes: ["showMergeRequestSetting"],
    path: "/v4/repositories/{repository_id}/merge-requests/setting",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.MergeRequestSettingBody,
    result: wire.MergeRequestSetting,
    idempotent: true,
  }),
  showRepositoryGeneralPolicy: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/general-policy",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.GeneralPolicy,
    idempotent: true,
    coalesce: true,
  }),
  updateRepositoryGeneralPolicy: route({
    method: "PUT",
    changes: ["showRepositoryGeneralPolicy"],
    path: "/v4/repositories/{repository_id}/general-policy",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.GeneralPolicyBody,
    result: wire.GeneralPolicy,
    idempotent: true,
  }),
  showRepositoryInheritSetting: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/inherit-setting",
    service: "repo",
    style: "bare",
    status: 200,
    result: z.array(wire.InheritSetting),
    idempotent: true,
  }),
} as const;
