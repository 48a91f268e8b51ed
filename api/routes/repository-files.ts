/**
 * A repository's files, V4 (official SDK create_file, show_file, update_file, delete_file; models
 * in wire/repository-files.ts). Show, update and delete name the file by the `file_path` query.
 */
import { route } from "../route-spec";
import { V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/repository-files";

export const repositoryFileRoutes = {
  createFile: route({
    method: "POST",
    path: "/v4/repositories/{repository_id}/repository/files",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.CreateFileBody,
    result: wire.FileWritten,
    // A blind retry after a lost answer meets the file it made and is refused.
    idempotent: false,
  }),
  showFile: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/repository/file",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.ShowFileQuery,
    result: wire.RepositoryFile,
    idempotent: true,
  }),
  updateFile: route({
    method: "PUT",
    path: "/v4/repositories/{repository_id}/repository/file",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.UpdateFileQuery,
    body: wire.UpdateFileBody,
    result: wire.FileWritten,
    // Sent without `last_commit_id` (provider/repository-file.ts says why): a retry writes the same content again.
    idempotent: true,
  }),
  /** The SDK answers `{status}` and documents no status code; 200 with that body here. */
  deleteFile: route({
    method: "DELETE",
    path: "/v4/repositories/{repository_id}/repository/file",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.DeleteFileQuery,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
