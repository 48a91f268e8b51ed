import * as pulumi from "@pulumi/pulumi";
import { Repository } from "pulumi-codeartsrepo";

const config = new pulumi.Config();

const repository = new Repository("quickstart", {
  projectId: config.require("projectId"),
  name: config.get("repositoryName") ?? "quickstart",
  description: config.get("description") ?? "Created by the pulumi-codeartsrepo quickstart",
  visibility: "private",
  enableReadme: true,
});

export const repositoryUuid = repository.repositoryUuid;
export const repositoryId = repository.repositoryId;
export const httpsUrl = repository.httpsUrl;
export const sshUrl = repository.sshUrl;
export const webUrl = repository.webUrl;
