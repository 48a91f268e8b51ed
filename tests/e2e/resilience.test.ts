/**
 * The quickstart through the real engine when the service misbehaves: planned lost answers and
 * refused calls, and an IAM token that stops working in the middle of a run.
 */
import { resolve } from "node:path";
import { callLog, faultReport, listRepositoryNames, planFaults, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";

jest.setTimeout(300_000);

const repositoryRoot = resolve(__dirname, "..", "..");

describe("the quickstart when the service loses answers and refuses calls", () => {
  // The last test is the destroy.
  const { fixture, pulumi } = useE2eStack({ program: repositoryRoot, config: { "codeartsrepo:maxRetries": "8", repositoryName: "flaky" }, destroy: false });

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
    // The name was free in the run's listing of the project before the create, so what holds it
    // after the lost answer (looked up at the service) is what it made.
    expect(await repositoryCalls("createRepository", "validateRepositoryName", "listProjectRepositories")).toEqual([
      "listProjectRepositories 200",
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
  const { fixture, pulumi } = useE2eStack({
    emulator: { revokeTokensAfterSeconds: 1, creationDelayMs: 2_500 },
    iamUser: { name: "ops", password: "ops-password-1" },
    program: repositoryRoot,
    config: { repositoryName: "token-renewed" },
  });

  it("gets a new token and finishes the run", async () => {
    await pulumi.run(["up", "--yes"]);
    expect(await listRepositoryNames(fixture)).toEqual(["token-renewed"]);
    expect(fixture.requests().byRoute[routeKey("iamCreateToken")]).toBeGreaterThanOrEqual(2);
  });
});
