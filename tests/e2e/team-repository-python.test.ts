/**
 * examples/team-repository-python through the real engine and the Python language host: the SDK
 * generated from plugin/schema.json with `pulumi package gen-sdk`, installed into a virtualenv of
 * the test's own, drives the provider plugin through the lifecycle the YAML program goes through
 * (tests/support/team-plugin-lifecycle.ts); and a Python program passing a value the provider's
 * rules refuse fails at preview, naming the property and the rule, before any API call.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusedPreview, useE2eStack } from "../support/e2e";
import { repositoryRoot } from "../support/packages";
import { pythonWithGeneratedSdk } from "../support/python-sdk";
import { TEAM_PYTHON_PROGRAM_DIR, initTeamPluginStack } from "../support/team-stack";
import { itLeavesTheEmulatorEmpty, teamPluginLifecycle } from "../support/team-plugin-lifecycle";

jest.setTimeout(600_000);

// One SDK and virtualenv for the file; registered before the stacks' hooks, so it runs first.
let work: string;
let python: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "codeartsrepo-python-sdk-"));
  python = await pythonWithGeneratedSdk(work);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("examples/team-repository-python (provider plugin, generated SDK)", () => {
  const stack = useE2eStack({ init: (fixture) => initTeamPluginStack(fixture, TEAM_PYTHON_PROGRAM_DIR, { PULUMI_PYTHON_CMD: python }) });
  teamPluginLifecycle(stack, TEAM_PYTHON_PROGRAM_DIR);
  itLeavesTheEmulatorEmpty(stack);
});

describe("a Python program the provider's rules refuse", () => {
  const stack = useE2eStack({
    program: {
      temp: "codeartsrepo-python-bad-",
      write: (dir) => {
        writeFileSync(
          join(dir, "Pulumi.yaml"),
          [
            "name: bad-input-python",
            "runtime:",
            "  name: python",
            "  options:",
            `    virtualenv: ${JSON.stringify(join(work, "venv"))}`,
            "plugins:",
            "  providers:",
            "    - name: codeartsrepo",
            `      path: ${JSON.stringify(join(repositoryRoot, "bin"))}`,
            "",
          ].join("\n"),
        );
        writeFileSync(
          join(dir, "__main__.py"),
          [
            "import pulumi_codeartsrepo as codeartsrepo",
            "",
            'codeartsrepo.Member("bob", repository_id=12, repository_uuid="0" * 32, user_id="x", user_name="bob", role="owner")',
            "",
          ].join("\n"),
        );
      },
    },
    destroy: false,
  });

  it("fails at preview with the property and its rule, with 0 API calls", async () => {
    const output = await refusedPreview(stack);
    expect(output).toContain('property role value {owner} has a problem: must be "reader", "developer" or "maintainer"');
    expect(output).toMatch(/property userId value \{x\} has a problem: must be an IAM user id of \d+ to \d+ characters/);
  });
});
