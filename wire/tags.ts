/**
 * Wire schemas of one tag through the V4 calls (create, show, delete), shared by the client and
 * the emulator. Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations
 * create_tag, show_tag, delete_tag and the models CreateTagDto ("tag_name: the new tag's name;
 * ref: created from a ref (branch, commit id); message: the tag's description"),
 * ShowTagResponse/CreateTagResponse (`target` "the commit id", `commit` a CommitDto) and the
 * requests' `tag_name` ("1 to 2000 characters").
 *
 * The SDK is silent on: rules for a new tag's name beyond git's, whether `ref` may name a tag,
 * whether a tag with a message is an annotated tag, and the create's status.
 */
import { z } from "zod";
import { optionalNullable } from ".";
import { CommitRepoV2 } from "./branches";

/** POST /v4/repositories/{repository_id}/repository/tags body (CreateTagDto). */
export const CreateTagBody = z.object({
  tag_name: z.string().min(1),
  ref: z.string().min(1),
  message: z.string().optional(),
});
export type CreateTagBody = z.infer<typeof CreateTagBody>;

/** The create and show answers (CreateTagResponse, ShowTagResponse: the same fields). */
export const TagV4 = z.object({
  name: z.string(),
  message: optionalNullable(z.string()),
  target: optionalNullable(z.string()),
  commit: optionalNullable(CommitRepoV2),
});
export type TagV4 = z.infer<typeof TagV4>;

/** `?tag_name=` of ShowTag and DeleteTag: 1–2000 characters. */
export const TagNameQuery = z.object({ tag_name: z.string().min(1).max(2000) });
