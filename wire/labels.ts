/**
 * Wire schemas of repository labels, V4 (shared by the client and the emulator).
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 models LabelCreateDto (create
 * body), BodyPutLabelDto (update body), LabelBasicDto (list items), CreateRepositoryLabelResponse and
 * UpdateRepositoryLabelResponse, and the requests ListRepositoryLabelsRequest and
 * DeleteRepositoryLabelRequest. The digest (api/v4-endpoints.md) does not cover labels.
 *
 * The SDK is silent on: a name's length or characters, whether a name is unique in a repository
 * (update and delete address a label by name alone, which only works if it is), the format of the
 * `expires_at` the service answers, defaults for `color` and `priority`, and the list's maximum
 * `limit`.
 */
import { z } from "zod";
import { QueryBoolean, optionalNullable } from ".";

/** The SDK's documented pattern for `color` and `text_color`: "#" and 6 or 3 hex digits. */
export const LABEL_COLOR_PATTERN = /^#([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$/;

/** Required in every body and in the delete query (the SDK always sets it); no rules documented beyond that. */
const LabelName = z.string().min(1);
const LabelColor = z.string().regex(LABEL_COLOR_PATTERN);
/** The SDK types `expires_at` as a Python date, which it serialises as YYYY-MM-DD. */
const LabelExpiry = z.iso.date();

/** POST /v4/repositories/{repository_id}/labels body (LabelCreateDto): only the name is required. */
export const CreateLabelBody = z.object({
  name: LabelName,
  color: LabelColor.optional(),
  description: z.string().optional(),
  expires_at: LabelExpiry.optional(),
});
export type CreateLabelBody = z.infer<typeof CreateLabelBody>;

/**
 * PUT /v4/repositories/{repository_id}/label body (BodyPutLabelDto): `name` picks the label,
 * `new_name` renames it. `priority` can only be set here, 0–30 as documented.
 */
export const UpdateLabelBody = z.object({
  name: LabelName,
  new_name: LabelName.optional(),
  color: LabelColor.optional(),
  description: z.string().optional(),
  priority: z.number().int().min(0).max(30).optional(),
  expires_at: LabelExpiry.optional(),
});
export type UpdateLabelBody = z.infer<typeof UpdateLabelBody>;

/**
 * LabelBasicDto, a list item. Only `name` is required: it is the key every other label call takes.
 * `open_change_request_count` is sent for CR repositories only, `open_merge_requests_count` for MR
 * ones (the SDK's field notes).
 */
export const LabelBasic = z.object({
  id: optionalNullable(z.number().int()),
  name: z.string(),
  color: optionalNullable(z.string()),
  description: optionalNullable(z.string()),
  text_color: optionalNullable(z.string()),
  expires_at: optionalNullable(z.string()),
  is_expired: optionalNullable(z.boolean()),
  open_merge_requests_count: optionalNullable(z.number().int()),
  open_change_request_count: optionalNullable(z.number().int()),
});
export type LabelBasic = z.infer<typeof LabelBasic>;

/** UpdateRepositoryLabelResponse: a list item plus its priority. */
export const LabelUpdated = LabelBasic.extend({ priority: optionalNullable(z.number().int()) });
export type LabelUpdated = z.infer<typeof LabelUpdated>;

/** CreateRepositoryLabelResponse (the same fields as LabelDetailDto). */
export const LabelCreated = LabelUpdated.extend({ is_repository_label: optionalNullable(z.boolean()) });
export type LabelCreated = z.infer<typeof LabelCreated>;

export const LABEL_SORTS = ["name_asc", "name_desc", "created_asc", "created_desc", "updated_asc", "updated_desc"] as const;


/**
 * GET /v4/repositories/{repository_id}/labels query (ListRepositoryLabelsRequest). Documented
 * defaults: sort name_asc, include_expired true. `search` matches part of the name. The maximum
 * `limit` is undocumented; 100 is the one the events list documents, as for the other V4 lists.
 * `view` (simple/basic/detail) is left out: the SDK names the views but not the fields each returns.
 */
export const LabelListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  search: z.string().optional(),
  sort: z.enum(LABEL_SORTS).optional(),
  include_expired: QueryBoolean.optional(),
});
export type LabelListQuery = z.output<typeof LabelListQuery>;

/** DELETE /v4/repositories/{repository_id}/label query (DeleteRepositoryLabelRequest: name required). */
export const LabelNameQuery = z.object({ name: LabelName });
