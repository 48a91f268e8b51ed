/**
 * Every example and end-to-end test program gives the provider a credential as a secret, and some
 * give webhook tokens or import URLs: the state of each must be checked by
 * tests/support/state-secrets.ts. This holds the e2e tests to it, so a new program cannot be added
 * without that check.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "..", "..");
/** Programs whose tests never write state (nothing to check), and why. */
const WITHOUT_STATE: Record<string, string> = { "programs/bad-input": "its test only previews" };

describe("the state-secrets check covers every program", () => {
  const e2eTests = readdirSync(join(root, "tests", "e2e"))
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => ({ file, source: readFileSync(join(root, "tests", "e2e", file), "utf8") }));
  /** The root Pulumi.yaml runs this program (tests pass `programDir: repositoryRoot`). */
  const rootProgram = /^main:\s*(\S+)\/index\.ts$/m.exec(readFileSync(join(root, "Pulumi.yaml"), "utf8"))![1];
  const programs = [
    // A folder without index.ts (examples/gitops: CI recipes) is not a program.
    ...readdirSync(join(root, "examples"))
      .filter((name) => existsSync(join(root, "examples", name, "index.ts")))
      .map((name) => `examples/${name}`),
    ...readdirSync(join(root, "tests", "e2e", "programs")).map((name) => `programs/${name}`),
  ];

  it("finds the programs, and the root project's", () => {
    expect(programs).toEqual(expect.arrayContaining(["examples/team-repository", "programs/members-webhooks"]));
    expect(programs).toContain(rootProgram);
  });

  /** Support modules, by the import path a test uses, and their text: a helper may set up a program for its tests. */
  const helpers = readdirSync(join(root, "tests", "support"))
    .filter((file) => file.endsWith(".ts"))
    .map((file) => ({ importPath: `"../support/${file.replace(/\.ts$/, "")}"`, source: readFileSync(join(root, "tests", "support", file), "utf8") }));

  it.each(programs.filter((program) => !(program in WITHOUT_STATE)))("%s is run by an e2e test that checks its state", (program) => {
    const [folder, name] = program.split("/");
    const names = (source: string) => source.includes(`"${folder}", "${name}"`);
    const runs = ({ source }: { source: string }) =>
      names(source) ||
      helpers.some((helper) => names(helper.source) && source.includes(helper.importPath)) ||
      (program === rootProgram && /\bprogram(Dir)?: repositoryRoot\b/.test(source));
    const checking = e2eTests.filter(runs).filter(({ source }) => /expectNoPlainSecretsInState\(/.test(source));
    expect(checking.map(({ file }) => file)).not.toEqual([]);
  });
});
