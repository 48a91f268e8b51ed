/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a Pulumi program
 * outside this repository, run by the real engine. Proves the serialized provider in state is
 * small, holds no credential, and loads the implementation from the installed package at run time
 * (so upgrading the package changes what existing stacks run).
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { listRepositoryNames } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { installTarball, packWorkingTree } from "../support/packages";

jest.setTimeout(600_000);

const TOKEN = "packed-e2e-token-5b3e9a";

describe("the packed package in a program outside the repository", () => {
  const { fixture, pulumi, programDir } = useE2eStack({
    emulator: { tokens: [TOKEN] },
    program: { temp: "codeartsrepo-packed-", write: writeConsumer },
    credentials: { "codeartsrepo:token": TOKEN },
  });

  function writeConsumer(dir: string): void {
    writeFileSync(join(dir, "Pulumi.yaml"), "name: packed-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
    writeFileSync(
      join(dir, "index.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        'const { Repository } = require("pulumi-codeartsrepo");',
        "const config = new pulumi.Config();",
        'const repo = new Repository("packed", { projectId: config.require("projectId"), name: "packed-repo", description: "from the tarball" });',
        "exports.description = repo.description;",
        "exports.repositoryUuid = repo.repositoryUuid;",
      ].join("\n"),
    );
    installTarball(dir, packWorkingTree(dir));
  }

  it("creates a repository with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual(["packed-repo"]);
  });

  it("stores a serialized provider of at most 2 KB that names the package and no credential", async () => {
    const { text, deployment } = await pulumi.exportState();
    const dynamic = deployment.resources.filter((r) => String(r.type).startsWith("pulumi-nodejs:"));
    expect(dynamic).toHaveLength(1);
    const serialized = String(dynamic[0].inputs.__provider);
    process.stdout.write(`__provider size in state: ${serialized.length} bytes\n`);
    expect(serialized.length).toBeLessThanOrEqual(2048);
    expect(serialized).toContain('"pulumi-codeartsrepo/provider/" + resource');
    expect(text).not.toContain(TOKEN);
  });

  it("runs the installed package's code on refresh, not a copy frozen in state", async () => {
    // Stand-in for an upgrade: change the installed implementation, keep the state as it is.
    appendFileSync(
      join(programDir(), "node_modules/pulumi-codeartsrepo/dist/provider/repository.js"),
      "\nconst upgradedRead = exports.provider.read;\n" +
        "exports.provider.read = async (id, props) => { const r = await upgradedRead(id, props); return { ...r, props: { ...r.props, description: 'read by the upgraded package' } }; };\n",
    );
    await pulumi.run(["refresh", "--yes"]);
    const { deployment } = await pulumi.exportState();
    const repo = deployment.resources.find((r) => String(r.type).startsWith("pulumi-nodejs:"));
    expect(repo?.outputs.description).toBe("read by the upgraded package");
  });

  it("installs the `codeartsrepo` command and its `codeartsrepo-emulator` alias as bins", () => {
    const bin = (name: string, ...args: string[]) => execFileSync(join(programDir(), "node_modules/.bin", name), args, { encoding: "utf8" });
    expect(bin("codeartsrepo", "--help")).toMatch(/^Usage: codeartsrepo <subcommand>[\s\S]*\n {2}emulator /);
    expect(bin("codeartsrepo-emulator", "--help")).toBe(bin("codeartsrepo", "emulator", "--help"));
  });

  it("destroys what it created", async () => {
    await pulumi.run(["destroy", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
