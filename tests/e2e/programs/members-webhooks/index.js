// A team repository: members and webhooks from stack config, for tests/e2e/members-webhooks.test.ts.
const pulumi = require("@pulumi/pulumi");
const { Member, Repository, Webhook } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();
// The import URL carries credentials, so it comes from secret config.
const repository = new Repository("team", {
  projectId: config.require("projectId"),
  name: config.get("repositoryName") || "team-repo",
  importUrl: config.getSecret("importUrl"),
});

/** [{ id, name, role }]: IAM user id, user name, "reader" | "developer" | "maintainer". */
const members = JSON.parse(config.require("members"));
for (const member of members) {
  new Member(`member-${member.name}`, { repository, userId: member.id, userName: member.name, role: member.role });
}

// hook-0's token comes from secret config; the others' are plain strings, which the SDK keeps secret anyway.
const hookCount = config.requireNumber("hookCount");
for (let i = 0; i < hookCount; i++) {
  new Webhook(`hook-${i}`, {
    repository,
    url: `https://hooks.example.com/ci/${i}`,
    name: `ci-${i}`,
    token: i === 0 ? config.requireSecret("primaryHookToken") : `plain-hook-token-${i}`,
    events: i % 2 === 0 ? ["push", "mergeRequest"] : ["tagPush", "note"],
    branchFilter: i % 2 === 0 ? "^(main|release/.*)$" : undefined,
  });
}

exports.repositoryUuid = repository.repositoryUuid;
exports.repositoryId = repository.repositoryId;
