/**
 * A repository's file push permissions, V4 (official SDK create_file_push_permission,
 * list_repository_file_push_permissions, batch_update_repository_file_push_permissions,
 * batch_delete_repository_file_push_permissions; models in wire/file-push-permissions.ts).
 */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/file-push-permissions";

const PATH = "/v4/repositories/{repository_id}/file-push-permissions";

export const filePushPermissionRoutes = {
  createFilePushPermission: route({
    method: "POST",
    changes: ["listFilePushPermissions"],
    path: PATH,
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.CreateFilePushPermissionBody,
    result: wire.FilePushPermission,
    // A blind retry after a lost answer could add a second rule for the path.
    idempotent: false,
  }),
  listFilePushPermissions: route({
    method: "GET",
    path: PATH,
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.FilePushPermissionListQuery,
    // A raw array; the SDK declares no total header for this list, so the walk stops at a short page.
    result: z.array(wire.FilePushPermission),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "none", pageSize: 100 },
  }),
  /** The rules it lists are set to what it sends; the others stay. Answers the rules it updated. */
  updateFilePushPermissions: route({
    method: "PUT",
    changes: ["listFilePushPermissions"],
    path: PATH,
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.BatchUpdateFilePushPermissionsBody,
    result: z.array(wire.FilePushPermission),
    idempotent: true,
  }),
  /** The SDK's answer model is empty and no status is documented; 204 without a body, as the other V4 deletes. */
  deleteFilePushPermissions: route({
    method: "POST",
    changes: ["listFilePushPermissions"],
    path: `${PATH}/batch-delete`,
    service: "repo",
    style: "bare",
    status: 204,
    body: wire.BatchDeleteFilePushPermissionsBody,
    result: wire.BatchDeleteAnswer,
    // Deleting ids already gone is not documented as harmless, but nothing else can be lost by a repeat.
    idempotent: true,
  }),
} as const;
