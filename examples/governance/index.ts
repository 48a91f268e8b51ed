import * as pulumi from "@pulumi/pulumi";
import { ApprovalRule, FilePushPermission, Label, Member, Repository } from "pulumi-codeartsrepo";

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

// Who owns the code and how it is built are changed by maintainers only, whatever branch the push goes to.
const codeowners = new FilePushPermission("codeowners", { repository, path: "CODEOWNERS", pushAccess: "maintainers" });
const pipelines = new FilePushPermission("pipelines", { repository, path: ".ci/*", pushAccess: "maintainers" });

// The labels reviewers triage merge requests with.
const securityReview = new Label("security-review", { repository, name: "security-review", color: "#d9534f", description: "Needs a review by the security team" });
const releaseBlocker = new Label("release-blocker", { repository, name: "release-blocker", color: "#000000" });

export const repositoryId = repository.repositoryId;
export const rules = { master: master.settingId, releases: releases.settingId };
export const filePushRules = { codeowners: codeowners.permissionId, pipelines: pipelines.permissionId };
export const labels = { securityReview: securityReview.labelId, releaseBlocker: releaseBlocker.labelId };
