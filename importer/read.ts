/**
 * Reads a CodeArts project into the import model with list calls: the project's repositories
 * (paged, 100 a page), then per repository its V4 settings (the one read that carries the
 * description) and, for each kind its descriptor imports (`importer`, provider/importing.ts), the
 * lists it names, each read once per repository; the project's own webhooks (one list); with
 * --include-ssh-keys the account's SSH keys.
 * Lists are read through the client's coalesced list routes, a few repositories at a time.
 *
 * Whatever the program could not declare so that adoption changes nothing is left out and
 * reported (Skipped): a value the provider's inputs cannot express is never rounded to one they can.
 */
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError, isNotFound } from "../api/errors";
import type { PagedRouteName, RouteItem } from "../api/routes";
import { RepoInfoV2, RepositoryV4, UUID32_PATTERN } from "../wire";
import { RepositoryInputs } from "../provider/repository";
import { SshKeyInputs, listMyKeys } from "../provider/ssh-key";
import { ProjectWebhookInputs } from "../provider/project-webhook";
import { importedWebhooks } from "../provider/webhook";
import { RepositoryReading, refusal } from "../provider/importing";
import { CHILD_KINDS, ImportedProject, ImportedRepository, ImportedSshKey, Skipped, objectsOf } from "./model";

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
  | { step: "ssh-keys"; count: number }
  | { step: "project-webhooks"; count: number };

const DEFAULT_CONCURRENCY = 4;
const VISIBILITY_OF_LEVEL: Record<number, string> = { 0: "private", 10: "internal", 20: "public" };

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

/** Each read of one repository made once, however many kinds ask for it. */
export function repositoryReading(client: CodeArtsClient, id: number, uuid: string): RepositoryReading {
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  };
  return {
    client,
    id,
    uuid,
    v4: () => once("showRepositoryV4", () => client.call("showRepositoryV4", { params: { repository_id: id } })),
    list: <R extends PagedRouteName>(route: R) => once(route, () => client.paginate(route, { params: { repository_id: id } } as never) as Promise<RouteItem<R>[]>),
    once,
  };
}

/** One repository and its objects; undefined when it disappeared while being read. */
async function readRepository(client: CodeArtsClient, projectId: string, v2: RepoInfoV2): Promise<{ repository?: ImportedRepository; skipped: Skipped[] }> {
  const id = v2.repository_id;
  const uuid = v2.repository_uuid;
  const label = `repository "${v2.repository_name}"`;
  const reading = repositoryReading(client, id, uuid);
  let v4, kinds;
  try {
    [v4, kinds] = await Promise.all([reading.v4(), Promise.all(CHILD_KINDS.map(({ importer }) => importer.read(reading)))]);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return { skipped: [{ what: label, why: `it disappeared while the project was read (${(error as CodeArtsApiError).message}); nothing of it was imported` }] };
  }
  const local: Skipped[] = [];

  const visibility = liveVisibility(v2, v4);
  const description = v4.description ? v4.description : undefined;
  const repositoryRefusal =
    visibility === "private" || visibility === "public"
      ? refusal(RepositoryInputs, { projectId, name: v2.repository_name, description, visibility })
      : `its visibility is "${visibility}", which a program cannot declare (only "private" or "public")`;
  if (repositoryRefusal) local.push({ what: label, why: `${repositoryRefusal}; its objects below are imported with its ids` });
  for (const { skipped } of kinds) local.push(...skipped.map(({ what, why }) => ({ what: `${what} of ${label}`, why })));

  const repository = {
    uuid,
    id,
    name: v2.repository_name,
    ...(description !== undefined ? { description } : {}),
    visibility: visibility === "public" ? "public" : "private",
    declared: repositoryRefusal === undefined,
    ...Object.fromEntries(CHILD_KINDS.map(({ importer }, i) => [importer.field, kinds[i].items])),
  } as ImportedRepository;
  return { repository, skipped: local };
}

function summary(repository: ImportedRepository): string {
  return CHILD_KINDS.map(({ importer }) => {
    const n = objectsOf(repository, importer).length;
    return `${n} ${n === 1 ? importer.count[0] : importer.count[1]}`;
  }).join(", ");
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

  const projectId = options.projectId.toLowerCase();
  const hooks = importedWebhooks(await client.paginate("listProjectWebhooks", { params: { project_id: projectId } }), ProjectWebhookInputs, { projectId });
  await progress({ step: "project-webhooks", count: hooks.items.length });
  const hookSkips = hooks.skipped.map(({ what, why }) => ({ what: `${what} of the project`, why }));
  for (const { what, why } of hookSkips) await progress({ step: "skipped", what, why });
  skipped.push(...hookSkips);

  const keySkips: Skipped[] = [];
  const keys = options.includeSshKeys ? await sshKeys(client, keySkips) : [];
  if (options.includeSshKeys) await progress({ step: "ssh-keys", count: keys.length });
  for (const { what, why } of keySkips) await progress({ step: "skipped", what, why });
  skipped.push(...keySkips);
  return {
    projectId,
    repositories: read.filter((repository): repository is ImportedRepository => repository !== undefined),
    sshKeys: keys,
    projectWebhooks: hooks.items,
    // Repositories are read concurrently: sorted, the report is the same on every run.
    skipped: skipped.sort((a, b) => a.what.localeCompare(b.what) || a.why.localeCompare(b.why)),
  };
}
