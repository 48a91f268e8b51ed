/**
 * One listing of a project's repositories per run (GET /v2/projects/{project}/repositories,
 * §4.3.4), shared by every repository of that project the run creates or reads: a create's "is the
 * name free" look and a refresh's v2 read both come from it, instead of one call each.
 *
 * The listing is taken once and then kept in step with this run's own writes (a repository it
 * created is added, one it deleted is removed), so the run's creates and deletes never make it
 * wrong about themselves. What it cannot see is another client's change after it was taken:
 * - a name someone else takes after the listing makes our create fail (the service refuses a
 *   taken name) and the refusal is explained with a fresh look (repository.ts findByName);
 * - after a create whose answer is lost, the repository is found by a fresh look, never from here;
 * - a repository deleted in the console after the listing is read from here as still there, by a
 *   refresh that started before it was deleted: the same answer a per-repository read made at the
 *   listing's moment would have given.
 * A repository the listing does not hold is read the per-repository way, which alone decides
 * "gone" (see repository.ts).
 *
 * The threshold. The listing costs one call per 100 repositories of the project, once per run; the
 * calls it replaces are one per repository the run creates or reads there. A project of more than
 * LISTING_MAX_PAGES pages is not listed beyond its first page (which tells its size): the run
 * falls back to one call per repository, having spent one call more than before. Up to that size,
 * a run touching at least LISTING_MAX_PAGES repositories of the project saves calls, and one
 * touching a single repository of a 500-repository project spends 4 more than one name check.
 */
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError } from "../api/errors";
import { RepoInfoV2 } from "../wire";
import { ProviderContext, learnOnce, slot } from "./runtime";

/** How many pages of 100 a project's listing may take before the run goes repository by repository. */
export const LISTING_MAX_PAGES = 5;
const LISTING_PAGE_SIZE = 100;

export interface ProjectRepositories {
  byName(name: string): RepoInfoV2 | undefined;
  byUuid(uuid: string): RepoInfoV2 | undefined;
}

class Listing implements ProjectRepositories {
  private readonly repositories = new Map<string, RepoInfoV2>();

  constructor(listed: RepoInfoV2[]) {
    for (const repository of listed) this.add(repository);
  }

  byName(name: string): RepoInfoV2 | undefined {
    for (const repository of this.repositories.values()) if (repository.repository_name === name) return repository;
    return undefined;
  }

  byUuid(uuid: string): RepoInfoV2 | undefined {
    return this.repositories.get(uuid.toLowerCase());
  }

  add(repository: RepoInfoV2): void {
    this.repositories.set(repository.repository_uuid.toLowerCase(), repository);
  }

  remove(uuid: string): void {
    this.repositories.delete(uuid.toLowerCase());
  }
}

/** Each project's listing in this run, by lower-case project id; undefined when the project is too large to list. */
const listings = slot(() => new Map<string, Promise<Listing | undefined>>());

async function listProject(client: CodeArtsClient, projectId: string): Promise<Listing | undefined> {
  try {
    return await listAll(client, projectId);
  } catch (error) {
    // A caller allowed to manage its repositories but not to list the project (or a project that
    // is gone): each repository is looked up on its own, as before, and answers for itself.
    if (error instanceof CodeArtsApiError && error.httpStatus < 500) return undefined;
    throw error;
  }
}

async function listAll(client: CodeArtsClient, projectId: string): Promise<Listing | undefined> {
  const listed: RepoInfoV2[] = [];
  let pages = 0;
  const args = { params: { project_uuid: projectId }, pageSize: LISTING_PAGE_SIZE, fresh: true };
  for await (const page of client.pages("listProjectRepositories", args)) {
    pages++;
    const tooLarge = page.total !== undefined ? page.total > LISTING_MAX_PAGES * LISTING_PAGE_SIZE : pages > LISTING_MAX_PAGES;
    if (tooLarge) return undefined;
    listed.push(...page.items);
  }
  return new Listing(listed);
}

/**
 * The project's repositories as this run knows them, listed on first use; undefined when the
 * project is too large to list (then each repository is looked up on its own).
 */
export function projectRepositories(context: ProviderContext, projectId: string): Promise<ProjectRepositories | undefined> {
  return learnOnce(context.memo(listings), projectId.toLowerCase(), () => listProject(context.client, projectId));
}

/** Tells this run's listing of the project, if it took one, of a repository the run created (or adopted). */
export async function listingAdds(context: ProviderContext, projectId: string, repository: RepoInfoV2): Promise<void> {
  const listing = await context.memo(listings).get(projectId.toLowerCase())?.catch(() => undefined);
  listing?.add(repository);
}

/** Tells this run's listing of the project, if it took one, of a repository the run deleted. */
export async function listingRemoves(context: ProviderContext, projectId: string, uuid: string): Promise<void> {
  const listing = await context.memo(listings).get(projectId.toLowerCase())?.catch(() => undefined);
  listing?.remove(uuid);
}
