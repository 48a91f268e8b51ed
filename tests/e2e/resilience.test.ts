/**
 * The quickstart through the real engine when the service misbehaves: random failures and lost
 * answers, and an IAM token that stops working in the middle of a run.
 */
import { resolve } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, listRepositoryNames, startFixture } from "../support/emulator";

jest.setTimeout(300_000);

const repositoryRoot = resolve(__dirname, "..", "..");

describe("a flaky service (fault rate 0.2)", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    fixture = await startFixture({ faultRate: 0.2, latencyMs: 10 });
    pulumi = new PulumiSandbox({ programDir: repositoryRoot });
    await pulumi.init(
      { "codeartsrepo:endpoint": fixture.emulator.url, "codeartsrepo:maxRetries": "8", projectId: fixture.projectId, repositoryName: "flaky" },
      { "codeartsrepo:token": "emulator-token" },
    );
  });

  afterAll(async () => {
    pulumi.dispose();
    await fixture.close();
  });

  const setFaultRate = (faultRate: number) =>
    fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ faultRate }) });

  it("still converges: up creates exactly the repository in state, destroy removes it", async () => {
    await pulumi.run(["up", "--yes"]);
    const { deployment } = await pulumi.exportState();
    const inState = deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/codeartsrepo:Repository");
    await setFaultRate(0);
    const live = await fixture.admin.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } });
    expect(live.repositories.map((r) => [r.repository_name, r.repository_uuid])).toEqual(inState.map((r) => ["flaky", r.id]));

    await setFaultRate(0.2);
    await pulumi.run(["destroy", "--yes"]);
    await setFaultRate(0);
    expect(await listRepositoryNames(fixture)).toEqual([]);
    const { faults } = fixture.requests();
    process.stdout.write(`faults injected during up and destroy: ${JSON.stringify(faults)}\n`);
  });
});

describe("an IAM token refused in the middle of a run", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    fixture = await startFixture({ users: { ops: "ops-password-1" }, revokeTokensAfterSeconds: 1, creationDelayMs: 2_500 });
    pulumi = new PulumiSandbox({ programDir: repositoryRoot });
    await pulumi.init(
      {
        "codeartsrepo:endpoint": fixture.emulator.url,
        "codeartsrepo:iamEndpoint": fixture.emulator.url,
        "codeartsrepo:region": "cn-north-4",
        "codeartsrepo:userName": "ops",
        "codeartsrepo:domainName": "emulator-tenant",
        projectId: fixture.projectId,
        repositoryName: "token-renewed",
      },
      { "codeartsrepo:password": "ops-password-1" },
    );
  });

  afterAll(async () => {
    await pulumi.run(["destroy", "--yes"], { allowFailure: true });
    pulumi.dispose();
    await fixture.close();
  });

  it("gets a new token and finishes the run", async () => {
    await pulumi.run(["up", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual(["token-renewed"]);
    expect(fixture.requests().byRoute["POST /v3/auth/tokens"]).toBeGreaterThanOrEqual(2);
  });
});
