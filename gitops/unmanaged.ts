/**
 * Unmanaged objects: members, webhooks, deploy keys and protection rules that exist on a
 * repository the stack manages, and project webhooks of a project the stack declares some of, but
 * that no resource in the stack declares — what someone added by hand in the console.
 *
 * Cost: the lists come from the refresh that just ran. Its provider process appends every list
 * answer it read to a capture file (api/client.ts, LIST_CAPTURE_ENV), and refresh reads each of a
 * repository's lists once for all resources of that kind (coalescing). Only a list no refresh
 * read touched — a kind the stack declares none of in that repository, or a page after the one a
 * read stopped at — is read here.
 */
import { existsSync, readFileSync } from "node:fs";
import { CapturedListAnswer, CodeArtsClient } from "../api/client";
import type { PagedRouteName, RouteName } from "../api/routes";
import { RESOURCES } from "../provider/registry";
import type { RepositoryV4 } from "../wire";
import { RepositoryNames, declaredByRepository, describeObject } from "./objects";
import { ranked } from "./severity";
import type { Finding, ObjectIdentity } from "./report";
import { StackResource, reportValue } from "./stack";

/** A repository's or a project's list of one kind of object (descriptors' `report.unmanaged.list`). */
type ListRoute = RouteName;

/** The path parameter naming the holder of a list: `{repository_id}` or, for a project's, `{project_id}`. */
type Holder = { repository_id: number } | { project_id: string };

const holderKey = (params: Record<string, unknown>) => String(params.repository_id ?? params.project_id);

/** Every list page read so far, by route, holder (repository or project id) and offset. */
export class CapturedLists {
  private readonly pages = new Map<string, { items: unknown[]; limit: number; total?: number }>();
  /** What the refresh kept of each repository's V4 answer (its counts), by repository id. */
  private readonly repositories = new Map<string, Partial<RepositoryV4>>();

  constructor(lines: CapturedListAnswer[] = []) {
    for (const line of lines) {
      if (line.route === "showRepositoryV4") this.repositories.set(String(line.params.repository_id), line.data as Partial<RepositoryV4>);
      if (!Array.isArray(line.data)) continue;
      const offset = Number(line.query.offset ?? 0);
      this.pages.set(this.key(line.route, holderKey(line.params), offset), { items: line.data, limit: Number(line.query.limit ?? PAGE_SIZE), total: line.total });
    }
  }

  static fromFile(path: string): CapturedLists {
    if (!existsSync(path)) return new CapturedLists();
    const lines = readFileSync(path, "utf8").split("\n").filter((line) => line.trim() !== "");
    return new CapturedLists(lines.map((line) => JSON.parse(line) as CapturedListAnswer));
  }

  private key(route: RouteName, holder: string, offset: number): string {
    return `${route} ${holder} ${offset}`;
  }

  repository(repositoryId: number): Partial<RepositoryV4> {
    return this.repositories.get(String(repositoryId)) ?? {};
  }

  page(route: ListRoute, holder: Holder, offset: number) {
    return this.pages.get(this.key(route, holderKey(holder), offset));
  }
}

const PAGE_SIZE = 100;

/**
 * The whole list: the pages refresh captured, then the client's paginator from where they end
 * (the client is created only when needed, so a fully captured run makes no call of its own).
 */
async function wholeList(route: ListRoute, holder: Holder, captured: CapturedLists, client: () => Promise<CodeArtsClient>): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = captured.page(route, holder, 0); page; page = captured.page(route, holder, items.length)) {
    items.push(...page.items);
    // The paginator's stop rule (api/client.ts pages): the total when given, else a short page; always an empty one.
    const done = page.total !== undefined ? items.length >= page.total : page.items.length < page.limit;
    if (done || page.items.length === 0) return items;
  }
  const rest = await (await client()).paginate(route as PagedRouteName, { params: holder as never, offset: items.length });
  return [...items, ...rest];
}

interface Described {
  name: string;
  properties: Record<string, unknown>;
  fields: Record<string, unknown>;
  notes?: Record<string, string>;
}

function unmanaged(resourceType: string, described: Described, identity: ObjectIdentity | undefined, repositories: RepositoryNames): Finding {
  const { name, properties, fields, notes } = described;
  return ranked({
    kind: "unmanaged",
    resourceType,
    name,
    urn: null,
    object: describeObject(resourceType, properties, repositories, name),
    ...(identity ? { identity } : {}),
    fields: Object.entries(fields).map(([field, live]) => ({ field, recorded: null, live: reportValue(live), desired: null, ...(notes?.[field] ? { note: notes[field] } : {}) })),
  });
}

