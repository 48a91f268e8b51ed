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
import { approvalRule } from "./approval-rule";
import { tag } from "./tag";
import { mergeRequestSettings } from "./merge-request-settings";
import { repositoryPolicy } from "./repository-policy";
import { repositoryFile } from "./repository-file";
import { filePushPermission } from "./file-push-permission";
import { member } from "./member";
import { protectedBranch } from "./protected-branch";
import { protectedTag } from "./protected-tag";
import { repository } from "./repository";
import { repositoryStatistics } from "./repository-statistics";
import { sshKey } from "./ssh-key";
import { webhook } from "./webhook";
import { projectWebhook } from "./project-webhook";
import { trustedIpAddress } from "./trusted-ip-address";

export const RESOURCES = [repository, member, webhook, branch, protectedBranch, protectedTag, deployKey, sshKey, repositoryStatistics, label, approvalRule, tag, mergeRequestSettings, repositoryPolicy, repositoryFile, filePushPermission, projectWebhook, trustedIpAddress] as const;

export type RegisteredResource = (typeof RESOURCES)[number];
/** The module name under provider/ that `pulumi-codeartsrepo/provider/<kind>` loads. */
export type ResourceKind = RegisteredResource["kind"];

/**
 * How a stack's state names this package's resources: `pulumi-nodejs:dynamic/codeartsrepo:<Type>`
 * for the TypeScript SDK's dynamic resources, `codeartsrepo:index:<Type>` for the provider plugin's
 * (YAML, Python, `pulumi import`). Drift reports and `--exclude-stack` read both.
 */
export const RESOURCE_TYPE_PREFIXES = { dynamic: "pulumi-nodejs:dynamic/codeartsrepo:", plugin: "codeartsrepo:index:" } as const;

/** The type name ("DeployKey") of a resource type of either form; undefined for a type that is not ours. */
export function typeNameOf(resourceType: string): string | undefined {
  const prefix = Object.values(RESOURCE_TYPE_PREFIXES).find((candidate) => resourceType.startsWith(candidate));
  return prefix === undefined ? undefined : resourceType.slice(prefix.length);
}

/** The descriptor of a Pulumi type name ("DeployKey"), or undefined for a type that is not ours. */
export function resourceOfType(type: string): RegisteredResource | undefined {
  return RESOURCES.find((resource) => resource.type === type);
}
