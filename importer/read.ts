/**
 * Reads a CodeArts project into the import model with list calls: the project's repositories
 * (paged, 100 a page), then per repository its V4 settings (the one read that carries the
 * description), protected branches and tags, members (V4 list for IAM ids, v1 list for the role
 * code), webhooks and deploy keys; with --include-ssh-keys the account's SSH keys. Lists are read
 * through the client's coalesced list routes, a few repositories at a time.
 *
 * Whatever the program could not declare so that adoption changes nothing is left out and
 * reported (Skipped): a value the provider's inputs cannot express is never rounded to one they can.
 */
import type { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError, isNotFound } from "../api/errors";
import { ProtectionRuleV4 } from "../wire/protections";
import { DeployKeyV4 } from "../wire/keys";
import { RepoInfoV2, RepositoryV4, UUID32_PATTERN } from "../wire";
import { RepositoryInputs } from "../provider/repository";
import { ProtectedBranchInputs } from "../provider/protected-branch";
import { ProtectedTagInputs } from "../provider/protected-tag";
import { MemberInputs, listMembers, listMembersV1, roleName } from "../provider/member";
import { WEBHOOK_EVENTS, WebhookEvent, WebhookInputs } from "../provider/webhook";
import { SshKeyInputs, listMyKeys } from "../provider/ssh-key";
import { AccessReading, listRoles, needsLearnedRoles, readAccess } from "../provider/protection-roles";
import { WEBHOOK_TOKEN_TYPES } from "../wire/webhooks";
import { ImportedDeployKey, ImportedMember, ImportedProject, ImportedRepository, ImportedSshKey, ImportedWebhook, Skipped } from "./model";

export interface ReadOptions {
  projectId: string;
  /** Only repositories whose name matches. */
  repositoryFilter?: (name: string) => boolean;
  includeSshKeys: boolean;
  /** Repositories read at once (each reads its lists in parallel). */
  concurrency?: number;
  /** Told of each step; awaited, so a caller can act between steps. */
  progress?: (event: ReadProgress) => void | Promise<void>;
}

export type ReadProgress =
  | { step: "repositories"; total: number; selected: number }
  | { step: "repository"; index: number; total: number; name: string; summary: string }
  | { step: "skipped"; what: string; why: string }
  | { step: "ssh-keys"; count: number };

const DEFAULT_CONCURRENCY = 4;
const VISIBILITY_OF_LEVEL: Record<number, string> = { 0: "private", 10: "internal", 20: "public" };

/** The first zod message for these inputs, as `field rule`; undefined when the provider's check would accept them. */
function refusal(schema: z.ZodType, inputs: Record<string, unknown>): string | undefined {
  const parsed = schema.safeParse(inputs);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `the provider would refuse it: ${issue.path.join(".") || "(inputs)"} ${issue.message}`;
}

/** Every repository of the project, page by page. */
async function listRepositories(client: CodeArtsClient, projectId: string): Promise<RepoInfoV2[]> {
  try {
    return await client.paginate("listProjectRepositories", { params: { project_uuid: projectId } });
  } catch (error) {
    if (isNotFound(error)) {
      throw new Error(
        `CodeArts project ${projectId} was not found: check --project (the project's 32-character id, as in its URL) ` +
          `and that these credentials may see it. (${(error as Error).message})`,
      );
    }
    throw error;
  }
}

function protectionRules(client: CodeArtsClient, list: "listProtectedBranches" | "listProtectedTags", repositoryId: number): Promise<ProtectionRuleV4[]> {
  return client.paginate(list, { params: { repository_id: repositoryId } });
}

function deployKeys(client: CodeArtsClient, repositoryId: number): Promise<DeployKeyV4[]> {
  return client.paginate("listDeployKeys", { params: { repository_id: repositoryId } });
}

async function sshKeys(client: CodeArtsClient, skipped: Skipped[]): Promise<ImportedSshKey[]> {
  const keys: ImportedSshKey[] = [];
  for (const key of await listMyKeys(client)) {
    const what = `SSH key "${key.title ?? key.id}" (id ${key.id})`;
    const why = !key.key ? "the service lists no key text for it" : refusal(SshKeyInputs, { title: key.title ?? "", key: key.key });
    if (why) skipped.push({ what, why });
    else keys.push({ keyId: key.id, title: key.title!, key: key.key!.trim() });
  }
  return keys.sort((a, b) => a.keyId - b.keyId);
}

function liveVisibility(v2: RepoInfoV2, v4: RepositoryV4): string {
  return v4.visibility ?? VISIBILITY_OF_LEVEL[v2.visibility_level ?? 0] ?? `level ${v2.visibility_level}`;
}

