/**
 * The benchmark's workload in Pulumi YAML, through the provider plugin: what
 * programs/codeartsrepo/index.js declares from mix.json, with the same names and the same inputs,
 * written out resource by resource because YAML has no loops. Children name their repository by its
 * two ids, which is what the TypeScript SDK's `repository` reference passes too (sdk/common.ts).
 */
import { Mix } from "./mix";

const TYPE_PREFIX = "codeartsrepo:index:";

interface Declared {
  name: string;
  type: string;
  properties: Record<string, unknown>;
}

/** Every resource of the mix, in the order the TypeScript program declares them. */
function declarations(mix: Mix): Declared[] {
  const declared: Declared[] = [];
  for (const plan of mix.repositories) {
    declared.push({ name: plan.name, type: "Repository", properties: { projectId: mix.projectId, name: plan.name, description: plan.description, enableReadme: true } });
    const parent = { repositoryId: `\${${plan.name}.repositoryId}`, repositoryUuid: `\${${plan.name}.repositoryUuid}` };
    for (const rule of plan.protectedBranches) declared.push({ name: `${plan.name}-branch-${rule.branch}`, type: "ProtectedBranch", properties: { ...parent, ...rule } });
    for (const rule of plan.protectedTags) declared.push({ name: `${plan.name}-tag-${rule.tag}`, type: "ProtectedTag", properties: { ...parent, ...rule } });
    for (const member of plan.members) {
      declared.push({ name: `${plan.name}-member-${member.name}`, type: "Member", properties: { ...parent, userId: member.id, userName: member.name, role: member.role } });
    }
    // The SDK makes the token secret whatever the program passes; YAML says so itself.
    for (const hook of plan.webhooks) {
      declared.push({ name: `${plan.name}-hook-${hook.name}`, type: "Webhook", properties: { ...parent, ...hook, token: { "fn::secret": hook.token } } });
    }
    for (const key of plan.deployKeys) declared.push({ name: `${plan.name}-key`, type: "DeployKey", properties: { ...parent, ...key } });
    for (const rule of plan.approvalRules) declared.push({ name: `${plan.name}-approval-${rule.branch}`, type: "ApprovalRule", properties: { ...parent, ...rule } });
    for (const settings of plan.mergeRequestSettings) declared.push({ name: `${plan.name}-merge-requests`, type: "MergeRequestSettings", properties: { ...parent, ...settings } });
    for (const label of plan.labels) declared.push({ name: `${plan.name}-label-${label.name}`, type: "Label", properties: { ...parent, ...label } });
    for (const rule of plan.filePushPermissions) declared.push({ name: `${plan.name}-push-${rule.path}`, type: "FilePushPermission", properties: { ...parent, ...rule } });
    for (const policy of plan.repositoryPolicies) declared.push({ name: `${plan.name}-policy`, type: "RepositoryPolicy", properties: { ...parent, ...policy } });
  }
  return declared;
}

/**
 * Pulumi.yaml of the plugin's bench program. Every value is written as JSON, which YAML reads as
 * it is (quoted strings, flow lists and maps), so no value needs YAML escaping of its own.
 *
 * @param pluginDir the directory of bin/pulumi-resource-codeartsrepo
 */
export function pluginProgram(mix: Mix, pluginDir: string): string {
  const lines = [
    "name: codeartsrepo-bench-plugin",
    "description: The benchmark's workload (scripts/bench) through the codeartsrepo provider plugin, generated from its mix.",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: codeartsrepo",
    `      path: ${JSON.stringify(pluginDir)}`,
    "resources:",
  ];
  for (const { name, type, properties } of declarations(mix)) {
    lines.push(`  ${JSON.stringify(name)}:`, `    type: ${TYPE_PREFIX}${type}`, "    properties:");
    for (const [key, value] of Object.entries(properties)) lines.push(`      ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join("\n")}\n`;
}
