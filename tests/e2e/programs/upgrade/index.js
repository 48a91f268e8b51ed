// Every kind whose id or state shape an upgrade could disturb, in one program, for
// tests/e2e/upgrade-from-release.test.ts. It runs unchanged under the released package and the new
// one; stack config holds what the test updates (the member's role, the webhook's events).
"use strict";
const pulumi = require("@pulumi/pulumi");
const { DeployKey, Member, ProtectedBranch, ProtectedTag, Repository, SSHKey, Webhook } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();
const repository = new Repository("upgraded", { projectId: config.require("projectId"), name: "upgraded-repo", description: "made by the released package" });
new ProtectedBranch("master", { repository, branch: "master", pushAccess: "maintainers", mergeAccess: "maintainers" });
new ProtectedTag("releases", { repository, tag: "v*", createAccess: "maintainers" });
new Member("colleague", { repository, userId: config.require("memberId"), userName: config.require("memberName"), role: config.require("memberRole") });
new Webhook("ci", {
  repository,
  url: "https://hooks.example.com/ci",
  name: "ci",
  token: config.requireSecret("hookToken"),
  events: JSON.parse(config.require("hookEvents")),
  branchFilter: "^(main|release/.*)$",
});
new DeployKey("deploy", { repository, title: "ci", key: config.require("deployKey"), canPush: false });
new SSHKey("laptop", { title: "laptop", key: config.require("sshKey") });

exports.repositoryUuid = repository.repositoryUuid;
exports.repositoryId = repository.repositoryId;
