/**
 * Protected branches and tags (V4: v4 digest §2–§3) and the repository roles their whitelists name
 * (ListRepositoryResourcePermissions), modelled on the service's documents — deliberately without
 * the provider's level translation, so the provider's reading is tested against an independent
 * model, not against itself.
 *
 * - Roles are the CodeArts Repo user guide's (Project manager, Administrator, Committer,
 *   Developer, Tester, Viewer), each with an opaque id. A member's v1 role (§4.4: 20 reader,
 *   30 developer, 40 maintainer) holds the Viewer, Developer or Administrator role.
 * - A rule keeps each action as a request sent it: `enable`, user ids, member-group ids, role ids.
 * - A push to a protected branch (the create-commit call) is allowed when the rule's push action
 *   is off, or when the pusher is whitelisted by user id or by their role.
 *
 * The emulator's choices where the documents are silent: creating a name that is already
 * protected answers 400; show, update and delete of a missing rule answer 404; an action a create
 * leaves out is not restricted (`enable: false`); role and user ids a request names must exist
 * (400 otherwise), and there are no member groups to name. The V4 tag create's "each name must
 * match at least one tag" is not checked: the emulator keeps no tags.
 *
 * Console controls (outside the documented API, under /__emulator/):
 * - PUT /__emulator/protection-rule {repositoryId, kind: "branch" | "tag", name, actions: [{action,
 *   enable?, user_ids?, user_team_ids?, related_role_ids?}]}: sets those actions of the rule
 *   (creating it), stored as given without any check — for rules the provider cannot express.
 * - PUT /__emulator/repository-roles {repositoryId, roles: [{id, name, nameCn?}] | null}: replaces
 *   the repository's roles (null: the standard ones).
 */
import { z } from "zod";
import { ProtectionActionV4, ProtectionRuleV4, PERMISSION_RESOURCES } from "../wire/protections";
import { fuzzy, page } from "./branches";
import { ControlHandler, Handlers, faults, repositoryV4 } from "./server";
import { ProtectedBranchRule, ProtectedTagRule, ProtectionActionRecord, Repository, RoleRecord, World } from "./state";

type ProtectionHandlers = Pick<
  Handlers,
  | "listProtectedBranches"
  | "createProtectedBranches"
  | "showProtectedBranch"
  | "updateProtectedBranch"
  | "deleteProtectedBranch"
  | "listProtectedTags"
  | "createProtectedTags"
  | "showProtectedTag"
  | "updateProtectedTag"
  | "deleteProtectedTag"
  | "listRepositoryRoles"
>;

/** The user guide's repository roles; the ids are the emulator's own, opaque on purpose. */
export const STANDARD_ROLES: readonly RoleRecord[] = [
  { id: "7f3c1e0a5b2d4c68", name: "Project manager", nameCn: "项目经理" },
  { id: "2b9d6a41c0e87f35", name: "Administrator", nameCn: "仓库管理员" },
  { id: "c45e08f7a1d36b92", name: "Committer", nameCn: "Committer" },
  { id: "9a06b3d5e7f1c248", name: "Developer", nameCn: "开发人员" },
  { id: "e18f2c7b4a9d0536", name: "Tester", nameCn: "测试人员" },
  { id: "5d7a9e3c1b0f8264", name: "Viewer", nameCn: "浏览者" },
];

/** The role a member's v1 role (§4.4) holds. */
const MEMBER_ROLE_NAMES: Record<number, string> = { 20: "Viewer", 30: "Developer", 40: "Administrator" };

/** Who a v2 level allowed (§4.2.28: 30 developers, committers, project manager, administrator; 40 the last two). */
const V2_LEVEL_ROLE_NAMES: Record<0 | 30 | 40, string[]> = {
  0: [],
  30: ["Project manager", "Administrator", "Committer", "Developer"],
  40: ["Project manager", "Administrator"],
};

const DEFAULT_PAGE_SIZE = 20;

const nextId = (rules: { id: number }[]) => rules.reduce((max, rule) => Math.max(max, rule.id), 0) + 1;

export function rolesOf(repo: Repository): readonly RoleRecord[] {
  return repo.roles ?? STANDARD_ROLES;
}

type Rule = ProtectedBranchRule | ProtectedTagRule;

/** The rule's actions; rules from data files written before the V4 calls get them from their v2 levels. */
function actionsOf(rule: Rule): ProtectionActionRecord[] {
  if (rule.actions) return rule.actions;
  const fromLevel = (action: string, level: 0 | 30 | 40 = 40): ProtectionActionRecord => ({
    action,
    enable: true,
    userIds: [],
    userTeamIds: [],
    roleIds: V2_LEVEL_ROLE_NAMES[level].map((name) => STANDARD_ROLES.find((role) => role.name === name)!.id),
  });
  rule.actions =
    "createAccessLevel" in rule
      ? [fromLevel("create", rule.createAccessLevel)]
      : [fromLevel("push", (rule as ProtectedBranchRule).pushAccessLevel), fromLevel("merge", (rule as ProtectedBranchRule).mergeAccessLevel)];
  return rule.actions;
}

