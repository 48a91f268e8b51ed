// The benchmark's workload: every repository in mix.json with its protections, members, webhook,
// deploy key, approval rule and governance object (scripts/bench/mix.ts says what a repository gets).
const { ApprovalRule, DeployKey, FilePushPermission, Label, Member, MergeRequestSettings, ProtectedBranch, ProtectedTag, Repository, RepositoryPolicy, Webhook } = require("pulumi-codeartsrepo");
const { projectId, repositories } = require("./mix.json");

for (const plan of repositories) {
  const repository = new Repository(plan.name, { projectId, name: plan.name, description: plan.description, enableReadme: true });
  for (const rule of plan.protectedBranches) new ProtectedBranch(`${plan.name}-branch-${rule.branch}`, { repository, ...rule });
  for (const rule of plan.protectedTags) new ProtectedTag(`${plan.name}-tag-${rule.tag}`, { repository, ...rule });
  for (const member of plan.members) {
    new Member(`${plan.name}-member-${member.name}`, { repository, userId: member.id, userName: member.name, role: member.role });
  }
  for (const hook of plan.webhooks) new Webhook(`${plan.name}-hook-${hook.name}`, { repository, ...hook });
  for (const key of plan.deployKeys) new DeployKey(`${plan.name}-key`, { repository, ...key });
  for (const rule of plan.approvalRules) new ApprovalRule(`${plan.name}-approval-${rule.branch}`, { repository, ...rule });
  for (const settings of plan.mergeRequestSettings) new MergeRequestSettings(`${plan.name}-merge-requests`, { repository, ...settings });
  for (const label of plan.labels) new Label(`${plan.name}-label-${label.name}`, { repository, ...label });
  for (const rule of plan.filePushPermissions) new FilePushPermission(`${plan.name}-push-${rule.path}`, { repository, ...rule });
  for (const policy of plan.repositoryPolicies) new RepositoryPolicy(`${plan.name}-policy`, { repository, ...policy });
}
