import * as pulumi from "@pulumi/pulumi";
import { ApprovalRule, Member, ProjectWebhook, Repository, TrustedIpAddress } from "pulumi-codeartsrepo";

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
export const auditHookId = audit.hookId;
export const officeEntryId = office.ipId;
export const rules = { master: master.settingId, releases: releases.settingId };
