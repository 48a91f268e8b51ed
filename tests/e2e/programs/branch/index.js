"use strict";
const pulumi = require("@pulumi/pulumi");
const { Branch, Repository, Tag } = require("pulumi-codeartsrepo");

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

// The release tag names the commit the branch was made at: a commit id, which the tag is held to.
const tag = new Tag("release-tag", {
  repository,
  name: "v1.0.0",
  ref: release.commitId,
  message: "Release 1.0",
  allowReplace: config.getBoolean("allowReplace") || false,
});

exports.repositoryId = repository.repositoryId;
exports.tagCommitId = tag.commitId;
exports.releaseCommitId = release.commitId;
