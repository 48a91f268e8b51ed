/**
 * @pulumi/pulumi is a peer dependency: the program brings the SDK and the package uses that one
 * copy. Two copies in one program (the package's pinned SDK nested under it) is the classic source
 * of "resource is not a Resource" failures, so each end of the declared range — the floor in
 * package.json's peerDependencies and the newest release on the npm registry — gets a program
 * that installs the packed tarball, holds exactly one SDK, and runs up → preview → destroy.
 *
 * The first run downloads both SDKs from the npm registry into the toolchain cache; later runs are
 * offline (see installTarball). Without the registry on a first run the test fails: it never skips.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { listRepositoryNames } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { installTarball, installedCopies, newestPulumiSdk, packWorkingTree, repositoryRoot } from "../support/packages";

jest.setTimeout(900_000);

const TOKEN = "peer-range-token-8c41d7";

/** The floor the package declares: the lowest version its peer range admits. */
function declaredFloor(): string {
  const range = require(join(repositoryRoot, "package.json")).peerDependencies?.["@pulumi/pulumi"] as string | undefined;
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range ?? "")?.[1];
  if (!floor) throw new Error(`package.json must declare @pulumi/pulumi as a peer dependency "^x.y.z"; found ${JSON.stringify(range)}`);
  return floor;
}

describe.each([
  ["the floor of the peer range", declaredFloor],
  ["the newest on the npm registry", newestPulumiSdk],
])("a program on %s", (_label, version) => {
  let sdkVersion: string;
  const { fixture, pulumi, programDir } = useE2eStack({
    emulator: { tokens: [TOKEN] },
    program: { temp: "codeartsrepo-peer-", write: writeConsumer },
    credentials: { "codeartsrepo:token": TOKEN },
  });

  function writeConsumer(dir: string): void {
    sdkVersion = version();
    process.stdout.write(`@pulumi/pulumi ${sdkVersion} (${_label})\n`);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: peer-range-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    writeFileSync(
      join(dir, "index.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        'const { Repository, ProtectedBranch } = require("pulumi-codeartsrepo");',
        "const config = new pulumi.Config();",
        'const repo = new Repository("peer", { projectId: config.require("projectId"), name: "peer-repo", description: "on the program\'s SDK" });',
        'new ProtectedBranch("master", { repository: repo, branch: "master", pushAccess: "maintainers", mergeAccess: "developers" });',
        "exports.repositoryUuid = repo.repositoryUuid;",
      ].join("\n"),
    );
    installTarball(dir, packWorkingTree(dir), sdkVersion);
  }

  it("installs one @pulumi/pulumi, the program's, and none nested under the package", () => {
    expect(installedCopies(programDir(), "@pulumi/pulumi")).toEqual({ [join("node_modules", "@pulumi", "pulumi", "package.json")]: sdkVersion });
  });

  it("creates the resources with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual(["peer-repo"]);
    const { deployment } = await pulumi.exportState();
    expect(deployment.resources.filter((r) => String(r.type).startsWith("pulumi-nodejs:"))).toHaveLength(2);
  });

  it("previews no change on an unchanged program", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect({ code: result.code, output: result.code === 0 ? "" : result.stdout + result.stderr }).toEqual({ code: 0, output: "" });
  });

  it("destroys what it created", async () => {
    await pulumi.run(["destroy", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
