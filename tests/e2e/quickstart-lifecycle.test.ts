/**
 * The quickstart program through the real Pulumi engine (CLI + local file backend) against the
 * emulator: the lifecycle a GitOps pipeline and a scheduled drift check go through.
 */
import { resolve } from "node:path";
import { PulumiExit } from "../../scripts/lib/pulumi-cli";
import { listRepositoryNames } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(240_000);

const repositoryRoot = resolve(__dirname, "..", "..");
const PASSWORD = "e2e-Password-7d1f0c";

describe("quickstart through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({ iamUser: { name: "e2e-operator", password: PASSWORD }, program: repositoryRoot, config: { repositoryName: "e2e-lifecycle" } });

  let firstUuid: string;

  it("creates the repository with `pulumi up` and exports its outputs, logging calls but no secret", async () => {
    const { stdout, stderr } = await pulumi.run(["up", "--yes"], { env: { CODEARTSREPO_DEBUG: "1" } });
    const printed = stdout + stderr;
    expect(printed).toMatch(/\[codeartsrepo\] POST \/v3\/auth\/tokens -> 201/);
    expect(printed).toMatch(/\[codeartsrepo\] POST \/v1\/repositories -> 200/);
    expect(printed).not.toContain(PASSWORD);
    expect(printed).not.toMatch(/MII[0-9a-f]{96}/);
    // The example in place finds this package's package.json above it: no project-root warning.
    expect(printed).not.toContain("Could not find a package.json");
    const outputs = await pulumi.outputs();
    firstUuid = outputs.repositoryUuid as string;
    expect(firstUuid).toMatch(/^[0-9a-f]{32}$/);
    expect(outputs.httpsUrl).toBe(`${fixture.emulator.url}/emulator-tenant00001/e2e-lifecycle.git`);
    expect(await listRepositoryNames(fixture)).toEqual(["e2e-lifecycle"]);
  });

  it("previews no changes right after up", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(result.stdout).toMatch(/2 unchanged/);
    expect(result.code).toBe(0);
  });

  it("keeps the IAM password and tokens out of the exported state", async () => {
    await expectNoPlainSecretsInState(pulumi, [PASSWORD]);
    const { text, deployment } = await pulumi.exportState();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/MII[0-9a-f]{96}/);
    const repository = deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic/codeartsrepo:Repository");
    expect(repository?.outputs.repositoryUuid).toBe(firstUuid);
    expect(String(repository?.inputs.__provider).length).toBeLessThanOrEqual(2048);
  });

  it("refuses a description change at preview, since only a replacement (deleting the code) could make it", async () => {
    await pulumi.run(["config", "set", "description", "a new description"]);
    const result = await pulumi.run(["preview", "--diff"], { allowFailure: true });
    await pulumi.run(["config", "rm", "description"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      'description: the program says "a new description", the repository has "Created by the pulumi-codeartsrepo quickstart"',
    );
  });

  it("catches an out-of-band deletion in a drift check, naming the resource", async () => {
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: firstUuid } });
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(drift.code).toBe(PulumiExit.changesProposed);
    const printed = drift.stdout + drift.stderr;
    expect(printed).toMatch(/pulumi-nodejs:dynamic\/codeartsrepo:Repository\s+quickstart\s+(create|delete)/);
    expect(printed).toMatch(/no changes were expected for preview but changes were proposed/i);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
  });

  it("recreates the deleted repository with `up --refresh`, then sees no changes", async () => {
    await pulumi.run(["up", "--refresh", "--yes"]);
    const outputs = await pulumi.outputs();
    expect(outputs.repositoryUuid).toMatch(/^[0-9a-f]{32}$/);
    expect(outputs.repositoryUuid).not.toBe(firstUuid);
    expect(await listRepositoryNames(fixture)).toEqual(["e2e-lifecycle"]);
    const again = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(again.code).toBe(0);
  });

  it("leaves the emulator with no repositories after destroy", async () => {
    await pulumi.run(["destroy", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});

describe("bad input through the Pulumi engine", () => {
  // The name is refused before any create, and the credential after: nothing to destroy.
  const { fixture, pulumi } = useE2eStack({ program: repositoryRoot, config: { repositoryName: "9 lives" }, destroy: false });

  it("rejects an invalid repository name at preview, naming field and rule, with no API call", async () => {
    fixture.resetRequests();
    const result = await pulumi.run(["preview"], { allowFailure: true });
    expect(result.code).not.toBe(0);
    const printed = result.stdout + result.stderr;
    expect(printed).toMatch(/name/);
    expect(printed).toMatch(/must start with a letter and contain only letters, digits, '-' and '_'/);
    expect(printed).not.toMatch(/at .*\.js:\d+/);
    expect(fixture.requests().total).toBe(0);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
  });

  it("reports a refused credential with HTTP status, service code and message, not a stack trace", async () => {
    await pulumi.run(["config", "set", "repositoryName", "valid-name"]);
    await pulumi.run(["config", "set", "--secret", "codeartsrepo:token", "revoked-token-31c9"]);
    const result = await pulumi.run(["up", "--yes"], { allowFailure: true });
    const printed = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    // The first call of a create is the name check (§4.9.3) that runs before the POST.
    expect(printed).toContain(
      "CodeArts Repo API GET /v1/projects/" + fixture.projectId + "/repositories/validation/valid-name failed with HTTP 401 CH.00000001: User authentication info not found.",
    );
    expect(printed).not.toMatch(/\.(js|ts):\d+/);
    expect(printed).not.toContain("revoked-token-31c9");
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
  });
});
