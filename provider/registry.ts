/**
 * Every resource kind of the package, as its descriptor (provider/resource.ts). Whatever lists the
 * kinds is derived from here and checked by the compiler or by tests/unit/registry.test.ts: the
 * shim's kinds (`ResourceKind`), the package's exports, the drift reports' labels, severities and
 * unmanaged-object lists (gitops/), the SDK classes held against the provider outputs.
 *
 * Loading this module loads every kind; the serialized provider (shim.ts) imports only its type.
 */
import { branch } from "./branch";
import { deployKey } from "./deploy-key";
import { label } from "./label";
import { member } from "./member";
import { protectedBranch } from "./protected-branch";
import { protectedTag } from "./protected-tag";
import { repository } from "./repository";
import { repositoryStatistics } from "./repository-statistics";
import { sshKey } from "./ssh-key";
import { webhook } from "./webhook";

export const RESOURCES = [repository, member, webhook, branch, protectedBranch, protectedTag, deployKey, sshKey, repositoryStatistics, label] as const;

export type RegisteredResource = (typeof RESOURCES)[number];
/** The module name under provider/ that `pulumi-codeartsrepo/provider/<kind>` loads. */
export type ResourceKind = RegisteredResource["kind"];

/** The descriptor of a Pulumi type name ("DeployKey"), or undefined for a type that is not ours. */
export function resourceOfType(type: string): RegisteredResource | undefined {
  return RESOURCES.find((resource) => resource.type === type);
}
