/**
 * Wire schemas of a repository's files, V4, shared by the client and the emulator.
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations create_file
 * (body FileBodyDto, answer CreateFileResponse), show_file (query `ref`, `file_path`; answer
 * ShowFileResponse), update_file (query `file_path`, body UpdateFileBodyDto, answer
 * UpdateFileResponse) and delete_file (query `file_path`, `branch`, `commit_message`,
 * `author_name`, `author_email`; answer DeleteFileResponse). Field notes (translated): `ref`
 * "branch, tag or commit id; left out, the default branch"; `file_path` "1 to 10000 characters";
 * delete's `branch`, `commit_message`, `author_email` "1 to 2000 characters"; `encoding` "encoding"
 * (FileBodyDto and ShowFileResponse list no values; the commit ActionDto's `encoding` lists text
 * and base64); `blob_id` "file identifier"; `content_sha256` "sha256 value"; `last_commit_id`
 * "latest commit id" (in UpdateFileBodyDto: the last commit the caller saw the file at).
 *
 * The SDK is silent on: which body fields are required, the default encoding of a create or an
 * update, the encoding the show answers content in (its `encoding` field says which), whether
 * `content_sha256` is the digest of the raw bytes, and the maximum size of a file. Create and
 * update answer only `{branch, file_path}`: neither the blob nor the commit they made.
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** The encodings the SDK names (ActionDto `encoding`: text, base64). */
export const FILE_ENCODINGS = ["text", "base64"] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** Length limits the SDK gives for delete_file's and show_file's query fields. */
export const FILE_PATH_MAX = 10000;
export const BRANCH_MAX = 2000;
export const COMMIT_MESSAGE_MAX = 2000;

/** FileBodyDto: POST …/repository/files. */
export const CreateFileBody = z.object({
  file_path: z.string().min(1).max(FILE_PATH_MAX),
  branch: z.string().min(1).max(BRANCH_MAX).optional(),
  content: z.string().optional(),
  encoding: z.string().optional(),
  commit_message: z.string().min(1).max(COMMIT_MESSAGE_MAX).optional(),
  author_email: z.string().optional(),
  author_name: z.string().optional(),
  /** "user name" in the SDK; the provider never sends it. */
  name: z.string().optional(),
});
export type CreateFileBody = z.infer<typeof CreateFileBody>;

/** UpdateFileBodyDto: PUT …/repository/file?file_path=. */
export const UpdateFileBody = CreateFileBody.extend({ last_commit_id: z.string().optional() });
export type UpdateFileBody = z.infer<typeof UpdateFileBody>;

/** CreateFileResponse and UpdateFileResponse. */
export const FileWritten = z.object({ branch: optionalNullable(z.string()), file_path: optionalNullable(z.string()) });

/** GET …/repository/file query (ShowFileRequest). */
export const ShowFileQuery = z.object({ file_path: z.string().min(1).max(FILE_PATH_MAX), ref: z.string().min(1).max(BRANCH_MAX).optional() });

/** PUT …/repository/file query (UpdateFileRequest). */
export const UpdateFileQuery = z.object({ file_path: z.string().min(1).max(FILE_PATH_MAX) });

/** DELETE …/repository/file query (DeleteFileRequest). */
export const DeleteFileQuery = z.object({
  file_path: z.string().min(1).max(FILE_PATH_MAX),
  branch: z.string().min(1).max(BRANCH_MAX).optional(),
  commit_message: z.string().min(1).max(COMMIT_MESSAGE_MAX).optional(),
  author_name: z.string().optional(),
  author_email: z.string().min(1).max(2000).optional(),
});

/** RepositoryCommitDto as far as the provider reads it. */
const FileCommit = z.object({ id: optionalNullable(z.string()), message: optionalNullable(z.string()) }).passthrough();

/** ShowFileResponse. */
export const RepositoryFile = z.object({
  name: optionalNullable(z.string()),
  path: optionalNullable(z.string()),
  size: optionalNullable(z.number().int()),
  encoding: optionalNullable(z.string()),
  ref: optionalNullable(z.string()),
  blob_id: optionalNullable(z.string()),
  file_type: optionalNullable(z.string()),
  commit: optionalNullable(FileCommit),
  content: optionalNullable(z.string()),
  is_limited: optionalNullable(z.boolean()),
  content_sha256: optionalNullable(z.string()),
  last_commit_id: optionalNullable(z.string()),
  nick_name: optionalNullable(z.string()),
  tenant_name: optionalNullable(z.string()),
  user_name: optionalNullable(z.string()),
});
export type RepositoryFile = z.output<typeof RepositoryFile>;
