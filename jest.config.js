/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tests/tsconfig.json" }],
  },
  // Unit tests first: they fail fastest.
  testSequencer: "<rootDir>/tests/sequencer.js",
  verbose: true,
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
};
