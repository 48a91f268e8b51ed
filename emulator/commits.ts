/**
 * Commits and push events: the create-commit call (§4.5.2) and the events call (v4 digest §8.4).
 *
 * Every commit keeps its whole tree, so the lines a change adds and deletes are counted the way
 * git counts them (a line diff of each file), and every push — a commit, a new branch, a new
 * repository — is recorded as the event the events call lists.
 *
 * The emulator's choices where the documents are silent:
 * - `branch` is the branch committed to; when it does not exist, `start_branch` names the branch
 *   it starts from (as in GitLab, whose API this one follows); `force` with `start_branch`
 *   rebuilds `branch` on top of `start_branch`.
 * - Committing takes developer or maintainer rights and the push right of a protected branch
 *   (its push whitelist, see protections.ts):
 *   403 CH.080403 otherwise. Bad actions (creating a file that exists, updating one that does not,
 *   a stale `last_commit_id`) answer 400 CH.010001.
 * - A repository created without a README is empty on the real service. Here it gets an empty
 *   first commit on master, so that branch protection has a branch to act on; its push is
 *   recorded like any other.
 * - The events call reads a date-only `before`/`after` as that day's 00:00 UTC; both bounds are
 *   exclusive.
 */
import { diffLines } from "diff";
import { ErrorCodes } from "../wire";
import { ActivityErrors, CommitAction, CommitV2, EVENTS_LIMIT, PushActionName, PushEvent } from "../wire/activity";
import { membersOf } from "./members";
import { mayPush } from "./protections";
import { fileRefused } from "./file-push-permissions";
import { Fault, Handlers, Reply, faults, repositoryV4 } from "./server";
import { Commit, FileEntry, PushEventRecord, Repository, World, randomHex } from "./state";

export interface CommitSettings {
  /** New commits and their pushes are stamped this far from the real clock (negative: in the past). */
  commitClockOffsetMs: number;
}

type CommitHandlers = Pick<Handlers, "createCommit" | "listRepositoryEvents">;

const ROLE = { developer: 30 } as const;

/** "2021-09-26T03:44:51.000Z": git keeps whole seconds, and every example on the pages shows .000. */
export function commitTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** Lines `after` adds to and deletes from `before`, as `git diff --numstat` counts them. */
export function changedLines(before: string, after: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) additions += part.count ?? 0;
    if (part.removed) deletions += part.count ?? 0;
  }
  return { additions, deletions };
}

function decoded(action: CommitAction): string | undefined {
  if (action.content === undefined) return undefined;
  return action.encoding === "base64" ? Buffer.from(action.content, "base64").toString("utf8") : action.content;
}

/** The tree after the actions, and the lines they add and delete; a bad action fails the whole commit. */
export function applyActions(
  tree: Record<string, FileEntry>,
  actions: CommitAction[],
  commitId: string,
): { files: Record<string, FileEntry>; additions: number; deletions: number } {
  const files = { ...tree };
  let additions = 0;
  let deletions = 0;
  const count = (before: string, after: string) => {
    const lines = changedLines(before, after);
    additions += lines.additions;
    deletions += lines.deletions;
  };
  const existing = (path: string, action: CommitAction): FileEntry => {
    const file = files[path];
    if (!file) throw faults.invalid(`Param invalid: ${action.action} ${path}: a file with this name doesn't exist`);
    if (action.last_commit_id && action.last_commit_id !== file.lastCommitId) {
      throw faults.invalid(`Param invalid: ${action.action} ${path}: the file has changed since commit ${action.last_commit_id}`);
    }
    return file;
  };
  const absent = (path: string, action: CommitAction) => {
    if (files[path]) throw faults.invalid(`Param invalid: ${action.action} ${path}: a file with this name already exists`);
  };
  const contentOf = (action: CommitAction): string => {
    const content = decoded(action);
    if (content === undefined) throw faults.invalid(`Param invalid: ${action.action} ${action.file_path}: content is required`);
    return content;
  };

  for (const action of actions) {
    const path = action.file_path;
    if (path.startsWith("/") || path.split("/").includes("..")) throw faults.invalid(`Param invalid: file_path ${path} is not a relative path`);
    switch (action.action) {
      case "create": {
        absent(path, action);
        const content = contentOf(action);
        count("", content);
        files[path] = { content, executable: false, lastCommitId: commitId };
        break;
      }
      case "update": {
        const file = existing(path, action);
        const content = contentOf(action);
        count(file.content, content);
        files[path] = { ...file, content, lastCommitId: commitId };
        break;
      }
      case "delete": {
        count(existing(path, action).content, "");
        delete files[path];
        break;
      }
      case "move": {
        if (!action.previous_path) throw faults.invalid(`Param invalid: move ${path}: previous_path is required`);
        const source = existing(action.previous_path, action);
        absent(path, action);
        const content = decoded(action) ?? source.content;
        count(source.content, content);
        delete files[action.previous_path];
        files[path] = { content, executable: source.executable, lastCommitId: commitId };
        break;
      }
      case "chmod": {
        const file = existing(path, action);
        files[path] = { ...file, executable: action.execute_filemode ?? false, lastCommitId: commitId };
        break;
      }
    }
  }
  return { files, additions, deletions };
}

