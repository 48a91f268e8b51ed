// Driven by stack config so the end-to-end test can change one argument at a time.
const pulumi = require("@pulumi/pulumi");
const { DeployKey, Repository, SSHKey } = require("pulumi-codeartsrepo");

const config = new pulumi.Config();
// A credential-bearing import URL as a plain string in the program: the SDK must keep it secret.
const repository = new Repository("keys-repo", {
  projectId: config.require("projectId"),
  name: "keys-e2e",
  importUrl: "https://importer:literal-import-secret-3f9a@git.example.com/team/keys.git",
});
const deployKey = new DeployKey("deploy", {
  repository,
  title: config.require("deployKeyTitle"),
  key: config.require("deployKey"),
  canPush: config.getBoolean("canPush") ?? false,
  adoptExisting: config.getBoolean("adoptExisting") ?? false,
});
const sshKey = new SSHKey("laptop", { title: config.require("sshKeyTitle"), key: config.require("sshKey") });

exports.repositoryId = repository.repositoryId;
exports.deployKeyId = deployKey.keyId;
exports.deployKeyFingerprint = deployKey.fingerprint;
exports.sshKeyId = sshKey.keyId;
