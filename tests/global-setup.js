const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

/**
 * One scratch directory per jest run, named in CODEARTSREPO_TEST_RUN_DIR: the workers, started
 * after this, inherit it. What tests/support/packages.ts makes once per run (the packed working
 * tree, an installed program's node_modules) lives there; tests/global-teardown.js removes it.
 */
module.exports = function globalSetup() {
  process.env.CODEARTSREPO_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), "codeartsrepo-test-run-"));
};
