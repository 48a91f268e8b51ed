import * as pulumi from "@pulumi/pulumi";
import { ApprovalRule, FilePushPermission, Label, Member, MergeRequestSettings, ProjectWebhook, Repository, RepositoryFile, RepositoryPolicy, TrustedIpAddress } from "pulumi-codeartsrepo";

const config = new pulumi.Config();

const repository = new Repository("service", {
  projectId: config.require("projectId"),
  name: config.require("repositoryName"),
  description: "A service whose merges are reviewed as the platform team requires",
  visibility: "private",
  enableReadme: true,
});

const lead = new Member("lead", { repository, userId: config.require("leadId"), userName: "lead", role: "maintainer" });
const reviewer = new Member("reviewer", { repository, userId: config.require("reviewerId"), userName: "reviewer", role: "developer" });

// Merges into master need approvals, the lead's among them, and a green pipeline; a new push
// asks for the approvals again.
const master = new ApprovalRule("master", {
  repository,
  branch: "master",
  mode: "approval",
  requiredApprovals: config.getNumber("requiredApprovals") ?? 2,
  approvers: [lead.memberId.apply(Number)],
  resetApprovalsOnPush: true,
  requirePipelinePass: true,
});

// Release branches need one review by the reviewer.
const releases = new ApprovalRule("releases", {
  repository,
  branch: "release/*",
  mode: "score",
  requiredReviews: 1,
  reviewers: [reviewer.memberId.apply(Number)],
});

// Nobody merges or approves their own merge request, every discussion is resolved first, and
// history stays linear. Fields left out stay as the repository has them.
const mergeRules = new MergeRequestSettings("merge-rules", {
  repository,
  mergeMethod: "ff",
  forbidSelfMerge: true,
  forbidSelfApproval: true,
  requireResolvedDiscussions: true,
});

// No forks, and branches named by their purpose.
const policy = new RepositoryPolicy("policy", {
  repository,
  forkForbidden: true,
  branchNamePattern: "^(master|release/.+|(feature|fix)/.+)$",
});

// Who reviews what: a change to CODEOWNERS in the console is high drift.
const codeowners = new RepositoryFile("codeowners", {
  repository,
  filePath: "CODEOWNERS",
  content: "* @platform-team\n/deploy/ @release-managers\n",
  commitMessage: "Code owners, from the governance program",
});

// The CI configuration names a registry credential: given as a secret, the whole file stays
// secret in the state.
const ci = new RepositoryFile("ci", {
  repository,
  filePath: ".gitlab-ci.yml",
  content: pulumi.interpolate`stages: [test]\ntest:\n  script: npm test\n  variables:\n    REGISTRY_TOKEN: "${config.requireSecret("registryToken")}"\n`,
});

// Who owns the code and how it is built are changed by maintainers only, whatever branch the push goes to.
const ownersPushRule = new FilePushPermission("codeowners", { repository, path: "CODEOWNERS", pushAccess: "maintainers" });
const pipelinesPushRule = new FilePushPermission("pipelines", { repository, path: ".ci/*", pushAccess: "maintainers" });

// The labels reviewers triage merge requests with.
const securityReview = new Label("security-review", { repository, name: "security-review", color: "#d9534f", description: "Needs a review by the security team" });
const releaseBlocker = new Label("release-blocker", { repository, name: "release-blocker", color: "#000000" });

// Only the office network reaches the code, and nobody pushes from it (pushes come through CI).
const office = new TrustedIpAddress("office", {
  repository,
  type: "cidr",
  start: config.get("officeNetwork") ?? "203.0.113.0/24",
  allowView: true,
  allowDownload: true,
  allowUpload: false,
  remark: "office",
});

// Every repository of the project reports its merge requests and pushes to master to the audit
// service, whose token stays secret in the state.
const audit = new ProjectWebhook("audit", {
  projectId: config.require("projectId"),
  url: config.get("auditUrl") ?? "https://audit.example.com/hooks/codearts",
  name: "audit",
  token: config.requireSecret("auditHookToken"),
  events: ["push", "mergeRequest"],
  branchFilter: "^master$",
});

export const repositoryId = repository.repositoryId;
/** What the merge request settings were before the program set them: what a destroy puts back. */
export const mergeSettingsBefore = mergeRules.valuesBefore;
export const policyBefore = policy.valuesBefore;
export const files = { codeowners: codeowners.lastCommitId, ci: ci.lastCommitId };
export const auditHookId = audit.hookId;
export const officeEntryId = office.ipId;
export const rules = { master: master.settingId, releases: releases.settingId };
export const filePushRules = { codeowners: ownersPushRule.permissionId, pipelines: pipelinesPushRule.permissionId };
export const labels = { securityReview: securityReview.labelId, releaseBlocker: releaseBlocker.labelId };
