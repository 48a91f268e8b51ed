/**
 * Bad input to the provider plugin, from a Pulumi YAML program: each mistake stops `pulumi preview`
 * with the property's path and the rule, before any API call; a stack with no credentials stops at
 * the provider's config check, naming the key to set.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { refusedPreview, useE2eStack } from "../support/e2e";
import { pluginYamlProject } from "../support/plugin-yaml";

jest.setTimeout(300_000);


function program(resources: string): { temp: string; write(dir: string): void } {
  return {
    temp: "codeartsrepo-yaml-bad-",
    write: (dir) =>
      writeFileSync(
        join(dir, "Pulumi.yaml"),
        pluginYamlProject("bad-input", `config:\n  projectId:\n    type: string\nresources:\n${resources}`),
      ),
  };
}

const REPOSITORY = `  repo:\n    type: codeartsrepo:index:Repository\n    properties:\n      projectId: \${projectId}\n      name: bad-input\n`;

describe("a YAML program the schema refuses", () => {
  const stack = useE2eStack({
    program: program(
      `${REPOSITORY}      visibilty: public\n` +
        `  bob:\n    type: codeartsrepo:index:Member\n    properties:\n      repositoryId: \${repo.repositoryId}\n      repositoryUuid: \${repo.repositoryUuid}\n      userName: bob\n      role: developer\n` +
        `  key:\n    type: codeartsrepo:index:DeployKey\n    properties:\n      repositoryId: \${repo.repositoryId}\n      repositoryUuid: \${repo.repositoryUuid}\n      title: ci\n      key: ssh-ed25519 AAAA\n      canPush: [yes]\n`,
    ),
    destroy: false,
  });

  it("fails at preview naming the unknown property, the missing one and the mistyped one, with 0 API calls", async () => {
    const output = await refusedPreview(stack);
    expect(output).toMatch(/visibilty/);
    expect(output).toMatch(/userId/);
    expect(output).toMatch(/canPush/);
  });
});

describe("a YAML program the provider's rules refuse", () => {
  const stack = useE2eStack({
    program: program(
      `  bob:\n    type: codeartsrepo:index:Member\n    properties:\n      repositoryId: 12\n      repositoryUuid: not-a-uuid\n      userId: x\n      userName: bob\n      role: owner\n`,
    ),
    destroy: false,
  });

  it("fails at preview with each field and its rule, with 0 API calls", async () => {
    const output = await refusedPreview(stack);
    expect(output).toContain('property role value {owner} has a problem: must be "reader", "developer" or "maintainer"');
    expect(output).toContain("property repositoryUuid value {not-a-uuid} has a problem: must be a repository uuid: 32 hexadecimal characters");
    expect(output).toMatch(/property userId value \{x\} has a problem: must be an IAM user id of \d+ to \d+ characters/);
  });
});

describe("a YAML stack with no credentials", () => {
  const stack = useE2eStack({ program: program(REPOSITORY), credentials: {}, destroy: false });

  it("stops at the provider's config check, naming the keys to set, with 0 API calls", async () => {
    const output = await refusedPreview(stack, { HW_AUTH_TOKEN: "", HW_ACCESS_KEY: "", HW_USER_NAME: "" });
    expect(output).toContain("No credentials: set codeartsrepo:token (or HW_AUTH_TOKEN)");
  });
});
