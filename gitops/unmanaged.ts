/**
 * Unmanaged objects: members, webhooks, deploy keys and protection rules that exist on a
 * repository the stack manages but that no resource in the stack declares — what someone added by
 * hand in the console.
 *
 * Cost: the lists come from the refresh that just ran. Its provider process appends every list
 * answer it read to a capture file (api/client.ts, LIST_CAPTURE_ENV), and refresh reads each of a
 * repository's lists once for all resources of that kind (coalescing). Only a list no refresh
 * read touched — a kind the stack declares none of in that repository, or a page after the one a
 * read stopped at — is read here.
 */
import { existsSync, readFileSync } from "node:fs";
import { CapturedListAnswer, CodeArtsClient } from "../api/client";
import type { RouteName } from "../api/routes";
import type { RepositoryMemberV4 } from "../wire/members";
import type { Webhook } from "../wire/webhooks";
import type { DeployKeyV4 } from "../wire/keys";
import type { ProtectionRuleV4 } from "../wire/protections";
import { WEBHOOK_EVENTS } from "../provider/webhook";
import { RepositoryNames, describeObject, severityOf } from "./objects";
import type { Finding } from "./report";
import { StackResource, reportValue } from "./stack";

type ListRoute = "listMembersV4" | "listRepositoryWebhooks" | "listDeployKeys" | "listProtectedBranches" | "listProtectedTags";

/** Every list page read so far, by route, repository id and offset. */
export class CapturedLists {
  private readonly pages = new Map<string, { items: unknown[]; limit: number; total?: number }>();

  constructor(lines: CapturedListAnswer[] = []) {
    for (const line of lines) {
      if (!Array.isArray(line.data)) continue;
      const offset = Number(line.query.offset ?? 0);
      this.pages.set(this.key(line.route, line.params.repository_id, offset), { items: line.data, limit: Number(line.query.limit ?? PAGE_SIZE), total: line.total });
    }
  }

  static fromFile(path: string): CapturedLists {
    if (!existsSync(path)) return new CapturedLists();
    const lines = readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== "");
    return new CapturedLists(lines.map((line) => JSON.parse(line) as CapturedListAnswer));
  }

  private key(route: RouteName, repositoryId: unknown, offset: number): string {
    return `${route} ${String(repositoryId)} ${offset}`;
  }

  page(route: ListRoute, repositoryId: number, offset: number) {
    return this.pages.get(this.key(route, repositoryId, offset));
  }
}

const PAGE_SIZE = 100;

/**
 * The whole list: captured pages where refresh read them, the rest read with `client()` (created
 * only when needed, so a fully captured run makes no call of its own).
 */
async function wholeList<T>(route: ListRoute, repositoryId: number, captured: CapturedLists, client: () => Promise<CodeArtsClient>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    let page = captured.page(route, repositoryId, items.length);
    if (!page) {
      const answer = await (await client()).callWithTotal(route, { params: { repository_id: repositoryId }, query: { offset: items.length, limit: PAGE_SIZE } });
      page = { items: answer.result as unknown[], limit: PAGE_SIZE, total: answer.total };
    }
    items.push(...(page.items as T[]));
    const done = page.total !== undefined ? items.length >= page.total : page.items.length < page.limit;
    if (done || page.items.length === 0) return items;
  }
}

interface Declared {
  members: Set<string>;
  hooks: Set<string>;
  deployKeys: Set<string>;
  branches: Set<string>;
  tags: Set<string>;
}

/** What the stack's resources declare in one repository, by the id the service lists them under. */
function declaredIn(resources: StackResource[], repositoryId: number): Declared {
  const declared: Declared = { members: new Set(), hooks: new Set(), deployKeys: new Set(), branches: new Set(), tags: new Set() };
  for (const { resourceType, outputs } of resources) {
    if (Number(outputs.repositoryId) !== repositoryId) continue;
    if (resourceType === "Member") declared.members.add(String(outputs.userId));
    if (resourceType === "Webhook") declared.hooks.add(String(outputs.hookId));
    if (resourceType === "DeployKey") declared.deployKeys.add(String(outputs.keyId));
    if (resourceType === "ProtectedBranch") declared.branches.add(String(outputs.branch));
    if (resourceType === "ProtectedTag") declared.tags.add(String(outputs.tag));
  }
  return declared;
}