/** A `*` in a rule name matches any run of characters. */
export function matches(pattern: string, name: string): boolean {
  const expression = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${expression}$`).test(name);
}

/** May this user push to this branch? (The create-commit call asks.) `memberRole` is their v1 role. */
export function mayPush(world: World, repo: Repository, branch: string, userId: string, memberRole: number): boolean {
  const rule = (repo.protectedBranches ?? []).find((candidate) => matches(candidate.name, branch));
  return whitelisted(world, repo, rule && actionsOf(rule).find((action) => action.action === "push"), userId, memberRole);
}

/** Does this action (absent or off: no restriction) let the user act, by user id or by the role their v1 role holds? */
export function whitelisted(world: World, repo: Repository, push: ProtectionActionRecord | undefined, userId: string, memberRole: number): boolean {
  if (!push || !push.enable) return true;
  const numericId = world.userById(userId)?.numericId;
  if (numericId !== undefined && push.userIds.includes(numericId)) return true;
  const held = rolesOf(repo).find((role) => role.name === MEMBER_ROLE_NAMES[memberRole]);
  return held !== undefined && push.roleIds.includes(held.id);
}

export interface SentAction {
  action: string;
  enable?: boolean;
  user_ids?: number[];
  user_team_ids?: number[];
  related_role_ids?: string[];
}

export const recordOf = (sent: SentAction): ProtectionActionRecord => ({
  action: sent.action,
  enable: sent.enable ?? false,
  userIds: sent.user_ids ?? [],
  userTeamIds: sent.user_team_ids ?? [],
  roleIds: sent.related_role_ids ?? [],
});

/** The listed actions replace the rule's actions of the same name; the others stay. */
function setActions(rule: Rule, sent: SentAction[]): void {
  const kept = actionsOf(rule).filter((action) => !sent.some((s) => s.action === action.action));
  rule.actions = [...kept, ...sent.map(recordOf)];
}

/** One recorded action as the V4 answers show it (RepositoryProtectedActionDto): who, with names. */
export function actionAnswer(world: World, repo: Repository, record: ProtectionActionRecord): ProtectionActionV4 {
  const roles = rolesOf(repo);
  return {
    action: record.action,
    enable: record.enable,
    users: record.userIds.map((id) => {
      const user = world.seed.users.find((candidate) => candidate.numericId === id);
      return user ? { id, name: user.name, username: user.name, state: "active" } : { id };
    }),
    user_teams: record.userTeamIds.map((id) => ({ id, name: `member-group-${id}` })),
    roles: record.roleIds.map((roleId) => {
      const index = roles.findIndex((role) => role.id === roleId);
      const role = roles[index];
      return { id: index >= 0 ? index + 1 : null, name: role?.name ?? null, related_role_id: roleId, chinese_name: role?.nameCn ?? null };
    }),
  };
}

/** A request may only name roles the repository has and users the tenant has; there are no member groups. */
export function checkSentActions(world: World, repo: Repository, sent: SentAction[]): void {
  for (const action of sent) {
    const role = action.related_role_ids?.find((id) => !rolesOf(repo).some((known) => known.id === id));
    if (role !== undefined) throw faults.invalid(`Param invalid: role ${role} does not exist in this repository`);
    const user = action.user_ids?.find((id) => !world.seed.users.some((known) => known.numericId === id));
    if (user !== undefined) throw faults.invalid(`Param invalid: user ${user} does not exist`);
    if ((action.user_team_ids ?? []).length > 0) throw faults.invalid(`Param invalid: member group ${action.user_team_ids![0]} does not exist`);
  }
}

export function protectionHandlers(world: World): ProtectionHandlers {
  const branchRules = (repo: Repository) => (repo.protectedBranches ??= []);
  const tagRules = (repo: Repository) => (repo.protectedTags ??= []);

  const answer = (repo: Repository, rule: Rule): ProtectionRuleV4 => ({ id: rule.id, name: rule.name, actions: actionsOf(rule).map((record) => actionAnswer(world, repo, record)) });
  const checkSent = (repo: Repository, sent: SentAction[]) => checkSentActions(world, repo, sent);

  const find = <R extends Rule>(rules: R[], name: string, what: string): R => {
    const rule = rules.find((candidate) => candidate.name === name);
    if (!rule) throw faults.notFound(`${what} ${name} does not exist`);
    return rule;
  };

  const create = <R extends Rule>(repo: Repository, rules: R[], body: { names: string[]; actions?: SentAction[] }, make: (id: number, name: string) => R) => {
    checkSent(repo, body.actions ?? []);
    for (const name of body.names) {
      if (rules.some((rule) => rule.name === name)) throw faults.invalid(`Param invalid: ${name} is already protected`);
    }
    const created = body.names.map((name) => {
      const rule = make(nextId(rules), name);
      rule.actions = [];
      setActions(rule, body.actions ?? []);
      rules.push(rule);
      return rule;
    });
    world.save();
    return created.map((rule) => answer(repo, rule));
  };

  /** The calls on one kind of rule, addressed by repository id and rule name. */
  const ruleCalls = <R extends Rule>(rulesOf: (repo: Repository) => R[], what: string) => {
    const located = (repositoryId: string, name: string) => {
      const repo = repositoryV4(world, repositoryId);
      return { repo, rules: rulesOf(repo), rule: find(rulesOf(repo), name, what) };
    };
    return {
      list: (repositoryId: string, query: { search?: string; offset?: number; limit?: number }) => {
        const repo = repositoryV4(world, repositoryId);
        return page(fuzzy(rulesOf(repo), query.search), query.offset, query.limit ?? DEFAULT_PAGE_SIZE).map((rule) => answer(repo, rule));
      },
      show: (repositoryId: string, name: string) => {
        const { repo, rule } = located(repositoryId, name);
        return answer(repo, rule);
      },
      update: (repositoryId: string, name: string, body: SentAction[]) => {
        const { repo, rule } = located(repositoryId, name);
        checkSent(repo, body);
        setActions(rule, body);
        world.save();
        return answer(repo, rule);
      },
      remove: (repositoryId: string, name: string) => {
        const { rules, rule } = located(repositoryId, name);
        rules.splice(rules.indexOf(rule), 1);
        world.save();
        return { status: "success" as const };
      },
    };
  };
  const branches = ruleCalls(branchRules, "Protected branch");
  const tags = ruleCalls(tagRules, "Protected tag");

  return {
    listProtectedBranches: ({ params, query }) => branches.list(params.repository_id, query),
    createProtectedBranches({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const unmatched = body.names.find((name) => !repo.branches.some((branch) => matches(name, branch.name)));
      if (unmatched !== undefined) throw faults.invalid(`Param invalid: ${unmatched} matches no branch of this repository`);
      return create(repo, branchRules(repo), body, (id, name): ProtectedBranchRule => ({ id, name }));
    },
    showProtectedBranch: ({ params, query }) => branches.show(params.repository_id, query.branch_name),
    updateProtectedBranch: ({ params, query, body }) => branches.update(params.repository_id, query.branch_name, body),
    deleteProtectedBranch: ({ params, query }) => branches.remove(params.repository_id, query.branch_name),

    listProtectedTags: ({ params, query }) => tags.list(params.repository_id, query),
    createProtectedTags({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      return create(repo, tagRules(repo), body, (id, name): ProtectedTagRule => ({ id, name }));
    },
    showProtectedTag: ({ params, query }) => tags.show(params.repository_id, query.tag_name),
    updateProtectedTag: ({ params, query, body }) => tags.update(params.repository_id, query.tag_name, body),
    deleteProtectedTag: ({ params, query }) => tags.remove(params.repository_id, query.tag_name),

    listRepositoryRoles({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      if (!(PERMISSION_RESOURCES as readonly string[]).includes(params.resource_name)) {
        throw faults.invalid(`Param invalid: resource_name must be one of ${PERMISSION_RESOURCES.join(", ")}`);
      }
      const roles = rolesOf(repo).map((role) => ({ role_id: role.id, role_name: role.name, role_name_cn: role.nameCn, resource_permissions: {} }));
      return page(roles, query.offset, query.limit ?? DEFAULT_PAGE_SIZE);
    },
  };
}

const ConsoleAction = z.object({
  action: z.string().min(1),
  enable: z.boolean().optional(),
  user_ids: z.array(z.number().int()).optional(),
  user_team_ids: z.array(z.number().int()).optional(),
  related_role_ids: z.array(z.string()).optional(),
});
const ProtectionRuleControl = z.object({
  repositoryId: z.number().int(),
  kind: z.enum(["branch", "tag"]),
  name: z.string().min(1),
  actions: z.array(ConsoleAction),
});
const RepositoryRolesControl = z.object({
  repositoryId: z.number().int(),
  roles: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), nameCn: z.string().optional() })).nullable(),
});

/** The console controls described in the header. */
export function protectionControls(world: World): Record<string, ControlHandler> {
  const repository = (id: number): Repository => {
    const repo = world.repositoryById(id);
    if (!repo) throw new Error(`no repository ${id}`);
    return repo;
  };
  return {
    "protection-rule": ({ method, body }) => {
      if (method !== "PUT") throw new Error("use PUT");
      const request = ProtectionRuleControl.parse(body);
      const repo = repository(request.repositoryId);
      const rules: Rule[] = request.kind === "branch" ? (repo.protectedBranches ??= []) : (repo.protectedTags ??= []);
      let rule = rules.find((candidate) => candidate.name === request.name);
      if (!rule) rules.push((rule = { id: nextId(rules), name: request.name, actions: [] }));
      setActions(rule, request.actions);
      world.save();
      return { name: rule.name, actions: rule.actions };
    },
    "repository-roles": ({ method, body }) => {
      if (method !== "PUT") throw new Error("use PUT");
      const request = RepositoryRolesControl.parse(body);
      const repo = repository(request.repositoryId);
      repo.roles = request.roles === null ? undefined : request.roles.map((role) => ({ id: role.id, name: role.name, nameCn: role.nameCn ?? role.name }));
      world.save();
      return { roles: rolesOf(repo) };
    },
  };
}
