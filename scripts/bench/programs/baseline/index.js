// The engine's floor for the benchmark: dynamic resources whose provider does nothing, one for each
// resource of the workload (../codeartsrepo), with the same inputs and the same dependencies (every
// child takes an output of its repository). What the workload costs beyond this is ours.
const pulumi = require("@pulumi/pulumi");
const { repositories } = require("./mix.json");

const nothing = {
  async create(inputs) {
    return { id: inputs.logicalName, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Nothing extends pulumi.dynamic.Resource {
  constructor(kind, name, props) {
    super(nothing, name, { logicalName: name, ...props }, {}, "baseline", kind);
  }
}

for (const plan of repositories) {
  const repository = new Nothing("Repository", plan.name, { name: plan.name, description: plan.description, enableReadme: true });
  const parent = { repositoryId: repository.id };
  for (const rule of plan.protectedBranches) new Nothing("ProtectedBranch", `${plan.name}-branch-${rule.branch}`, { ...parent, ...rule });
  for (const rule of plan.protectedTags) new Nothing("ProtectedTag", `${plan.name}-tag-${rule.tag}`, { ...parent, ...rule });
  for (const member of plan.members) new Nothing("Member", `${plan.name}-member-${member.name}`, { ...parent, ...member });
  for (const hook of plan.webhooks) new Nothing("Webhook", `${plan.name}-hook-${hook.name}`, { ...parent, ...hook, token: pulumi.secret(hook.token) });
  for (const key of plan.deployKeys) new Nothing("DeployKey", `${plan.name}-key`, { ...parent, ...key });
  for (const rule of plan.approvalRules) new Nothing("ApprovalRule", `${plan.name}-approval-${rule.branch}`, { ...parent, ...rule });
  for (const settings of plan.mergeRequestSettings) new Nothing("MergeRequestSettings", `${plan.name}-merge-requests`, { ...parent, ...settings });
  for (const label of plan.labels) new Nothing("Label", `${plan.name}-label-${label.name}`, { ...parent, ...label });
  for (const rule of plan.filePushPermissions) new Nothing("FilePushPermission", `${plan.name}-push-${rule.path}`, { ...parent, ...rule });
  for (const policy of plan.repositoryPolicies) new Nothing("RepositoryPolicy", `${plan.name}-policy`, { ...parent, ...policy });
}