/**
 * Unmanaged objects in each repository the stack manages and that still exists: for every kind
 * whose descriptor lists its objects (`report.unmanaged`), each listed object no resource of that
 * kind declares. Objects the service makes by itself (`madeByService`) are not findings.
 */
export async function findUnmanaged(
  recorded: StackResource[],
  liveRepositories: StackResource[],
  captured: CapturedLists,
  client: () => Promise<CodeArtsClient>,
  notes: string[] = [],
): Promise<Finding[]> {
  const repositories = new RepositoryNames(recorded);
  const declaredIn = declaredByRepository(recorded);
  const findings: Finding[] = [];
  const inheritance = new Map<number, Promise<{ name?: string | null; inherit_mod?: string | null }[]>>();
  /** The mode under which the repository inherits `name`, read once per repository and only when asked. */
  const inheritedMode = async (repositoryId: number, name: string) => {
    if (!inheritance.has(repositoryId)) {
      inheritance.set(repositoryId, client().then((api) => api.call("showRepositoryInheritSetting", { params: { repository_id: repositoryId } })));
    }
    const mode = (await inheritance.get(repositoryId)!).find((setting) => setting.name === name)?.inherit_mod;
    return mode === "inherit" || mode === "force_inherit" ? mode : undefined;
  };
  for (const repository of liveRepositories) {
    const repositoryId = Number(repository.outputs.repositoryId);
    const where = { repositoryId, repositoryUuid: String(repository.outputs.repositoryUuid) };
    for (const { type, report } of RESOURCES) {
      const spec = report.unmanaged;
      if (!spec || report.holder === "project" || spec.noneIn?.(captured.repository(repositoryId)) === true) continue;
      const declared = new Set(
        recorded.filter((resource) => resource.resourceType === type && Number(resource.outputs.repositoryId) === repositoryId).map((resource) => spec.declaredId(resource.outputs)),
      );
      if (spec.onlyWhereDeclared && declared.size === 0) continue;
      const found = ((await wholeList(spec.list, { repository_id: repositoryId }, captured, client)) as never[]).filter(
        (item) => !spec.madeByService?.(item, repository.outputs) && !declared.has(spec.liveId(item)),
      );
      const inherited = found.length > 0 && spec.inheritedWith ? await inheritedMode(repositoryId, spec.inheritedWith) : undefined;
      if (inherited) {
        notes.push(
          `${repositories.of(where)}: ${found.length} ${report.label}(s) no resource declares were read as inherited, not reported: ` +
            `the repository's inherit-setting "${spec.inheritedWith}" is "${inherited}" (they come from its project or group; manage them there).`,
        );
        continue;
      }
      for (const item of found) {
        const id = spec.liveId(item);
        const described = spec.describe(item, declaredIn(type, repositoryId));
        const fingerprint = typeof described.fields.fingerprint === "string" ? described.fields.fingerprint : undefined;
        const identity = { ...where, id, name: described.name, ...(fingerprint ? { fingerprint } : {}) };
        findings.push(unmanaged(type, { ...described, properties: { ...where, ...described.properties } }, identity, repositories));
      }
    }
  }
  findings.push(...(await unmanagedInProjects(recorded, captured, client, repositories)));
  return findings;
}

/**
 * The same for kinds a CodeArts project holds (`report.holder` "project"): read in each project
 * the stack declares one of the kind in, whose list the refresh has read, so a stack costs no call
 * for a project it declares none in. Such findings carry no repository identity: prune, which acts
 * on the stack's repositories, leaves them to a person.
 */
async function unmanagedInProjects(recorded: StackResource[], captured: CapturedLists, client: () => Promise<CodeArtsClient>, repositories: RepositoryNames): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { type, report } of RESOURCES) {
    const spec = report.unmanaged;
    if (!spec || report.holder !== "project") continue;
    const declaredByProject = new Map<string, Record<string, unknown>[]>();
    for (const resource of recorded.filter((candidate) => candidate.resourceType === type)) {
      const projectId = String(resource.outputs.projectId).toLowerCase();
      declaredByProject.set(projectId, [...(declaredByProject.get(projectId) ?? []), { ...resource.outputs, ...resource.bookkeeping }]);
    }
    for (const [projectId, declared] of declaredByProject) {
      const declaredIds = new Set(declared.map((outputs) => spec.declaredId(outputs)));
      for (const item of (await wholeList(spec.list, { project_id: projectId }, captured, client)) as never[]) {
        if (declaredIds.has(spec.liveId(item))) continue;
        const described = spec.describe(item, declared);
        findings.push(unmanaged(type, { ...described, properties: { projectId, ...described.properties } }, undefined, repositories));
      }
    }
  }
  return findings;
}
