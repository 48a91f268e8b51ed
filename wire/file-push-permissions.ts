/**
 * Wire schemas of a repository's file push permissions, V4 (shared by the client and the emulator):
 * a rule naming a path or a wildcard, and who may still push changes to the files it matches.
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations
 * create_file_push_permission, list_repository_file_push_permissions,
 * batch_update_repository_file_push_permissions and batch_delete_repository_file_push_permissions,
 * and the models CreateRepositoryFilePushPermissionDto (create body: `path` "directory path or
 * wildcard", `actions`), FilePushPermissionActionBodyDto (`action` "push" is the only documented
 * value; `enable` "true turns the rule's restriction on"; `user_ids`, `user_team_ids`,
 * `related_role_ids`), BatchUpdateFilePushPermissionBodyDto (`permissions`: FilePushPermissionUpdateDto
 * `{id, path, actions}`), BatchDeleteFilePushPermissionDto (`ids`), RepositoryFilePushPermissionDto
 * (list items and the batch update's answer: `id` 1–2147483647, `path`, `actions` as
 * RepositoryProtectedActionDto, the protections' answer shape) and CreateFilePushPermissionResponse.
 *
 * The SDK is silent on: whether `path` is unique in a repository, what `search` matches (its note
 * speaks of "protected branch names", copied from the branch list), the list's default and maximum
 * `limit`, whether the list answers a total, and the batch delete's answer status (its model is
 * empty). The provider therefore lists without `search` and matches paths exactly itself.
 */
import { z } from "zod";
import { optionalNullable } from ".";
import { ProtectionActionV4, whitelist } from "./protections";

/** The only action the SDK documents for a file push permission. */
export const FILE_PUSH_ACTION = "push";

/** FilePushPermissionActionBodyDto. */
export const FilePushActionBody = z.object({ action: z.enum([FILE_PUSH_ACTION]), ...whitelist });
export type FilePushActionBody = z.infer<typeof FilePushActionBody>;

/** CreateRepositoryFilePushPermissionDto. */
export const CreateFilePushPermissionBody = z.object({ path: z.string().min(1), actions: z.array(FilePushActionBody).optional() });

/** BatchUpdateFilePushPermissionBodyDto: each rule named by its id; the path may change in place. */
export const BatchUpdateFilePushPermissionsBody = z.object({
  permissions: z.array(z.object({ id: z.number().int(), path: z.string().min(1).optional(), actions: z.array(FilePushActionBody).optional() })).min(1),
});

/** BatchDeleteFilePushPermissionDto. */
export const BatchDeleteFilePushPermissionsBody = z.object({ ids: z.array(z.number().int()).min(1) });

/** RepositoryFilePushPermissionDto (and CreateFilePushPermissionResponse, the same fields). */
export const FilePushPermission = z.object({
  id: z.number().int(),
  path: z.string(),
  actions: optionalNullable(z.array(ProtectionActionV4)),
});
export type FilePushPermission = z.infer<typeof FilePushPermission>;

/** ListRepositoryFilePushPermissionsRequest's query; the maximum limit is undocumented, 100 as for the other V4 lists. */
export const FilePushPermissionListQuery = z.object({
  search: z.string().optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** The batch delete's answer: an empty model in the SDK, so no body or any object. */
export const BatchDeleteAnswer = z.union([z.undefined(), z.object({}).loose()]);
