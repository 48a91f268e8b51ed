/**
 * Branch calls (§4.2.12, §4.2.30, §4.10.1). Protected branches and tags are in protections.ts.
 */
import { AddProtectResponse, isValidRefName } from "../wire/branches";
import { addBranch } from "./branch";
import { Handlers, faults } from "./server";
import { Branch, Commit, Repository, World } from "./state";

type BranchHandlers = Pick<Handlers, "createBranch" | "listBranches" | "listBranchesV1">;

function commitV2(commit: Commit | undefined) {
  if (!commit) return null;
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.createdAt,
    title: commit.title,
    parent_ids: commit.parentIds,
    message: commit.title,
    author_name: commit.authorName,
    committer_name: commit.authorName,
    committed_date: commit.createdAt,
  };
}

/**
 * The commit of a v2 branch list entry: CommitV2 (§4.2.30), which has no created_at, parent_ids
 * or author_name, unlike the CommitRepoV2 of the protect and create answers.
 */
function listedCommit(commit: Commit | undefined) {
  const full = commitV2(commit);
  if (!full) return null;
  const { id, short_id, title, message, committed_date, committer_name } = full;
  return { id, short_id, title, message, committed_date, committer_name };
}

/** A new branch (§4.10.1): not protected, so the v2 answer's protection flags are all false. */
function branchAnswer(repo: Repository, branch: Branch): AddProtectResponse {
  return {
    name: branch.name,
    commit: commitV2(repo.commits.find((c) => c.id === branch.commitId)),
    protected: false,
    developers_can_push: false,
    developers_can_merge: false,
    master_can_push: false,
    master_can_merge: false,
    no_one_can_push: false,
    no_one_can_merge: false,
    in_an_opened_merge_request: false,
  };
}

export function page<T>(items: T[], offset = 0, limit = 20): T[] {
  return items.slice(offset, offset + limit);
}

export function fuzzy<T extends { name: string }>(items: T[], search: string | undefined): T[] {
  const needle = search?.toLowerCase();
  return needle ? items.filter((item) => item.name.toLowerCase().includes(needle)) : items;
}

export function branchHandlers(world: World): BranchHandlers {
  /** v1/v2: a missing repository is the envelope 404. */
  const repository = (id: string): Repository => {
    const repo = world.repositoryById(Number(id));
    if (!repo) throw faults.notFound(`Repository ${id} does not exist`);
    return repo;
  };
  return {
    createBranch({ params, body, userId }) {
      const repo = repository(params.repository_id);
      return branchAnswer(repo, addBranch(world, repo, body.branch_name, body.ref, userId));
    },

    listBranches({ params, query }) {
      const repo = repository(params.repository_id);
      const matching = fuzzy(repo.branches, query.match);
      const size = query.per_page ?? 20;
      return {
        total: matching.length,
        branches: page(matching, ((query.page ?? 1) - 1) * size, size).map((branch) => {
          const commit = listedCommit(repo.commits.find((c) => c.id === branch.commitId));
          return { name: branch.name, commit, diverging_commit_counts: { ahead: 0, behind: 0 } };
        }),
      };
    },

    listBranchesV1({ params }) {
      const repo = repository(params.repository_id);
      const protectedNames = new Set((repo.protectedBranches ?? []).map((rule) => rule.name));
      return { total: repo.branches.length, branches: repo.branches.map((b) => ({ name: b.name, is_protected: protectedNames.has(b.name) })) };
    },
  };
}