function unmanaged(resourceType: string, name: string, properties: Record<string, unknown>, repositories: RepositoryNames, fields: Record<string, unknown>): Finding {
  return {
    kind: "unmanaged",
    resourceType,
    name,
    urn: null,
    object: describeObject(resourceType, properties, repositories, name),
    severity: severityOf("unmanaged", resourceType),
    fields: Object.entries(fields).map(([field, live]) => ({ field, recorded: null, live: reportValue(live), desired: null })),
  };
}

/** The protection rule's actions as "action: who" lines, the way the console shows them. */
function whoMay(rule: ProtectionRuleV4): Record<string, unknown> {
  return Object.fromEntries(
    (rule.actions ?? []).map((action) => [
      action.action,
      action.enable === false ? "no one" : [...(action.roles ?? []).map((role) => role.name), ...(action.users ?? []).map((user) => user.name)].filter(Boolean).join(", ") || "no one",
    ]),
  );
}

/**
 * Unmanaged objects in each repository the stack manages and that still exists. Objects the
 * service makes by itself are not findings: the creator's membership (`is_repo_creator`), a
 * membership inherited from a member group or parent group (managed there), and a protection rule
 * of the repository's default branch.
 */
export async function findUnmanaged(
  recorded: StackResource[],
  liveRepositories: StackResource[],
  captured: CapturedLists,
  client: () => Promise<CodeArtsClient>,
): Promise<Finding[]> {
  const repositories = new RepositoryNames(recorded);
  const findings: Finding[] = [];
  for (const repository of liveRepositories) {
    const repositoryId = Number(repository.outputs.repositoryId);
    const repositoryUuid = String(repository.outputs.repositoryUuid);
    const where = { repositoryId, repositoryUuid };
    const declared = declaredIn(recorded, repositoryId);

    const members = await wholeList<RepositoryMemberV4>("listMembersV4", repositoryId, captured, client);
    for (const member of members) {
      if (member.is_repo_creator === 1 || member.member_source || member.member_group_source) continue;
      if (member.user_iam_id && declared.members.has(member.user_iam_id)) continue;
      const name = member.user_name ?? String(member.user_id);
      findings.push(unmanaged("Member", name, { ...where, userName: name }, repositories, { userId: member.user_iam_id, role: member.repository_role_name }));
    }

    const hooks = await wholeList<Webhook>("listRepositoryWebhooks", repositoryId, captured, client);
    for (const hook of hooks) {
      if (declared.hooks.has(String(hook.id))) continue;
      const name = hook.name || hook.url;
      const events = Object.entries(WEBHOOK_EVENTS).filter(([, flag]) => hook[flag]).map(([event]) => event);
      findings.push(unmanaged("Webhook", name, { ...where, name }, repositories, { url: hook.url, events }));
    }

    const keys = await wholeList<DeployKeyV4>("listDeployKeys", repositoryId, captured, client);
    for (const key of keys) {
      if (declared.deployKeys.has(String(key.id))) continue;
      const name = key.title ?? String(key.id);
      findings.push(unmanaged("DeployKey", name, { ...where, title: name }, repositories, { title: key.title, fingerprint: key.fingerprint }));
    }

    const defaultBranch = repository.outputs.defaultBranch;
    for (const rule of await wholeList<ProtectionRuleV4>("listProtectedBranches", repositoryId, captured, client)) {
      if (declared.branches.has(rule.name) || rule.name === defaultBranch) continue;
      findings.push(unmanaged("ProtectedBranch", rule.name, { ...where, branch: rule.name }, repositories, whoMay(rule)));
    }
    for (const rule of await wholeList<ProtectionRuleV4>("listProtectedTags", repositoryId, captured, client)) {
      if (declared.tags.has(rule.name)) continue;
      findings.push(unmanaged("ProtectedTag", rule.name, { ...where, tag: rule.name }, repositories, whoMay(rule)));
    }
  }
  return findings;
}
