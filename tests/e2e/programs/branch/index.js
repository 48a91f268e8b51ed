"use strict";
const pulumi = require("@pulumi/pulumi");
const { Branch, Repository } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();

const repository = new Repository("repo", {
  projectId: config.require("projectId"),
  name: "e2e-branch",
});

const release = new Branch("release", {
  repository,
  name: "release/1.0",
  ref: config.get("ref") || "master",
  allowReplace: config.getBoolean("allowReplace") || false,
});

exports.repositoryId = repository.repositoryId;
exports.releaseCommitId = release.commitId;
