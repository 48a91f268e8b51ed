/**
 * The quickstart through the real engine when the service misbehaves: planned lost answers and
 * refused calls, and an IAM token that stops working in the middle of a run.
 */
import { resolve } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, callLog, faultReport, listRepositoryNames, planFaults, startFixture } from "../support/emulator";

jest.setTimeout(300_000);

const repositoryRoot = resolve(__dirname, "..", "..");

describe("the quickstart when the service loses answers and refuses calls", () => {
  let fixture: EmulatorFixture;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    fixture = await startFixture();
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

  const repositoryCalls = (...routeNames: string[]) => callLog(fixture, (call) => routeNames.includes(call.route));

  it("up adopts the repository whose create answer was lost: the state holds it, no second create", async () => {
    fixture.resetRequests();
    await planFaults(
      fixture,
      { route: "createRepository", kind: "answer-lost" },
      // A read refused twice on the way: retried, not mistaken for a missing repository.
      { route: "showRepository", kind: "status", status: 503, times: 2 },
    );
    await pulumi.run(["up", "--yes"]);
    expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([1, 2]);
    expect(await repositoryCalls("createRepository", "validateRepositoryName", "listProjectRepositories")).toEqual([
      "createRepository dropped (answer-lost)",
      "validateRepositoryName 200",
      "listProjectRepositories 200",
    ]);
    const { deployment } = await pulumi.exportState();
    const inState = deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/codeartsrepo:Repository");
    const live = await fixture.admin.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } });
    expect(live.repositories.map((r) => [r.repository_name, r.repository_uuid])).toEqual(inState.map((r) => ["flaky", r.id]));
  });

  it("destroy finishes when the delete's answer is lost: the retry finds it gone", async () => {
    fixture.resetRequests();
    await planFaults(fixture, { route: "deleteRepository", kind: "answer-lost" });
    await pulumi.run(["destroy", "--yes"]);
    expect((await faultReport(fixture)).faults[0].fired).toBe(1);
    expect(await repositoryCalls("deleteRepository")).toEqual(["deleteRepository dropped (answer-lost)", "deleteRepository 404"]);
    expect(await listRepositoryNames(fixture)).toEqual([]);
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
