/**
 * One tag through V4: create, show, delete (SDK CreateTag, ShowTag, DeleteTag; see wire/tags.ts).
 * Errors in the V4 shape, as for branches (emulator/branch.ts).
 *
 * Emulator choices where the SDK is silent:
 * - a new tag's name must be a valid git ref name, and a create of a tag that exists is refused
 *   with 400 CH.010001, as a branch's is;
 * - `ref` may name a branch, a tag or a commit, as for branches;
 * - a tag with a message answers it; protected-tag rules do not stop the emulator's admin;
 * - a delete answers 204 without a body.
 */
import type { TagV4 } from "../wire/tags";
import { isValidRefName } from "../wire/branches";
import { resolveRef } from "./branch";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, TagRecord, World } from "./state";

type TagHandlers = Pick<Handlers, "createTag" | "showTag" | "deleteTag">;

function tagV4(repo: Repository, tag: TagRecord): TagV4 {
  const commit = repo.commits.find((c) => c.id === tag.commitId);
  return {
    name: tag.name,
    message: tag.message ?? "",
    target: tag.commitId,
    commit: commit
      ? { id: commit.id, short_id: commit.id.slice(0, 8), title: commit.title, message: commit.title, committed_date: commit.createdAt, committer_name: commit.authorName, parent_ids: commit.parentIds }
      : null,
  };
}

export function tagHandlers(world: World): TagHandlers {
  const existing = (repo: Repository, name: string): TagRecord => {
    const tag = repo.tags?.find((t) => t.name === name);
    if (!tag) throw faults.notFound(`Tag ${name} does not exist`);
    return tag;
  };

  return {
    createTag({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      if (!isValidRefName(body.tag_name)) throw faults.invalid(`Param invalid: tag name ${body.tag_name} is not a valid git tag name`);
      if (repo.tags?.some((t) => t.name === body.tag_name)) throw faults.invalid(`Param invalid: tag ${body.tag_name} already exists`);
      const commitId = resolveRef(repo, body.ref);
      if (!commitId) throw faults.invalid(`Param invalid: ref ${body.ref} is neither a branch, a tag nor a commit of this repository`);
      const tag: TagRecord = { name: body.tag_name, commitId, ...(body.message ? { message: body.message } : {}) };
      (repo.tags ??= []).push(tag);
      world.save();
      return new Reply(tagV4(repo, tag), 201);
    },

    showTag({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      return tagV4(repo, existing(repo, query.tag_name));
    },

    deleteTag({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const tag = existing(repo, query.tag_name);
      repo.tags = repo.tags!.filter((t) => t !== tag);
      world.save();
      return new Reply(undefined, 204);
    },
  };
}
