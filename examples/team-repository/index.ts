import * as pulumi from "@pulumi/pulumi";
import { DeployKey, Member, ProtectedBranch, ProtectedTag, Repository, SSHKey, Webhook } from "pulumi-codeartsrepo";

const config = new pulumi.Config();

interface MemberConfig {
  id: string;
  name: string;
  role: "reader" | "developer" | "maintainer";
}

// The repository is where the code lives: never replace it by accident.
const repository = new Repository(
  "team",
  {
    projectId: config.require("projectId"),
    name: config.require("repositoryName"),
    description: "Service owned by the platform team",
    visibility: "private",
    enableReadme: true,
  },
  { protect: config.getBoolean("protectRepository") ?? false },
);

// Nobody pushes to master directly; maintainers merge reviewed changes.
const master = new ProtectedBranch("master", {
  repository,
  branch: "master",
  pushAccess: "noOne",
  mergeAccess: "maintainers",
});

// Only maintainers create release tags.
const releaseTags = new ProtectedTag("release-tags", { repository, tag: "v*", createAccess: "maintainers" });

// CI clones with this key and cannot push.
const ciKey = new DeployKey("ci", {
  repository,
  title: "ci (read-only)",
  key: config.require("deployPublicKey"),
  canPush: false,
});

const members = config.requireObject<MemberConfig[]>("members").map(
  (member) => new Member(member.name, { repository, userId: member.id, userName: member.name, role: member.role }),
);

// CI is told about pushes to master and release branches and about merge requests.
const ciHook = new Webhook("ci", {
  repository,
  url: config.require("webhookUrl"),
  name: "ci",
  token: config.requireSecret("webhookToken"),
  events: ["push", "tagPush", "mergeRequest"],
  branchFilter: "^(master|release/.*)$",
});

const operatorKey = new SSHKey("operator", { title: "platform operator", key: config.require("userPublicKey") });

export const repositoryUuid = repository.repositoryUuid;
export const cloneUrls = { https: repository.httpsUrl, ssh: repository.sshUrl };
export const webUrl = repository.webUrl;
export const protection = {
  master: pulumi.interpolate`push: ${master.pushAccess}, merge: ${master.mergeAccess}`,
  tags: pulumi.interpolate`${releaseTags.tag} created by ${releaseTags.createAccess}`,
};
export const memberRoles = pulumi.all(members.map((m) => pulumi.all([m.userName, m.role]))).apply((pairs) => Object.fromEntries(pairs));
export const deployKeyFingerprint = ciKey.fingerprint;
export const webhookId = ciHook.hookId;
export const operatorKeyFingerprint = operatorKey.fingerprint;
