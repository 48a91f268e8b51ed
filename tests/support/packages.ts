/**
 * Tarballs of this package as `npm pack` makes them: of the working tree (what the next release
 * will be) and of a released commit (what existing stacks were made with). A released tarball is
 * built once from git history, without the network, and kept in the toolchain cache. The working
 * tree is packed once per jest run, and each set of dependencies installed once per run: the test
 * files that install the same package copy that install.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";

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

/**
 * What `make` leaves in a new directory, made once per jest run: the directory `name` in the run's
 * scratch directory (tests/global-setup.js), made by the first test file that asks and returned to
 * the others as it is. Test files in other workers that ask meanwhile wait for it (an exclusive
 * mkdir is the lock); if making it fails, the error goes to that file and the next one tries
 * again. Undefined outside a run with a scratch directory: the caller then does the work itself.
 */
function oncePerRun(name: string, make: (dir: string) => void): string | undefined {
  const runDir = process.env.CODEARTSREPO_TEST_RUN_DIR;
  if (!runDir) return undefined;
  const made = join(runDir, name);
  const lock = `${made}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (existsSync(made)) return made;
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() > deadline) throw new Error(`Waited 10 minutes for another test file to make ${made} (its lock ${lock} is still there).`);
      // A blocking wait, as the install it waits for would have been: this is a beforeAll's setup.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    try {
      if (existsSync(made)) return made;
      const staging = mkdtempSync(`${made}.staging-`);
      try {
        make(staging);
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        throw error;
      }
      // Renamed into place, so no test file ever sees half of it.
      renameSync(staging, made);
      return made;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/**
 * The working tree's package, as a tarball in `destination` (its dist/ must be built: scripts/run.sh
 * compiles before jest, and nothing changes dist/ during a run, so one `npm pack` serves the run).
 */
export function packWorkingTree(destination: string): string {
  const packed = oncePerRun("packed-working-tree", (dir) => pack(repositoryRoot, dir));
  if (!packed) return pack(repositoryRoot, destination);
  const [name] = readdirSync(packed);
  copyFileSync(join(packed, name), join(destination, name));
  return join(destination, name);
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
      // `--module node20`: this checkout's got is an ES module, which a CommonJS file may import
      // only under node20's require(esm) rules; the CommonJS emitted is the same as under node16.
      execFileSync(process.execPath, [join(source, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--module", "node20"], { cwd: source, encoding: "utf8", stdio: "pipe" });
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
 * on `pulumiVersion` of @pulumi/pulumi (default: this checkout's), and installs them as a user
 * would. Versions other than this checkout's come from the npm registry once: the install uses an
 * npm cache kept in the toolchain cache, first offline, and goes online only for what it lacks,
 * so a second run needs no network. A failed install throws, saying what npm said.
 *
 * Into a program with nothing installed yet, the install is made once per jest run for each
 * tarball and SDK version, and copied (node_modules and package-lock.json, as npm left them) into
 * every program that asks for the same: an `npm install` is about 10 s, a copy well under 1. An
 * install over an existing one (an upgrade) always runs npm in the program's directory.
 */
export function installTarball(programDir: string, tarball: string, pulumiVersion?: string): void {
  const local = join(programDir, basename(tarball));
  if (resolve(tarball) !== local) copyFileSync(tarball, local);
  const sdkVersion = pulumiVersion ?? (require("@pulumi/pulumi/package.json").version as string);
  const manifest = JSON.stringify({
    name: "codeartsrepo-consumer",
    private: true,
    dependencies: { "pulumi-codeartsrepo": `file:./${basename(tarball)}`, "@pulumi/pulumi": sdkVersion },
  });
  writeFileSync(join(programDir, "package.json"), manifest);
  const install = (dir: string): void => {
    if (pulumiVersion === undefined) {
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
    } else {
      npmWithSdkCache(dir, ["install", "--no-audit", "--no-fund", "--loglevel=error"], `installing @pulumi/pulumi ${sdkVersion} with the packed package`);
    }
  };
  const fresh = !existsSync(join(programDir, "node_modules")) && !existsSync(join(programDir, "package-lock.json"));
  const key = createHash("sha256").update(readFileSync(local)).update(manifest).digest("hex").slice(0, 16);
  const installed = fresh
    ? oncePerRun(`installed-${key}`, (dir) => {
        copyFileSync(local, join(dir, basename(local)));
        writeFileSync(join(dir, "package.json"), manifest);
        install(dir);
      })
    : undefined;
  if (!installed) return install(programDir);
  // `cp -a` keeps node_modules/.bin's relative links as they are (and is about 3x fs.cpSync).
  execFileSync("cp", ["-a", join(installed, "node_modules"), join(installed, "package-lock.json"), programDir], { stdio: "pipe" });
}

/** The npm cache of the SDK versions the peer-range tests install, kept across runs. */
function sdkNpmCache(): string {
  return join(toolchainCache(), "npm-sdk-cache");
}

/** Runs npm with the SDK cache, offline first; online (`--prefer-offline`) only if that fails. */
function npmWithSdkCache(cwd: string, args: string[], what: string): string {
  const cache = ["--cache", sdkNpmCache()];
  try {
    return execFileSync("npm", [...args, ...cache, "--offline"], { cwd, encoding: "utf8", stdio: "pipe" });
  } catch {
    try {
      return execFileSync("npm", [...args, ...cache, "--prefer-offline"], { cwd, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `${what} failed, both from the npm cache ${sdkNpmCache()} and from the npm registry (is the registry reachable? ` +
          `the first run of this test needs it):\n${stdout ?? ""}${stderr ?? ""}`,
      );
    }
  }
}

/**
 * The newest @pulumi/pulumi the npm registry serves, as first seen: the answer stays in the SDK npm
 * cache, so later runs are offline and test the same version until that cache is removed.
 */
export function newestPulumiSdk(): string {
  const printed = npmWithSdkCache(tmpdir(), ["view", "@pulumi/pulumi@latest", "version", "--json"], "asking the npm registry for the newest @pulumi/pulumi");
  const version = JSON.parse(printed) as unknown;
  if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`npm view @pulumi/pulumi@latest printed ${printed.trim()}, not a version`);
  return version;
}

/** Every installed copy of `name` under `programDir`: the package.json path relative to it → version. */
export function installedCopies(programDir: string, name: string): Record<string, string> {
  const copies: Record<string, string> = {};
  const visit = (nodeModules: string): void => {
    if (!existsSync(nodeModules)) return;
    for (const entry of readdirSync(nodeModules)) {
      const dirs = entry.startsWith("@") ? readdirSync(join(nodeModules, entry)).map((inner) => join(entry, inner)) : [entry];
      for (const dir of dirs) {
        const packageDir = join(nodeModules, dir);
        if (dir === name) {
          copies[relative(programDir, join(packageDir, "package.json"))] = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
        }
        visit(join(packageDir, "node_modules"));
      }
    }
  };
  visit(join(programDir, "node_modules"));
  return copies;
}
