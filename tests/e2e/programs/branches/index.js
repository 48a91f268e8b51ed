"use strict";
const pulumi = require("@pulumi/pulumi");
const { ProtectedBranch, ProtectedTag, Repository } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();

const repository = new Repository("repo", {
  projectId: config.require("projectId"),
  name: config.get("repositoryName") || "e2e-branches",
});

const master = new ProtectedBranch("master", {
  repository,
  branch: "master",
  pushAccess: config.get("pushAccess") || "maintainers",
  mergeAccess: config.get("mergeAccess") || "maintainers",
});

const releases = new ProtectedTag("releases", {
  repository,
  tag: "v*",
  createAccess: config.get("tagCreateAccess") || "maintainers",
});

exports.repositoryId = repository.repositoryId;
exports.masterPushAccess = master.pushAccess;
exports.masterMergeAccess = master.mergeAccess;
exports.releaseTagCreateAccess = releases.createAccess;
