/**
 * How a report names a CodeArts object ("payments-svc · member alice"); how much a finding about
 * it matters is gitops/severity.ts.
 */
import type { StackResource } from "./stack";
import { resourceOfType } from "../provider/registry";

/** Repository names by id and uuid, from the stack's Repository resources. */
export class RepositoryNames {
  private readonly names = new Map<string, string>();

  constructor(resources: StackResource[]) {
    for (const resource of resources) {
      if (resourceOfType(resource.resourceType)?.report.holder !== "none") continue;
      const name = String(resource.outputs.name ?? resource.inputs.name ?? resource.name);
      if (resource.outputs.repositoryUuid) this.names.set(String(resource.outputs.repositoryUuid), name);
      if (resource.outputs.repositoryId !== undefined) this.names.set(String(resource.outputs.repositoryId), name);
    }
  }

  of(properties: Record<string, unknown>): string {
    for (const key of ["repositoryUuid", "repositoryId"]) {
      const value = properties[key];
      if (value !== undefined && value !== null && typeof value !== "object" && this.names.has(String(value))) return this.names.get(String(value))!;
    }
    return String(properties.repositoryUuid ?? properties.repositoryId ?? "?");
  }
}

/** "payments-svc · member alice", "payments-svc" (the repository itself), "account · SSH key laptop", "project <id> · project webhook ci". */
export function describeObject(resourceType: string, properties: Record<string, unknown>, repositories: RepositoryNames, fallbackName: string): string {
  const report = resourceOfType(resourceType)?.report;
  const key = report?.key.map((name: string) => properties[name]).find((value: unknown) => typeof value === "string" && value !== "");
  const name = String(key ?? fallbackName);
  if (report?.holder === "none") return name;
  if (report?.holder === "account") return `account · ${report.label} ${name}`;
  if (report?.holder === "project") return `project ${String(properties.projectId ?? "?")} · ${report.label} ${name}`;
  return `${repositories.of(properties)} · ${report?.label ?? resourceType} ${name}`;
}

/** The recorded outputs, bookkeeping included, of each kind's resources in each repository. */
export function declaredByRepository(recorded: StackResource[]): (resourceType: string, repositoryId: unknown) => Record<string, unknown>[] {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const resource of recorded) {
    const key = `${resource.resourceType} ${String(resource.outputs.repositoryId)}`;
    groups.set(key, [...(groups.get(key) ?? []), { ...resource.outputs, ...resource.bookkeeping }]);
  }
  return (resourceType, repositoryId) => groups.get(`${resourceType} ${String(repositoryId)}`) ?? [];
}
