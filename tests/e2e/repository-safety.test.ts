/**
 * No repository lost to drift, adoption or a rename, through the real Pulumi engine against the
 * emulator. Each scenario is one a new user runs into: a visibility changed in the console then the
 * README's remediation `pulumi up --refresh`; a program that renames; an adoption of a repository
 * that differs from the program. The repository must keep its uuid and its commits unless the
 * program sets allowReplace.
 */
import { resolve } from "node:path";
import { PulumiExit, PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { freshClient, listRepositoryNames, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { startRecordingProxy } from "../support/recording-proxy";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(300_000);

const programDir = resolve(__dirname, "programs", "repository-safety");

describe("repository safety through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({ program: programDir, config: { repositoryName: "keep-my-code", description: "payments" } });
  let uuid: string;
  let repositoryId: number;
  let commitId: string;

  const consoleEdit = async (edit: object) => {
    const response = await fetch(`${fixture.emulator.url}/__emulator/console/repository`, { method: "PUT", body: JSON.stringify(edit) });
    expect(response.ok).toBe(true);
  };
  /** The commit master points at, read as the console would. */
  const masterCommit = async (id = repositoryId) => {
    const { branches } = await freshClient(fixture).call("listBranches", { params: { repository_id: id } });
    return branches.find((branch) => branch.name === "master")?.commit?.id;
  };
  const writes = () => Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "));
  /**
   * The repository creates and deletes a Pulumi run makes, in the order they reached the service:
   * the stack's endpoint points at a recording proxy in front of the emulator for that run.
   */
  const repositoryWritesOf = async (run: () => Promise<unknown>): Promise<string[]> => {
    const proxy = await startRecordingProxy(fixture.emulator.url);
    try {
      await pulumi.run(["config", "set", "codeartsrepo:endpoint", proxy.url]);
      await run();
    } finally {
      await pulumi.run(["config", "set", "codeartsrepo:endpoint", fixture.emulator.url]);
      await proxy.close();
    }
    return proxy.exchanges
      .filter(({ method, path }) => method !== "GET" && /^\/v1\/repositories(\/[0-9a-f]{32})?$/.test(path))
      .map(({ method, path }) => `${method} ${path}`);
  };

  it("creates the repository, which then gets a commit", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    uuid = outputs.repositoryUuid as string;
    repositoryId = outputs.repositoryId as number;
    const commit = await fixture.admin.call("createCommit", {
      params: { repo_id: repositoryId },
      body: { branch: "master", commit_message: "code no state can restore", actions: [{ action: "create", file_path: "pay.go", content: "package pay\n" }] },
    });
    commitId = commit.id;
    expect(await masterCommit()).toBe(commitId);
  });

  it("keeps the provider's credential out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("refuses `pulumi up --refresh` after a console visibility change, naming the field, both values and the ways out", async () => {
    await consoleEdit({ uuid, visibility: "public" });
    fixture.resetRequests();
    const result = await pulumi.run(["up", "--refresh", "--yes"], { allowFailure: true });
    const printed = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(printed).toContain('visibility: the program says "private", the repository has "public" (as last read from CodeArts Repo)');
    expect(printed).toContain('change the program to match the repository (visibility: "public")');
    expect(printed).toContain("set allowReplace: true");
    expect(printed).not.toMatch(/\.(js|ts):\d+/);
    expect(writes()).toEqual([]);
    expect(await listRepositoryNames(fixture)).toEqual(["keep-my-code"]);
    expect(await masterCommit()).toBe(commitId);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
  });

  it("records what the refresh read before the plan refuses, when `up --refresh` runs without a preview", async () => {
    // The engine diffs a resource's refresh before it checks the program's inputs for that
    // resource; that order is what lets the provider tell a refresh's diff (which reports) from a
    // plan's (which refuses): checkedByProgram in provider/repository.ts. Were the refresh's diff
    // taken for a plan, the refresh step itself would fail and record nothing.
    fixture.resetRequests();
    const result = await pulumi.run(["up", "--refresh", "--yes", "--skip-preview"], { allowFailure: true });
    expect(result.code).not.toBe(PulumiExit.ok);
    expect(result.stdout + result.stderr).toContain('visibility: the program says "private", the repository has "public"');
    expect(writes()).toEqual([]);
    const { deployment } = await pulumi.exportState();
    const recorded = deployment.resources.find((r) => r.type === "pulumi-nodejs:dynamic/codeartsrepo:Repository")!;
    expect({ program: recorded.inputs.visibility, read: recorded.outputs.visibility }).toEqual({ program: "private", read: "public" });
    expect(recorded.id).toBe(uuid);
  });

  it("fails the drift check the same way, and deletes nothing", async () => {
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    // A refusal fails the run: a drift job must not read it as changes it could apply (exit 7).
    expect([PulumiExit.ok, PulumiExit.changesProposed]).not.toContain(drift.code);
    expect(drift.stdout + drift.stderr).toContain('visibility: the program says "private", the repository has "public"');
    expect(await masterCommit()).toBe(commitId);
  });

  it("converges with no change once the program matches the repository", async () => {
    await pulumi.run(["config", "set", "visibility", "public"]);
    fixture.resetRequests();
    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await pulumi.outputs()).repositoryUuid).toBe(uuid);
    expect(writes()).toEqual([]);
    const again = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(again.code).toBe(0);
  });

  it("shows a console description change as drift and refuses to act on it", async () => {
    await consoleEdit({ uuid, description: "edited by hand" });
    const result = await pulumi.run(["preview", "--refresh"], { allowFailure: true });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('description: the program says "payments", the repository has "edited by hand"');
    await pulumi.run(["config", "set", "description", "edited by hand"]);
    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await pulumi.outputs()).description).toBe("edited by hand");
  });

  it("refuses a rename in the program unless allowReplace is set", async () => {
    await pulumi.run(["config", "set", "repositoryName", "renamed"]);
    fixture.resetRequests();
    const preview = await pulumi.run(["preview"], { allowFailure: true });
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toContain('name: the program says "renamed", the repository has "keep-my-code"');
    const up = await pulumi.run(["up", "--yes"], { allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(writes()).toEqual([]);
    expect(await listRepositoryNames(fixture)).toEqual(["keep-my-code"]);
    expect(await masterCommit()).toBe(commitId);
  });

  it("replaces with allowReplace: the new repository first (the name changes), then the old one is deleted", async () => {
    await pulumi.run(["config", "set", "allowReplace", "true"]);
    const preview = await pulumi.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/codeartsrepo:Repository: \(replace\)/);
    const writes = await repositoryWritesOf(() => pulumi.run(["up", "--yes"]));
    const outputs = await pulumi.outputs();
    expect(outputs.repositoryUuid).not.toBe(uuid);
    expect(writes).toEqual(["POST /v1/repositories", `DELETE /v1/repositories/${uuid}`]);
    expect(await listRepositoryNames(fixture)).toEqual(["renamed"]);
    uuid = outputs.repositoryUuid as string;
  });

  it("replaces with allowReplace keeping the name: the old repository is deleted first, then the new one created", async () => {
    // The name is unique in a project, so creating first would fail: the diff asks for deleteBeforeReplace.
    await pulumi.run(["config", "set", "visibility", "private"]);
    const writes = await repositoryWritesOf(() => pulumi.run(["up", "--yes"]));
    const outputs = await pulumi.outputs();
    expect(writes).toEqual([`DELETE /v1/repositories/${uuid}`, "POST /v1/repositories"]);
    expect(outputs.repositoryUuid).not.toBe(uuid);
    expect(outputs.visibility).toBe("private");
    expect(await listRepositoryNames(fixture)).toEqual(["renamed"]);
  });

  it("refuses to adopt a repository whose visibility differs, leaving it as it was", async () => {
    const { repository_uuid: adoptedUuid } = await fixture.admin.call("createRepository", {
      body: { name: "made-by-hand", project_uuid: fixture.projectId, visibility_level: 20 },
    });
    const adopt = new PulumiSandbox({ programDir, stack: "adopt" });
    try {
      await adopt.init(
        { "codeartsrepo:endpoint": fixture.emulator.url, projectId: fixture.projectId, repositoryName: "made-by-hand", adoptExisting: "true" },
        { "codeartsrepo:token": "emulator-token" },
      );
      fixture.resetRequests();
      const result = await adopt.run(["up", "--yes"], { allowFailure: true });
      expect(result.code).not.toBe(0);
      const printed = result.stdout + result.stderr;
      expect(printed).toContain(`Repository "made-by-hand" (${adoptedUuid}) exists and adoptExisting is set`);
      expect(printed).toContain('visibility: the program says "private", the repository has "public"');
      expect(writes()).toEqual([]);
      await adopt.run(["config", "set", "visibility", "public"]);
      await adopt.run(["up", "--yes"]);
      expect((await adopt.outputs()).repositoryUuid).toBe(adoptedUuid);
      expect(writes()).toEqual([]);
      // Leave the adopted repository to the console, as it came: onDestroy "keep", set by an up
      // that makes no call, then a destroy that makes none either.
      await adopt.run(["config", "set", "onDestroy", "keep"]);
      await adopt.run(["up", "--yes"]);
      await adopt.run(["destroy", "--yes"]);
      expect(writes()).toEqual([]);
    } finally {
      adopt.dispose();
    }
    expect(await listRepositoryNames(fixture)).toEqual(["made-by-hand", "renamed"]);
  });

  it('locks the repository on destroy with onDestroy: "lock": its code stays, and the lock is the only write', async () => {
    await pulumi.run(["config", "set", "onDestroy", "lock"]);
    fixture.resetRequests();
    await pulumi.run(["up", "--yes"]);
    expect(writes()).toEqual([]);
    const { repositoryUuid, repositoryId: id } = await pulumi.outputs();
    const head = await masterCommit(id as number);
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    expect(writes()).toEqual([routeKey("lockRepository")]);
    expect(await listRepositoryNames(fixture)).toEqual(["made-by-hand", "renamed"]);
    expect(await masterCommit(id as number)).toBe(head);
    const [listed] = await fixture.admin.paginate("listTenantRepositories", { query: { repository_name: "renamed" } });
    expect(listed).toMatchObject({ repository_id: id, locked: true });
    expect((await pulumi.exportState()).deployment.resources ?? []).toEqual([]);
    expect(repositoryUuid).toMatch(/^[0-9a-f]{32}$/);
  });
});