export interface NewCommit {
  parent?: Commit;
  message: string;
  authorName: string;
  authorEmail?: string | null;
  committerId: string;
  actions: CommitAction[];
  /** Epoch ms. */
  at: number;
}

/** Makes a commit on top of `parent` (none: the first commit) and adds it to the repository. */
export function addCommit(repo: Repository, change: NewCommit): Commit {
  const id = randomHex(20);
  const { files, additions, deletions } = applyActions(change.parent?.files ?? {}, change.actions, id);
  const commit: Commit = {
    id,
    title: change.message.split("\n")[0],
    message: change.message,
    authorName: change.authorName,
    authorEmail: change.authorEmail ?? null,
    committerId: change.committerId,
    createdAt: commitTime(change.at),
    parentIds: change.parent ? [change.parent.id] : [],
    additions,
    deletions,
    files,
  };
  repo.commits.push(commit);
  return commit;
}

/** Records a push to a branch: a new branch ("pushed new") or new commits on one ("pushed to"). */
export function recordPush(
  world: World,
  repo: Repository,
  push: { pusherId: string; ref: string; from: string | null; to: string; commits: Commit[]; at: number },
): void {
  world.data.nextEventId ??= 1;
  const created = push.from === null;
  const event: PushEventRecord = {
    id: world.data.nextEventId++,
    actionName: created ? PushActionName.newRef : PushActionName.push,
    pusherId: push.pusherId,
    createdAt: commitTime(push.at),
    ref: push.ref,
    action: created ? "created" : "pushed",
    commitFrom: push.from,
    commitTo: push.to,
    commitCount: push.commits.length,
    commitTitle: push.commits.at(-1)?.title ?? null,
  };
  (repo.events ??= []).push(event);
}

/** The first commit of a new repository (with a README when asked) and its push. */
export function initialCommit(world: World, repo: Repository, options: { creatorId: string; readme: boolean; at: number }): Commit {
  const creator = world.userById(options.creatorId);
  const readme = `# ${repo.name}\n\n${repo.description || "A CodeArts Repo repository."}\n`;
  const commit = addCommit(repo, {
    message: options.readme ? "Add README.md" : "Initial commit",
    authorName: creator?.name ?? "unknown",
    committerId: options.creatorId,
    actions: options.readme ? [{ action: "create", file_path: "README.md", content: readme }] : [],
    at: options.at,
  });
  repo.branches.push({ name: repo.defaultBranch, commitId: commit.id });
  recordPush(world, repo, { pusherId: options.creatorId, ref: repo.defaultBranch, from: null, to: commit.id, commits: [commit], at: options.at });
  return commit;
}

/** The caller's role in the repository, or the page's 403 when the caller is not a member. */
export function requireMember(repo: Repository, userId: string, refusal: { code: string; message: string }): number {
  const member = membersOf(repo).find((m) => m.userId === userId);
  if (!member) throw new Fault(403, refusal.code, refusal.message);
  return member.role;
}

function commitV2(world: World, commit: Commit, withStats: boolean): CommitV2 {
  const committer = commit.committerId ? world.userById(commit.committerId) : undefined;
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    title: commit.title,
    author_name: commit.authorName,
    author_email: commit.authorEmail ?? null,
    committer_name: committer?.name ?? commit.authorName,
    committer_email: null,
    created_at: commit.createdAt,
    message: commit.message ?? commit.title,
    parent_ids: commit.parentIds,
    committed_date: commit.createdAt,
    authored_date: null,
    stats: withStats
      ? { additions: commit.additions ?? 0, deletions: commit.deletions ?? 0, total: (commit.additions ?? 0) + (commit.deletions ?? 0) }
      : null,
  };
}

function pushEvent(world: World, repo: Repository, event: PushEventRecord): PushEvent {
  const pusher = world.userById(event.pusherId);
  return {
    action_name: event.actionName,
    author: {
      id: pusher?.numericId ?? null,
      name: pusher?.name ?? null,
      username: event.pusherId,
      state: "active",
      avatar_url: "",
      name_cn: pusher?.name ?? null,
      nick_name: pusher?.name ?? null,
      tenant_name: world.seed.domain.name,
    },
    author_id: pusher?.numericId ?? null,
    author_username: event.pusherId,
    created_at: event.createdAt,
    repository_id: repo.id,
    repository_name: `${repo.groupName}/${repo.name}`,
    push_data: {
      commit_count: event.commitCount,
      action: event.action,
      ref_type: "branch",
      commit_from: event.commitFrom,
      commit_to: event.commitTo,
      ref: event.ref,
      commit_title: event.commitTitle,
    },
  };
}

