"use strict";
const pulumi = require("@pulumi/pulumi");
const { Label, Repository } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();

const repository = new Repository("repo", {
  projectId: config.require("projectId"),
  name: "e2e-label",
});

const bug = new Label("bug", {
  repository,
  name: config.get("bugName") || "bug",
  color: "#d9534f",
  description: "Something is broken",
});

new Label("security", { repository, name: "security", color: "#000000", expiresAt: "2099-12-31" });

exports.repositoryId = repository.repositoryId;
exports.bugLabelId = bug.labelId;
