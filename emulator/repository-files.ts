/**
 * A repository's files, V4 (official SDK create_file, show_file, update_file, delete_file;
 * wire/repository-files.ts). Files live in the branch's tree: every write is a commit pushed to
 * the branch (commits.ts pushCommit), which moves the branch's head as the service does.
 *
 * Emulator choices where the SDK is silent:
 * - create and update need `branch` (GitLab's API, which this one follows, requires it) and a
 *   commit message; the branch must exist (400 CH.010001 otherwise), as must the file for an
 *   update and a delete (404 CH.000404), and a create of a path that exists is 400 CH.010001;
 * - `encoding` "base64" means the content is base64; anything else, or nothing, is text; the
 *   emulator keeps every file as UTF-8 text (its trees are text, for line counts), so bytes that are
 *   not UTF-8 do not survive it;
 * - the show answers the content base64 with `encoding: "base64"` (as GitLab does), `blob_id` as
 *   git names the blob (sha1 of "blob <size>\0<bytes>"), `content_sha256` the sha256 of the raw
 *   bytes in hex, and a missing branch or commit as 404; without `ref`, the default branch;
 * - an update's `last_commit_id`, when sent, must be the commit that last changed the file (400
 *   CH.010001 otherwise); the delete answers 200 `{"status": "success"}`;
 * - writing takes developer rights and the push right of a protected branch (403 CH.080403).
 */
import { createHash } from "node:crypto";
import type { CommitAction } from "../wire/activity";
import type { RepositoryFile, UpdateFileBody } from "../wire/repository-files";
import { CommitSettings, branchTip, pushCommit } from "./commits";
import { Handlers, faults, repositoryV4 } from "./server";
import { Commit, Repository, World } from "./state";

type FileHandlers = Pick<Handlers, "createFile" | "showFile" | "updateFile" | "deleteFile">;

/** The blob id git gives these bytes. */
export function gitBlobId(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function decoded(content: string | undefined, encoding: string | undefined): string {
  if (content === undefined) throw faults.invalid("Param invalid: content is required");
  return encoding === "base64" ? Buffer.from(content, "base64").toString("utf8") : content;
}

/** The commit `ref` names: a branch or a commit id (the emulator keeps no tags); undefined when none. */
function commitAt(repo: Repository, ref: string): Commit | undefined {
  return branchTip(repo, ref) ?? repo.commits.find((commit) => commit.id === ref);
}

function requiredBranch(repo: Repository, branch: string | undefined): string {
  if (!branch) throw faults.invalid("Param invalid: branch is required");
  if (!branchTip(repo, branch)) throw faults.invalid(`Param invalid: branch ${branch} does not exist`);
  return branch;
}

export function repositoryFileHandlers(world: World, settings: CommitSettings): FileHandlers {
  const fileOn = (repo: Repository, branch: string, path: string) => {
    const file = branchTip(repo, branch)?.files?.[path];
    if (!file) throw faults.notFound(`File ${path} does not exist on ${branch}`);
    return file;
  };

  /** A create or an update: one commit of the body's content, with its message and author, to its branch. */
  const commitFile = (repo: Repository, userId: string, body: UpdateFileBody, action: Omit<CommitAction, "content">) => {
    const branch = requiredBranch(repo, body.branch);
    if (!body.commit_message) throw faults.invalid("Param invalid: commit_message is required");
    pushCommit(world, repo, settings, {
      userId,
      branch,
      message: body.commit_message,
      authorName: body.author_name,
      authorEmail: body.author_email,
      actions: [{ ...action, content: decoded(body.content, body.encoding) }],
    });
    return { branch, file_path: action.file_path };
  };

  return {
    createFile({ params, body, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      return commitFile(repo, userId, body, { action: "create", file_path: body.file_path });
    },

    showFile({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const ref = query.ref ?? repo.defaultBranch;
      const commit = commitAt(repo, ref);
      if (!commit) throw faults.notFound(`Ref ${ref} does not exist`);
      const file = commit.files?.[query.file_path];
      if (!file) throw faults.notFound(`File ${query.file_path} does not exist at ${ref}`);
      const bytes = Buffer.from(file.content, "utf8");
      const last = repo.commits.find((candidate) => candidate.id === file.lastCommitId);
      const answer: RepositoryFile = {
        name: query.file_path.split("/").at(-1) ?? query.file_path,
        path: query.file_path,
        size: bytes.length,
        encoding: "base64",
        ref,
        blob_id: gitBlobId(bytes),
        file_type: "file",
        commit: last ? { id: last.id, message: last.message ?? last.title } : null,
        content: bytes.toString("base64"),
        is_limited: false,
        content_sha256: createHash("sha256").update(bytes).digest("hex"),
        last_commit_id: file.lastCommitId,
      };
      return answer;
    },

    updateFile({ params, query, body, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      fileOn(repo, requiredBranch(repo, body.branch), query.file_path);
      return commitFile(repo, userId, body, { action: "update", file_path: query.file_path, last_commit_id: body.last_commit_id });
    },

    deleteFile({ params, query, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      const branch = query.branch ?? repo.defaultBranch;
      if (!branchTip(repo, branch)) throw faults.notFound(`Branch ${branch} does not exist`);
      fileOn(repo, branch, query.file_path);
      pushCommit(world, repo, settings, {
        userId,
        branch,
        message: query.commit_message ?? `Delete ${query.file_path}`,
        authorName: query.author_name,
        authorEmail: query.author_email,
        actions: [{ action: "delete", file_path: query.file_path }],
      });
      return { status: "success" };
    },
  };
}