/** One repository and its objects; undefined when it disappeared while being read. */
async function readRepository(client: CodeArtsClient, projectId: string, v2: RepoInfoV2): Promise<{ repository?: ImportedRepository; skipped: Skipped[] }> {
  const id = v2.repository_id;
  const uuid = v2.repository_uuid;
  const label = `repository "${v2.repository_name}"`;
  let lists;
  try {
    lists = await Promise.all([
      client.call("showRepositoryV4", { params: { repository_id: id } }),
      protectionRules(client, "listProtectedBranches", id),
      protectionRules(client, "listProtectedTags", id),
      listMembers(client, id),
      listMembersV1(client, uuid),
      client.paginate("listRepositoryWebhooks", { params: { repository_id: id } }),
      deployKeys(client, id),
    ]);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return { skipped: [{ what: label, why: `it disappeared while the project was read (${(error as CodeArtsApiError).message}); nothing of it was imported` }] };
  }
  const [v4, branchRules, tagRules, membersV4, membersV1, hooks, keys] = lists;
  const local: Skipped[] = [];
  const skip = (what: string, why: string) => local.push({ what: `${what} of ${label}`, why });
  const identity = { repositoryId: id, repositoryUuid: uuid };

  const visibility = liveVisibility(v2, v4);
  const description = v4.description ? v4.description : undefined;
  const repositoryRefusal =
    visibility === "private" || visibility === "public"
      ? refusal(RepositoryInputs, { projectId, name: v2.repository_name, description, visibility })
      : `its visibility is "${visibility}", which a program cannot declare (only "private" or "public")`;
  if (repositoryRefusal) local.push({ what: label, why: `${repositoryRefusal}; its objects below are imported with its ids` });

  // Roles are learned only when a rule names a role by id alone (protection-roles.ts).
  const rules = [...branchRules, ...tagRules];
  const roles = rules.some((rule) => rule.actions?.some(needsLearnedRoles)) ? await listRoles(client, id) : undefined;
  const reading = (rule: ProtectionRuleV4, action: string) => readAccess(rule.actions?.find((candidate) => candidate.action === action), roles);
  const custom = (readings: Record<string, AccessReading>) =>
    Object.entries(readings)
      .filter(([, value]) => value.startsWith("custom"))
      .map(([field, value]) => `${field} is ${value}`);

  const protectedBranches = [];
  for (const rule of [...branchRules].sort((a, b) => a.name.localeCompare(b.name))) {
    const readings = { pushAccess: reading(rule, "push"), mergeAccess: reading(rule, "merge") };
    const odd = custom(readings);
    const inputs = { ...identity, branch: rule.name, ...readings };
    const why = odd.length > 0 ? `${odd.join("; ")}: no access level ("noOne", "developers", "maintainers") says that` : refusal(ProtectedBranchInputs, inputs);
    if (why) skip(`protected branch "${rule.name}"`, why);
    else protectedBranches.push({ branch: rule.name, pushAccess: readings.pushAccess, mergeAccess: readings.mergeAccess } as ImportedRepository["protectedBranches"][number]);
  }
  const protectedTags = [];
  for (const rule of [...tagRules].sort((a, b) => a.name.localeCompare(b.name))) {
    const readings = { createAccess: reading(rule, "create") };
    const odd = custom(readings);
    const why = odd.length > 0 ? `${odd.join("; ")}: no access level ("noOne", "developers", "maintainers") says that` : refusal(ProtectedTagInputs, { ...identity, tag: rule.name, ...readings });
    if (why) skip(`protected tags "${rule.name}"`, why);
    else protectedTags.push({ tag: rule.name, createAccess: readings.createAccess } as ImportedRepository["protectedTags"][number]);
  }

  const members: ImportedMember[] = [];
  for (const member of membersV4) {
    const name = member.user_name ?? member.user_iam_id ?? String(member.user_id);
    const v1 = membersV1.find((candidate) => candidate.user_id === String(member.user_id));
    const role = v1 ? roleName(v1.role) : undefined;
    const inherited = member.member_source || member.member_group_source;
    const inputs = { ...identity, userId: member.user_iam_id ?? "", userName: member.user_name ?? v1?.name ?? "", role };
    const why = inherited
      ? `the membership comes from ${member.member_source ? `member group "${member.member_source}"` : `repository group "${member.member_group_source}"`}: manage it there`
      : !member.user_iam_id
        ? "the member list gives no IAM user id, which a Member resource is declared by"
        : !v1
          ? "the v1 member list, the one that gives the role as a program sets it, does not list the user"
          : role!.startsWith("unknown")
            ? `its role code ${v1.role} is none of reader (20), developer (30), maintainer (40)`
            : refusal(MemberInputs, inputs);
    if (why) skip(`member "${name}"`, why);
    else members.push({ userId: inputs.userId, userName: inputs.userName, role: role as ImportedMember["role"] });
  }
  members.sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId));

  const webhooks: ImportedWebhook[] = [];
  for (const hook of [...hooks].sort((a, b) => a.id - b.id)) {
    const events = (Object.keys(WEBHOOK_EVENTS) as WebhookEvent[]).filter((event) => hook[WEBHOOK_EVENTS[event]] === true);
    const filter = hook.push_events_branch_regex_filter;
    const imported: ImportedWebhook = {
      hookId: hook.id,
      url: hook.url,
      ...(hook.name ? { name: hook.name } : {}),
      ...(hook.description ? { description: hook.description } : {}),
      tokenType: (hook.token_type ?? WEBHOOK_TOKEN_TYPES[0]) as ImportedWebhook["tokenType"],
      events,
      // ".*" is the service's default (PUB), which a program leaves out.
      ...(filter && filter !== ".*" ? { branchFilter: filter } : {}),
      hasToken: !!hook.token,
    };
    const why =
      imported.branchFilter !== undefined && !events.includes("push")
        ? `it has a branch filter (${imported.branchFilter}) without push events, which the provider refuses`
        : refusal(WebhookInputs, { ...identity, ...imported });
    if (why) skip(`webhook ${hook.id} (${hook.url})`, why);
    else webhooks.push(imported);
  }

  const importedKeys: ImportedDeployKey[] = [];
  for (const key of [...keys].sort((a, b) => a.id - b.id)) {
    const what = `deploy key "${key.title ?? ""}" (id ${key.id})`;
    if (!key.fingerprint) skip(what, "the service lists no fingerprint for it, so adoption could not tell the key");
    else if (!key.title || key.title.trim() === "") skip(what, "it has no title, which a DeployKey resource needs");
    else importedKeys.push({ keyId: key.id, title: key.title, fingerprint: key.fingerprint });
  }

  const repository: ImportedRepository = {
    uuid,
    id,
    name: v2.repository_name,
    ...(description !== undefined ? { description } : {}),
    visibility: visibility === "public" ? "public" : "private",
    declared: repositoryRefusal === undefined,
    protectedBranches,
    protectedTags,
    members,
    webhooks,
    deployKeys: importedKeys,
  };
  return { repository, skipped: local };
}

