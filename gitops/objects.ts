/**
 * How a report names a CodeArts object ("payments-svc · member alice") and how much a finding
 * about it matters.
 */
import type { ChangeKind, DriftKind, Severity } from "./report";
import type { StackResource } from "./stack";

/** Repository names by id and uuid, from the stack's Repository resources. */
export class RepositoryNames {
  private readonly names = new Map<string, string>();

  constructor(resources: StackResource[]) {
    for (const resource of resources) {
      if (resource.resourceType !== "Repository") continue;
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

/** What each resource type is called in CodeArts terms, and which of its properties names it. */
const LABELS: Record<string, { label: string; key: readonly string[] }> = {
  Member: { label: "member", key: ["userName", "userId"] },
  Webhook: { label: "webhook", key: ["name", "url"] },
  DeployKey: { label: "deploy key", key: ["title"] },
  ProtectedBranch: { label: "protected branch", key: ["branch"] },
  ProtectedTag: { label: "protected tag", key: ["tag"] },
  Branch: { label: "branch", key: ["name"] },
  RepositoryStatistics: { label: "statistics run", key: [] },
};

/** "payments-svc · member alice", "payments-svc" (the repository itself), "account · SSH key laptop". */
export function describeObject(resourceType: string, properties: Record<string, unknown>, repositories: RepositoryNames, fallbackName: string): string {
  if (resourceType === "Repository") return String(properties.name ?? fallbackName);
  if (resourceType === "SSHKey") return `account · SSH key ${String(properties.title ?? fallbackName)}`;
  const known = LABELS[resourceType];
  const label = known?.label ?? resourceType;
  const key = known?.key.map((name) => properties[name]).find((value) => typeof value === "string" && value !== "");
  return `${repositories.of(properties)} · ${label} ${String(key ?? fallbackName)}`;
}

/** Access to the code: a member, a deploy key, a protection rule. A change to one of these is a security finding. */
const ACCESS_TYPES = new Set(["Member", "DeployKey", "ProtectedBranch", "ProtectedTag", "SSHKey"]);

/**
 * high: someone can reach or push code in a way the program does not allow (an access object
 * added, changed or removed, a webhook nobody declared sending events out), or a repository is
 * gone or would be replaced or deleted. medium: any other drift or replacement. low: a planned create or update.
 */
export function severityOf(kind: DriftKind | ChangeKind, resourceType: string): Severity {
  switch (kind) {
    case "unmanaged":
      return resourceType === "ProtectedBranch" || resourceType === "ProtectedTag" ? "medium" : "high";
    case "changed":
      return ACCESS_TYPES.has(resourceType) ? "high" : "medium";
    case "deleted":
      // A repository gone holds code no state can bring back.
      return ACCESS_TYPES.has(resourceType) || resourceType === "Repository" ? "high" : "medium";
    case "replace":
    case "delete":
      return resourceType === "Repository" ? "high" : "medium";
    default:
      return "low";
  }
}
