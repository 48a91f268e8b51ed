"use strict";
const pulumi = require("@pulumi/pulumi");
const { Repository } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();

const repository = new Repository("repo", {
  projectId: config.require("projectId"),
  name: config.require("repositoryName"),
  description: config.get("description"),
  visibility: config.get("visibility") || "private",
  adoptExisting: config.getBoolean("adoptExisting") || false,
  allowReplace: config.getBoolean("allowReplace") || false,
  onDestroy: config.get("onDestroy"),
});

exports.repositoryUuid = repository.repositoryUuid;
exports.repositoryId = repository.repositoryId;
exports.visibility = repository.visibility;
exports.description = repository.description;