function summary(repository: ImportedRepository): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    count(repository.protectedBranches.length, "protected branch", "protected branches"),
    count(repository.protectedTags.length, "tag rule"),
    count(repository.members.length, "member"),
    count(repository.webhooks.length, "webhook"),
    count(repository.deployKeys.length, "deploy key"),
  ].join(", ");
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the items' order in the answer. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function readProject(client: CodeArtsClient, options: ReadOptions): Promise<ImportedProject> {
  if (!UUID32_PATTERN.test(options.projectId)) {
    throw new Error(`--project must be a CodeArts project id: 32 hexadecimal characters (as in the project's URL); got "${options.projectId}"`);
  }
  const progress = options.progress ?? (() => undefined);
  const all = await listRepositories(client, options.projectId);
  const selected = all.filter((repository) => !options.repositoryFilter || options.repositoryFilter(repository.repository_name));
  selected.sort((a, b) => a.repository_name.localeCompare(b.repository_name));
  await progress({ step: "repositories", total: all.length, selected: selected.length });

  const skipped: Skipped[] = [];
  let done = 0;
  const read = await inBatches(selected, options.concurrency ?? DEFAULT_CONCURRENCY, async (repository) => {
    const { repository: imported, skipped: left } = await readRepository(client, options.projectId, repository);
    done += 1;
    skipped.push(...left);
    if (imported) await progress({ step: "repository", index: done, total: selected.length, name: repository.repository_name, summary: summary(imported) });
    for (const { what, why } of left) await progress({ step: "skipped", what, why });
    return imported;
  });

  const keySkips: Skipped[] = [];
  const keys = options.includeSshKeys ? await sshKeys(client, keySkips) : [];
  if (options.includeSshKeys) await progress({ step: "ssh-keys", count: keys.length });
  for (const { what, why } of keySkips) await progress({ step: "skipped", what, why });
  skipped.push(...keySkips);
  return {
    projectId: options.projectId.toLowerCase(),
    repositories: read.filter((repository): repository is ImportedRepository => repository !== undefined),
    sshKeys: keys,
    // Repositories are read concurrently: sorted, the report is the same on every run.
    skipped: skipped.sort((a, b) => a.what.localeCompare(b.what) || a.why.localeCompare(b.why)),
  };
}
