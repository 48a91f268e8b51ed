/**
 * One branch through V4: create, show, delete (SDK CreateBranch, ShowBranch, DeleteBranch; see
 * wire/branch.ts). Errors come in the V4 shape `{error_code, error_msg}`: a missing
 * repository is 404 CH.00402000 (seeds 001, 003), a missing branch 404 CH.000404, a refused
 * request 400 CH.010001.
 *
 * Emulator choices where the sources are silent:
 * - `ref` may name a branch, a tag or a commit (full id, or a prefix of at least 7 characters
 *   that only one commit has);
 * - a create of a branch that exists is refused with 400, as GitLab does;
 * - deleting the repository's default branch is refused with 400 (the DeleteBranch page does not
 *   say; GitLab refuses it), and a delete answers 204 with `{"status": "success"}`, as the page's
 *   example shows.
 */
import { BranchV4, isCreatableRefName } from "../wire/branch";
import { isValidRefName } from "../wire/branches";
import { recordPush } from "./commits";
import { Handlers, faults, repositoryV4 } from "./server";
import { Branch, Repository, World } from "./state";

type OneBranchHandlers = Pick<Handlers, "createBranchV4" | "showBranch" | "deleteBranchV4">;

/** The commit a ref names: a branch, a tag, a full commit id, or an unambiguous commit id prefix. */
export function resolveRef(repo: Repository, ref: string): string | undefined {
  const branch = repo.branches.find((b) => b.name === ref);
  if (branch) return branch.commitId;
  const tag = repo.tags?.find((t) => t.name === ref);
  if (tag) return tag.commitId;
  const commits = ref.length >= 7 ? repo.commits.filter((c) => c.id.startsWith(ref)) : [];
  return commits.length === 1 ? commits[0].id : undefined;
}

/** Adds a branch at `ref` as a push by `userId` would (shared by the v2 §4.10.1 and V4 creates). */
export function addBranch(world: World, repo: Repository, name: string, ref: string, userId: string): Branch {
  if (!isValidRefName(name)) throw faults.invalid(`Param invalid: branch name ${name} is not a valid git branch name`);
  if (repo.branches.some((b) => b.name === name)) throw faults.invalid(`Param invalid: branch ${name} already exists`);
  const source = resolveRef(repo, ref);
  if (!source) throw faults.invalid(`Param invalid: ref ${ref} is neither a branch, a tag nor a commit of this repository`);
  const branch = { name, commitId: source };
  repo.branches.push(branch);
  recordPush(world, repo, { pusherId: userId, ref: name, from: null, to: source, commits: [], at: Date.now() });
  world.save();
  return branch;
}

function branchV4(repo: Repository, branch: Branch): BranchV4 {
  const commit = repo.commits.find((c) => c.id === branch.commitId);
  const isDefault = branch.name === repo.defaultBranch;
  return {
    name: branch.name,
    commit: commit
      ? { id: commit.id, short_id: commit.id.slice(0, 8), title: commit.title, message: commit.title, committed_date: commit.createdAt, committer_name: commit.authorName, parent_ids: commit.parentIds }
      : null,
    protected: (repo.protectedBranches ?? []).some((rule) => rule.name === branch.name),
    default: isDefault,
    merged: false,
    can_push: true,
  };
}

export function oneBranchHandlers(world: World): OneBranchHandlers {
  const existing = (repo: Repository, name: string): Branch => {
    const branch = repo.branches.find((b) => b.name === name);
    if (!branch) throw faults.notFound(`Branch ${name} does not exist`);
    return branch;
  };

  return {
    createBranchV4({ params, body, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      // CreateBranchDto documents rules beyond git's (wire/branch.ts).
      if (!isCreatableRefName(body.branch)) throw faults.invalid(`Param invalid: branch name ${body.branch} breaks the documented naming rules`);
      return branchV4(repo, addBranch(world, repo, body.branch, body.ref, userId));
    },

    showBranch({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      return branchV4(repo, existing(repo, query.branch_name));
    },

    deleteBranchV4({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const branch = existing(repo, query.branch_name);
      if (branch.name === repo.defaultBranch) throw faults.invalid(`Param invalid: the default branch ${branch.name} cannot be deleted`);
      repo.branches = repo.branches.filter((b) => b !== branch);
      world.save();
      return { status: "success" };
    },
  };
}