/** `YYYY-MM-DD` (that day, 00:00 UTC) or a full timestamp; undefined when absent. */
function instant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw new Fault(400, ErrorCodes.invalidParam, `Param invalid: ${name} ${value} is not a date`);
  return ms;
}

/** What a push of one commit to a branch needs: who, where, what, and the commit's parent. */
export interface BranchPush {
  userId: string;
  branch: string;
  message: string;
  actions: CommitAction[];
  authorName?: string;
  authorEmail?: string | null;
  /** The commit built on; undefined for the branch's tip. */
  parent?: Commit;
}

/**
 * One commit pushed to a branch by a member, as every call that writes files does (create-commit,
 * the V4 file calls): developer rights and the protected branch's push right, else 403; the
 * branch's head moves to the commit (a branch not there yet starts at it) and the push is recorded.
 */
export function pushCommit(world: World, repo: Repository, settings: CommitSettings, push: BranchPush): Commit {
  const refused = (message: string) => new Fault(403, ErrorCodes.forbidden, message);
  const role = membersOf(repo).find((m) => m.userId === push.userId)?.role ?? 0;
  if (role < ROLE.developer) throw refused(`You are not allowed to push to repository ${repo.name}`);
  if (!mayPush(world, repo, push.branch, push.userId, role)) throw refused(`You are not allowed to push into protected branch ${push.branch}`);
  const touched = push.actions.flatMap((action) => [action.file_path, ...(action.previous_path ? [action.previous_path] : [])]);
  const lockedFile = fileRefused(world, repo, touched, push.userId, role);
  if (lockedFile !== undefined) throw refused(`You are not allowed to push changes to ${lockedFile}: a file push permission covers it`);
  const target = repo.branches.find((b) => b.name === push.branch);
  const pusher = world.userById(push.userId);
  const at = Date.now() + settings.commitClockOffsetMs;
  const commit = addCommit(repo, {
    parent: push.parent ?? branchTip(repo, push.branch),
    message: push.message,
    authorName: push.authorName ?? pusher?.name ?? "unknown",
    authorEmail: push.authorEmail,
    committerId: push.userId,
    actions: push.actions,
    at,
  });
  const from = target?.commitId ?? null;
  if (target) target.commitId = commit.id;
  else repo.branches.push({ name: push.branch, commitId: commit.id });
  recordPush(world, repo, { pusherId: push.userId, ref: push.branch, from, to: commit.id, commits: [commit], at });
  world.save();
  return commit;
}

/** The commit a branch points at; undefined when there is no such branch. */
export function branchTip(repo: Repository, branch: string): Commit | undefined {
  const head = repo.branches.find((b) => b.name === branch)?.commitId;
  return head === undefined ? undefined : repo.commits.find((c) => c.id === head);
}

export function commitHandlers(world: World, settings: CommitSettings): CommitHandlers {
  return {
    createCommit({ params, body, userId }) {
      const repo = world.repositoryById(Number(params.repo_id));
      if (!repo) throw faults.notFound(`Repository ${params.repo_id} does not exist`);
      const target = repo.branches.find((b) => b.name === body.branch);
      const startName = body.start_branch;
      const start = startName === undefined ? undefined : branchTip(repo, startName);
      if (startName !== undefined && !start) throw faults.invalid(`Param invalid: start_branch ${startName} does not exist`);
      if (!target && !start) throw faults.invalid(`Param invalid: branch ${body.branch} does not exist; give start_branch to create it`);
      const parent = target && !(body.force && start) ? branchTip(repo, body.branch) : start;
      const commit = pushCommit(world, repo, settings, {
        userId,
        branch: body.branch,
        message: body.commit_message,
        actions: body.actions,
        authorName: body.author_name,
        authorEmail: body.author_email,
        parent,
      });
      return commitV2(world, commit, body.stats ?? true);
    },

    listRepositoryEvents({ params, query, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      requireMember(repo, userId, ActivityErrors.forbiddenRead);
      const before = instant("before", query.before);
      const after = instant("after", query.after);
      const author = query.author_id === undefined ? undefined : world.seed.users.find((u) => u.numericId === query.author_id)?.id ?? "";
      // Every event is a push event for now (v4 digest §8.4), so `filter` all and push list the same.
      const matching = (repo.events ?? [])
        .filter((event) => author === undefined || event.pusherId === author)
        .filter((event) => before === undefined || Date.parse(event.createdAt) < before)
        .filter((event) => after === undefined || Date.parse(event.createdAt) > after)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
      const offset = query.offset ?? 0;
      const limit = query.limit ?? EVENTS_LIMIT.default;
      const page = matching.slice(offset, offset + limit).map((event) => pushEvent(world, repo, event));
      return new Reply(page, undefined, { "x-total": String(matching.length) });
    },
  };
}
