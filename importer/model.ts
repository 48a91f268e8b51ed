/**
 * What `codeartsrepo import` learned from the service: plain data, in the provider's vocabulary,
 * one entry per object a program can declare. Reading fills it (read.ts), `--exclude-stack` thins
 * it (exclude.ts), and the generator turns it into a program (generate.ts).
 *
 * A repository's objects are kept by kind under the field its descriptor's `importer` names, with
 * the item type it declares (provider/importing.ts): the fields below derive from the registry.
 */
import type { ChildImport, Skipped } from "../provider/importing";
import { RESOURCES, RegisteredResource } from "../provider/registry";
import type { ImportedWebhook } from "../provider/webhook";

export type { Skipped } from "../provider/importing";

/** The importers of the kinds a repository holds, as the registry types them. */
type ChildImporters = Extract<NonNullable<RegisteredResource["importer"]>, ChildImport<string, object>>;

/** `protectedBranches: ImportedBranchProtection[]`, … for each kind with an importer. */
export type ImportedObjects = {
  [M in ChildImporters as string extends M["field"] ? never : M["field"]]: M extends ChildImport<string, infer T> ? T[] : never;
};

export interface ImportedSshKey {
  keyId: number;
  title: string;
  key: string;
}

export type ImportedRepository = ImportedObjects & {
  uuid: string;
  id: number;
  name: string;
  description?: string;
  visibility: "private" | "public";
  /** False when an existing stack manages the repository: its children then name it by its ids. */
  declared: boolean;
};

export interface ImportedProject {
  projectId: string;
  repositories: ImportedRepository[];
  /** Only with --include-ssh-keys. */
  sshKeys: ImportedSshKey[];
  /** The project's own webhooks (ProjectWebhook), by id. */
  projectWebhooks: ImportedWebhook[];
  skipped: Skipped[];
}

/**
 * Every kind a repository holds that the import declares, with its Pulumi type, in the order the
 * program and the progress line give them. The repository itself (which holds them, and which
 * children name by reference), the account's SSH keys (`--include-ssh-keys`, not read per
 * repository) and the project's own webhooks stay in the mechanism: each is one case, not a kind
 * among several.
 */
export const CHILD_KINDS: readonly { type: string; importer: ChildImport }[] = RESOURCES.flatMap((resource) =>
  resource.importer && "field" in resource.importer ? [{ type: resource.type, importer: resource.importer as ChildImport }] : [],
).sort((a, b) => a.importer.order - b.importer.order);

/** A repository's objects of one kind. */
export function objectsOf(repository: ImportedRepository, importer: ChildImport): object[] {
  return (repository as unknown as Record<string, object[] | undefined>)[importer.field] ?? [];
}
