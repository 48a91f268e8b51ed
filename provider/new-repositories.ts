/**
 * What a repository this run created holds, known without reading it: the look before creating a
 * webhook or a deploy key in it costs no call.
 *
 * A repository the service created moments ago for this run holds no webhook and no deploy key:
 * creation (§4.2.9) takes no hook or key, and nothing in the API reference or the official SDK
 * says the service adds any by itself. The reference is silent on one case: keys or hooks set at
 * the project or group level (the SDK lists project and group deploy keys and webhooks) are
 * separate lists and calls, and nothing documents them showing in a repository's own list. Should
 * one ever show there, the service would refuse our create of the same key (the refusal is then
 * explained with a real look, recovery.ts), and only a create whose answer is lost could take it
 * for the one it made.
 *
 * Members and protection rules are not known this way: a new repository has its creator as a
 * member (and the project's members with importMembers), and a project-level rule with "force
 * inherit", or the service's own rule for the default branch, may protect a branch or tag of a new
 * repository. Those creates keep their look.
 *
 * Within the run, each key a create claims here is taken: a second create of the same key in the
 * same repository looks for real.
 */
import { ProviderContext, slot } from "./runtime";

/** The lists a new repository is known to hold nothing in. */
export type NewRepositoryList = "listRepositoryWebhooks" | "listDeployKeys";

/** Repositories this context created, by integer id, with the keys its creates claimed since, per list. */
const created = slot(() => new Map<number, Map<NewRepositoryList, Set<string>>>());

/** Records that this run created the repository (it holds no webhook or deploy key yet). */
export function rememberNewRepository(context: ProviderContext, repositoryId: number): void {
  context.memo(created).set(repositoryId, new Map());
}

/**
 * True when the key is known free in that list of the repository, because this run created the
 * repository and no create of this run claimed the key since; the key is then claimed. False means
 * "not known": the caller looks.
 */
export function claimedInNewRepository(context: ProviderContext, repositoryId: number, list: NewRepositoryList, key: string): boolean {
  const lists = context.memo(created).get(repositoryId);
  if (!lists) return false;
  const claimed = lists.get(list) ?? new Set<string>();
  lists.set(list, claimed);
  if (claimed.has(key)) return false;
  claimed.add(key);
  return true;
}
