/**
 * How `codeartsrepo import` brings a kind's existing objects into a generated program, as the
 * kind's descriptor states it (`importer`): which of a repository's lists it reads, how a listed
 * object becomes a declaration or is left out with a reason, how `--exclude-stack` recognises it
 * in a stack, and what the progress line calls it. The mechanism (listing repositories, reading a
 * few at a time, names, the program and README writer, the exclusion loop) is importer/'s; this
 * file holds only the types both sides share, so provider/ never imports importer/.
 */
import type { z } from "zod";
import type { CodeArtsClient } from "../api/client";
import { CodeArtsArgumentError } from "../api/errors";
import type { PagedRouteName, RouteItem } from "../api/routes";
import { RepositoryV4, UUID32_PATTERN } from "../wire";

/** An object the import leaves out, and why: reported on stderr and in the generated README. */
export interface Skipped {
  what: string;
  why: string;
}

/** One repository while it is read: each list is read once, however many kinds use it. */
export interface RepositoryReading {
  readonly client: CodeArtsClient;
  readonly id: number;
  readonly uuid: string;
  /** The repository's V4 answer (what it holds, e.g. `label_count`). */
  v4(): Promise<RepositoryV4>;
  /** A paged V4 list of the repository, by `repository_id`. */
  list<R extends PagedRouteName>(route: R): Promise<RouteItem<R>[]>;
  /** Any other read of the repository, once by key (e.g. the roles some rules name by id only). */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/**
 * A value the service cannot return: the program reads it from stack config, and the generated
 * README says how to set it. Read with `config.get…`/`config.require…` (Secret, Boolean as given).
 */
export class StackConfig {
  constructor(
    readonly need: { key: string; required: boolean; secret: boolean; boolean?: boolean; what: string },
  ) {}
}

/** What one object's declaration says besides `repository` (first) and `adoptExisting: true` (last). */
export interface Declaration {
  /** Comment lines (without `// `) above the declaration. */
  comments?: string[];
  /** The inputs in the order written: a JSON literal, a `StackConfig`, or undefined (left out). */
  fields: Record<string, unknown>;
}

/** How the import reads and declares one kind a repository holds. */
export interface ChildImport<F extends string = string, T extends object = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The import model's key for these objects (`ImportedRepository[field]`): plain data, in declaration order. */
  field: F;
  /** Where the kind comes in the program and on the progress line, ascending. */
  order: number;
  /** "1 protected branch", "2 protected branches" on the progress line. */
  count: readonly [one: string, many: string];
  /** The repository's objects of this kind, each as an item to declare or why it is left out (`what` without the repository). */
  read(repository: RepositoryReading): Promise<{ items: T[]; skipped: Skipped[] }>;
  /** The resource name is `<repository>-<prefix>-<slug of base>` (the prefix also when the slug is empty). */
  name: { prefix: string; base(item: T): string };
  declare(item: T, where: { name: string; repositoryName: string }): Declaration;
  /** The resource id a stack records for this object (`--exclude-stack`). */
  managedId(item: T, repository: { id: number; uuid: string }): string;
  /**
   * Its `pulumi import` id (the kind's `importId` format), for `codeartsrepo import --language
   * yaml|python` and the plugin's List. Absent: the resource id is the import id.
   */
  importId?(item: T, repository: { id: number; uuid: string }): string;
}

/** The `pulumi import` id of an object the import read. */
export function importIdOf<T extends object>(importer: ChildImport<string, T>, item: T, repository: { id: number; uuid: string }): string {
  return (importer.importId ?? importer.managedId)(item, repository);
}

/** A kind's `importer`: how it is imported, or why it is not. */
export type Importing = ChildImport | { notImported: string };

/** The first zod message for these inputs, as `field rule`; undefined when the provider's check would accept them. */
export function refusal(schema: z.ZodType, inputs: Record<string, unknown>): string | undefined {
  const parsed = schema.safeParse(inputs);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return `the provider would refuse it: ${issue.path.join(".") || "(inputs)"} ${issue.message}`;
}

/** A repository as an import id names it: by its integer id or its 32-character uuid. */
export interface RepositoryIds {
  repositoryId: number;
  repositoryUuid: string;
}

/**
 * `<repository>/<rest>` of an import id, where `<repository>` is the repository's integer id or its
 * uuid: both ids (one repository read finds the other; children's reads need both) and `<rest>`,
 * which may itself hold slashes (a branch name). Fails saying why when the id does not fit.
 */
export async function locateInRepository(client: CodeArtsClient, importId: string): Promise<RepositoryIds & { rest: string }> {
  const slash = importId.indexOf("/");
  const [repository, rest] = slash < 0 ? [importId, ""] : [importId.slice(0, slash), importId.slice(slash + 1)];
  if (rest === "") throw new CodeArtsArgumentError("it does not start with the repository (its integer id or its 32-character uuid), a slash and the object");
  return { ...(await repositoryIds(client, repository)), rest };
}

/** Both ids of a repository named by either (one read finds the other). */
export async function repositoryIds(client: CodeArtsClient, repository: string): Promise<RepositoryIds> {
  if (UUID32_PATTERN.test(repository)) {
    const v2 = await client.call("showRepository", { params: { repository_uuid: repository } });
    return { repositoryId: v2.repository_id, repositoryUuid: repository };
  }
  if (!/^[1-9][0-9]*$/.test(repository)) {
    throw new CodeArtsArgumentError(`"${repository}" is not a repository: its integer id or its 32-character uuid`);
  }
  const v4 = await client.call("showRepositoryV4", { params: { repository_id: Number(repository) } });
  if (!v4.uuid) throw new CodeArtsArgumentError(`repository ${repository}'s V4 answer gives no uuid; name the repository by its uuid instead`);
  return { repositoryId: Number(repository), repositoryUuid: v4.uuid };
}
