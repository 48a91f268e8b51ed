const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * One scratch directory per jest run, named in CODEARTSREPO_TEST_RUN_DIR: the workers, started
 * after this, inherit it. What tests/support/packages.ts makes once per run (the packed working
 * tree, an installed program's node_modules) lives there; tests/global-teardown.js removes it.
 *
 * It also holds Node's compile cache (NODE_COMPILE_CACHE, Node >= 22.1), which every Node process
 * of the run inherits: the Pulumi CLI passes it to the program it runs and to the dynamic
 * provider, so @pulumi/pulumi, TypeScript and gRPC are compiled once per run instead of at every
 * `pulumi up` and `preview` (about 0.2 s of a 1.7 s preview). It is per run because Node keys
 * entries by file path, and the tests' programs live in new temporary directories.
 */
module.exports = function globalSetup() {
  const runDir = mkdtempSync(join(tmpdir(), "codeartsrepo-test-run-"));
  process.env.CODEARTSREPO_TEST_RUN_DIR = runDir;
  process.env.NODE_COMPILE_CACHE ??= join(runDir, "node-compile-cache");
};
