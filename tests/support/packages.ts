/**
 * Tarballs of this package as `npm pack` makes them: of the working tree (what the next release
 * will be) and of a released commit (what existing stacks were made with). A released tarball is
 * built once from git history, without the network, and kept in the toolchain cache.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

export const repositoryRoot = resolve(__dirname, "..", "..");

/** The same cache directory scripts/toolchain.sh uses. */
export function toolchainCache(): string {
  return process.env.CODEARTSREPO_TOOLCHAIN_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pulumi-codeartsrepo");
}

/** `npm pack` of `dir` into `destination`; returns the tarball's path. */
function pack(dir: string, destination: string): string {
  const printed = execFileSync("npm", ["pack", "--silent", "--pack-destination", destination], { cwd: dir, encoding: "utf8" });
  return join(destination, printed.trim().split("\n").pop()!);
}

/** The working tree's package (its dist/ must be built: scripts/run.sh compiles before jest). */
export function packWorkingTree(destination: string): string {
  return pack(repositoryRoot, destination);
}

function git(...args: string[]): string {
  return execFileSync("git", ["-C", repositoryRoot, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * The package as released at `commit` (whose package.json must say `version`), from the cache or
 * built now: `git archive` of the commit, compiled by this checkout's TypeScript with this
 * checkout's node_modules (symlinked, so nothing is downloaded), then packed.
 */
export function packRelease(commit: string, version: string): string {
  const cached = join(toolchainCache(), "releases", `pulumi-codeartsrepo-${version}-${commit}.tgz`);
  if (existsSync(cached)) return cached;
  try {
    git("cat-file", "-e", `${commit}^{commit}`);
  } catch {
    throw new Error(
      `Commit ${commit} (release ${version}) is not in this clone's history, so the upgrade test cannot build the released package. ` +
        "A shallow clone lacks it: run `git fetch --unshallow` (or clone without --depth).",
    );
  }
  const released = JSON.parse(git("show", `${commit}:package.json`)).version;
  if (released !== version) throw new Error(`Commit ${commit} has package.json version ${released}, not ${version}: the test pins the wrong commit.`);

  const work = mkdtempSync(join(tmpdir(), `codeartsrepo-release-${version}-`));
  let packed: string | undefined;
  try {
    const source = join(work, "source");
    mkdirSync(source);
    execFileSync("git", ["-C", repositoryRoot, "archive", "--output", join(work, "source.tar"), commit]);
    execFileSync("tar", ["-xf", join(work, "source.tar"), "-C", source]);
    symlinkSync(join(repositoryRoot, "node_modules"), join(source, "node_modules"), "dir");
    try {
      execFileSync(process.execPath, [join(source, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: source, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`Compiling release ${version} (${commit}) with this checkout's node_modules failed:\n${stdout ?? ""}${stderr ?? ""}`);
    }
    // Packed next to the cache entry and renamed, so no run ever sees half a tarball.
    mkdirSync(dirname(cached), { recursive: true });
    packed = mkdtempSync(join(dirname(cached), ".packing-"));
    renameSync(pack(source, packed), cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (packed) rmSync(packed, { recursive: true, force: true });
  }
}

/**
 * Makes the Pulumi program in `programDir` depend on `tarball` (copied in if it is elsewhere) and
 * on this checkout's @pulumi/pulumi, and installs them as a user would (npm's cache first).
 */
export function installTarball(programDir: string, tarball: string): void {
  const local = join(programDir, basename(tarball));
  if (resolve(tarball) !== local) copyFileSync(tarball, local);
  const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;
  writeFileSync(
    join(programDir, "package.json"),
    JSON.stringify({
      name: "codeartsrepo-consumer",
      private: true,
      dependencies: { "pulumi-codeartsrepo": `file:./${basename(tarball)}`, "@pulumi/pulumi": pulumiVersion },
    }),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: programDir, stdio: "pipe" });
}
