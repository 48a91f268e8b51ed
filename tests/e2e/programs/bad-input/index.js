// Declares the resource of one case of the "cases" config ([{ kind, name, args }]): the one at
// index BAD_INPUT_CASE (the engine stops at the first failing check, so each case gets a preview).
// Children point at a repository that does not exist: check runs before any API call.
const pulumi = require("@pulumi/pulumi");
const codeartsrepo = require("pulumi-codeartsrepo");

const config = new pulumi.Config();
const repository = { repositoryId: 1, repositoryUuid: "0123456789abcdef0123456789abcdef" };
const cases = config.requireObject("cases");
for (const { kind, name, args } of [cases[Number(process.env.BAD_INPUT_CASE)]]) {
  const Resource = codeartsrepo[kind];
  const needsRepository = kind !== "Repository" && kind !== "SSHKey";
  new Resource(name, needsRepository ? { repository, ...args } : args);
}
