/**
 * How a report names a CodeArts object ("payments-svc · member alice") and how much a finding
 * about it matters.
 */
import type { ChangeKind, DriftKind, Severity } from "./report";
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

/** "payments-svc · member alice", "payments-svc" (the repository itself), "account · SSH key laptop". */
export function describeObject(resourceType: string, properties: Record<string, unknown>, repositories: RepositoryNames, fallbackName: string): string {
  const report = resourceOfType(resourceType)?.report;
  const key = report?.key.map((name: string) => properties[name]).find((value: unknown) => typeof value === "string" && value !== "");
  const name = String(key ?? fallbackName);
  if (report?.holder === "none") return name;
  if (report?.holder === "account") return `account · ${report.label} ${name}`;
  return `${repositories.of(properties)} · ${report?.label ?? resourceType} ${name}`;
}

/**
 * high: someone can reach or push code in a way the program does not allow (an access object
 * added, changed or removed, a webhook nobody declared sending events out), or a repository is
 * gone or would be replaced or deleted. medium: any other drift or replacement. low: a planned create or update.
 * Which kinds give access, and how an unmanaged one weighs, their descriptors say (`report`).
 */
export function severityOf(kind: DriftKind | ChangeKind, resourceType: string): Severity {
  const report = resourceOfType(resourceType)?.report;
  const access = report?.access === true;
  const isRepository = report?.holder === "none";
  switch (kind) {
    case "unmanaged":
      return report?.unmanagedSeverity ?? "high";
    case "changed":
      return access ? "high" : "medium";
    case "deleted":
      // A repository gone holds code no state can bring back.
      return access || isRepository ? "high" : "medium";
    case "replace":
    case "delete":
      return isRepository ? "high" : "medium";
    default:
      return "low";
  }
}
