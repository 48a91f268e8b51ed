const { rmSync } = require("node:fs");

/** Removes the run's scratch directory (tests/global-setup.js). */
module.exports = function globalTeardown() {
  const dir = process.env.CODEARTSREPO_TEST_RUN_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
