const { readFileSync } = require("node:fs");
const { dirname, join, sep } = require("node:path");

/**
 * got (from v12) and much of its dependency tree are ES modules only. The built package loads them
 * with Node's require(esm); jest's CommonJS module loader cannot, so jest compiles exactly those
 * packages to CommonJS (transpile only). The list is read from the installed tree, so a got
 * update that adds or drops an ES-module dependency needs no edit here.
 */
function esmOnlyPackagesUnder(root) {
  const found = new Set();
  const seen = new Set();
  const visit = (name, fromDir) => {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const packageDir = join(dir, "node_modules", name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
      } catch {
        if (dirname(dir) === dir) return;
        continue;
      }
      if (seen.has(packageDir)) return;
      seen.add(packageDir);
      if (manifest.type === "module") found.add(name);
      for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, packageDir);
      return;
    }
  };
  visit(root, __dirname);
  return [...found];
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const esmOnly = esmOnlyPackagesUnder("got").map(escape).join("|");

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Transpile only (ts-jest's own isolatedModules option, not the compiler option of that name):
    // type-checking every test file in every worker cost more than half of the unit and integration
    // layers' CPU. tests/unit/typecheck.test.ts type-checks the tests and the package once instead,
    // with the compiler settings the package is built with (module node20, needed for got's types).
    // TS151002 is ts-jest's note that node16/node20 module kinds want isolatedModules; files still
    // compile to CommonJS (no "type": "module").
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tests/tsconfig.json", isolatedModules: true, diagnostics: { ignoreCodes: [151002] } }],
    "^.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true, module: "commonjs", moduleResolution: "node", target: "ES2022", isolatedModules: true } }],
  },
  transformIgnorePatterns: [`node_modules${escape(sep)}(?!(${esmOnly})${escape(sep)})`],
  // Unit tests first: they fail fastest.
  testSequencer: "<rootDir>/tests/sequencer.js",
  // A scratch directory per run, for what the end-to-end files share (tests/support/packages.ts).
  globalSetup: "<rootDir>/tests/global-setup.js",
  globalTeardown: "<rootDir>/tests/global-teardown.js",
  verbose: true,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
};
