/**
 * The plugin's List (engines 3.233+): the objects of one kind that exist, each by its `pulumi
 * import` id and a name, so a tool can discover what to import. It reads what `codeartsrepo
 * import` reads (the kind's `importer`, one repository's lists), so it adds no call of its own.
 *
 * The query names where to look: `{repositoryId}` or `{repositoryUuid}` for a repository's objects,
 * `{projectId}` for repositories; SSH keys are the account's and need none.
 */
import type { CodeArtsClient } from "../api/client";
import { CodeArtsArgumentError } from "../api/errors";
import { repositoryReading } from "../importer/read";
import { importIdOf, repositoryIds } from "../provider/importing";
import type { RegisteredResource } from "../provider/registry";
import { listMyKeys } from "../provider/ssh-key";

export interface Listed {
  /** The import id. */
  id: string;
  name: string;
}

export async function listObjects(kind: RegisteredResource, client: CodeArtsClient, query: Record<string, unknown>): Promise<Listed[]> {
  if (kind.type === "Repository") {
    if (typeof query.projectId !== "string") throw new CodeArtsArgumentError("List of Repository takes a query {projectId}: the CodeArts project (32 hexadecimal characters)");
    const repositories = await client.paginate("listProjectRepositories", { params: { project_uuid: query.projectId } });
    return repositories.map((repository) => ({ id: repository.repository_uuid, name: repository.repository_name }));
  }
  if (kind.type === "SSHKey") return (await listMyKeys(client)).map((key) => ({ id: String(key.id), name: key.title ?? String(key.id) }));
  const importer = kind.importer;
  if (!importer || !("field" in importer)) {
    const why = "notImported" in kind.importId ? kind.importId.notImported : importer && "notImported" in importer ? importer.notImported : "codeartsrepo import does not read them";
    throw new CodeArtsArgumentError(`${kind.type} objects are not listed: ${why}`);
  }
  const repository = query.repositoryId ?? query.repositoryUuid;
  if (repository === undefined) throw new CodeArtsArgumentError(`List of ${kind.type} takes a query {repositoryId} or {repositoryUuid}`);
  const { repositoryId, repositoryUuid } = await repositoryIds(client, String(repository));
  const { items } = await importer.read(repositoryReading(client, repositoryId, repositoryUuid));
  const where = { id: repositoryId, uuid: repositoryUuid };
  return items.map((item: object) => ({ id: importIdOf(importer, item, where), name: importer.name.base(item) }));
}
