/**
 * Branch, protected-branch and protected-tag calls (§4.2.12, §4.2.25, §4.2.26, §4.2.28, §4.2.29,
 * §4.2.30, §4.10.1; V4 digest §2–§3). V4 answers express levels through the one mapping in
 * provider/wire-branches.ts, which is an assumption (digest §10 Q5).
 */
import {
  AccessLevel,
  AccessLevelValue,
  AddProtectResponse,
  ProtectionRuleV4,
  levelOfActionBody,
  protectionActionFor,
} from "../provider/wire-branches";
import { addBranch } from "./branch";
import { Handlers, faults, repositoryV4 } from "./server";
import { Branch, Commit, ProtectedBranchRule, ProtectedTagRule, Repository, World } from "./state";

type BranchHandlers = Pick<
  Handlers,
  | "createBranch"
  | "listBranches"
  | "listBranchesV1"
  | "protectBranch"
  | "unprotectBranch"
  | "listProtectedBranches"
  | "createProtectedTag"
  | "listProtectedTags"
  | "updateProtectedTag"
  | "deleteProtectedTag"
>;

const LEVEL_DESCRIPTIONS: Record<AccessLevelValue, string> = {
  [AccessLevel.noOne]: "No one",
  [AccessLevel.developers]: "Developers + Maintainers",
  [AccessLevel.maintainers]: "Maintainers",
};

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

function branchAnswer(repo: Repository, branch: Branch, rule: ProtectedBranchRule | undefined): AddProtectResponse {
  const can = (level: AccessLevelValue | undefined, who: AccessLevelValue) => rule !== undefined && level !== AccessLevel.noOne && level !== undefined && level <= who;
  return {
    name: branch.name,
    commit: commitV2(repo.commits.find((c) => c.id === branch.commitId)),
    protected: rule !== undefined,
    developers_can_push: can(rule?.pushAccessLevel, AccessLevel.developers),
    developers_can_merge: can(rule?.mergeAccessLevel, AccessLevel.developers),
    master_can_push: can(rule?.pushAccessLevel, AccessLevel.maintainers),
    master_can_merge: can(rule?.mergeAccessLevel, AccessLevel.maintainers),
    no_one_can_push: rule?.pushAccessLevel === AccessLevel.noOne,
    no_one_can_merge: rule?.mergeAccessLevel === AccessLevel.noOne,
    in_an_opened_merge_request: false,
  };
}

function nextRuleId(rules: { id: number }[]): number {
  return rules.reduce((max, rule) => Math.max(max, rule.id), 0) + 1;
}

function page<T>(items: T[], offset = 0, limit = 20): T[] {
  return items.slice(offset, offset + limit);
}

function fuzzy<T extends { name: string }>(items: T[], search: string | undefined): T[] {
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
  const v4 = (id: string): Repository => repositoryV4(world, id);
  const protectedBranches = (repo: Repository) => (repo.protectedBranches ??= []);
  const protectedTags = (repo: Repository) => (repo.protectedTags ??= []);
  /** The v2 deletes (§4.2.26, §4.2.29) answer the removed rule's id as a string. */
  const removeRule = (rules: { id: number; name: string }[], name: string, what: string): string => {
    const index = rules.findIndex((rule) => rule.name === name);
    if (index < 0) throw faults.notFound(`${what} ${name} does not exist`);
    const [removed] = rules.splice(index, 1);
    world.save();
    return String(removed.id);
  };
  const branchRuleV4 = (rule: ProtectedBranchRule): ProtectionRuleV4 => ({
    id: rule.id,
    name: rule.name,
    actions: [protectionActionFor("push", rule.pushAccessLevel), protectionActionFor("merge", rule.mergeAccessLevel)],
  });
  const tagRuleV4 = (rule: ProtectedTagRule): ProtectionRuleV4 => ({
    id: rule.id,
    name: rule.name,
    actions: [protectionActionFor("create", rule.createAccessLevel)],
  });

  return {
    createBranch({ params, body, userId }) {
      const repo = repository(params.repository_id);
      return branchAnswer(repo, addBranch(world, repo, body.branch_name, body.ref, userId), undefined);
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
      const protectedNames = new Set(protectedBranches(repo).map((rule) => rule.name));
      return { total: repo.branches.length, branches: repo.branches.map((b) => ({ name: b.name, is_protected: protectedNames.has(b.name) })) };
    },

    protectBranch({ params, body }) {
      const repo = repository(params.repository_id);
      const branch = repo.branches.find((b) => b.name === params.branch_name);
      if (!branch) throw faults.notFound(`Branch ${params.branch_name} does not exist`);
      const { push_access_level: push, merge_access_level: merge } = body.access_level;
      if (merge < push) {
        throw faults.invalid("Param invalid: merge_access_level must be greater than or equal to push_access_level");
      }
      const rules = protectedBranches(repo);
      let rule = rules.find((r) => r.name === branch.name);
      if (rule) Object.assign(rule, { pushAccessLevel: push, mergeAccessLevel: merge });
      else rules.push((rule = { id: nextRuleId(rules), name: branch.name, pushAccessLevel: push, mergeAccessLevel: merge }));
      world.save();
      return branchAnswer(repo, branch, rule);
    },

    unprotectBranch({ params }) {
      return removeRule(protectedBranches(repository(params.repository_id)), params.branch_name, "Protected branch");
    },

    listProtectedBranches({ params, query }) {
      const repo = v4(params.repository_id);
      return page(fuzzy(protectedBranches(repo), query.search), query.offset, query.limit).map(branchRuleV4);
    },

    createProtectedTag({ params, body }) {
      const repo = repository(params.repository_id);
      if (!body.name) throw faults.invalid("Param invalid: name must not be empty");
      const rules = protectedTags(repo);
      if (rules.some((r) => r.name === body.name)) throw faults.invalid(`Param invalid: protected tag ${body.name} already exists`);
      const rule: ProtectedTagRule = { id: nextRuleId(rules), name: body.name, createAccessLevel: body.create_access_level ?? AccessLevel.maintainers };
      rules.push(rule);
      world.save();
      return {
        name: rule.name,
        create_access_levels: { access_level: rule.createAccessLevel, access_level_description: LEVEL_DESCRIPTIONS[rule.createAccessLevel] },
      };
    },

    listProtectedTags({ params, query }) {
      const repo = v4(params.repository_id);
      return page(fuzzy(protectedTags(repo), query.search), query.offset, query.limit).map(tagRuleV4);
    },

    updateProtectedTag({ params, query, body }) {
      const repo = v4(params.repository_id);
      const rule = protectedTags(repo).find((r) => r.name === query.tag_name);
      if (!rule) throw faults.notFound(`Protected tag ${query.tag_name} does not exist`);
      const create = body.find((action) => action.action === "create");
      if (!create) throw faults.invalid('Param invalid: the only action of a protected tag is "create"');
      rule.createAccessLevel = levelOfActionBody(create);
      world.save();
      return tagRuleV4(rule);
    },

    deleteProtectedTag({ params }) {
      return removeRule(protectedTags(repository(params.repository_id)), params.name, "Protected tag");
    },
  };
}
