import { RepositoryFileInputs, RepositoryFileOutputs, provider } from "../../provider/repository-file";
import { EmulatorFixture, freshClient, planFaults, faultReport, routeKey, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const SHOW = routeKey("showFile");
const CREATE = routeKey("createFile");
const UPDATE = routeKey("updateFile");
const REPOSITORY = routeKey("showRepositoryV4");

const CODEOWNERS = "* @platform-team\n/payments/ @payments-leads\n";

describe("RepositoryFile provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };

  const inputs = (over: Record<string, unknown> = {}) => RepositoryFileInputs.parse({ ...repository, filePath: "CODEOWNERS", branch: "master", content: CODEOWNERS, ...over });
  const api = () => freshClient(fixture);
  const show = (filePath: string, ref = "master") => api().call("showFile", { params: { repository_id: repository.repositoryId }, query: { file_path: filePath, ref } });
  const text = (file: { content?: string | null }) => Buffer.from(file.content ?? "", "base64").toString("utf8");
  const head = async (branch = "master") => (await api().call("showBranch", { params: { repository_id: repository.repositoryId }, query: { branch_name: branch } })).commit?.id;
  const consoleEdit = (filePath: string, content: string, branch = "master") =>
    api().call("updateFile", { params: { repository_id: repository.repositoryId }, query: { file_path: filePath }, body: { file_path: filePath, branch, content, commit_message: "edited in the console" } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    repository = await parentRepository(fixture, "owned");
  });
  afterAll(() => fixture.close());

  it("creates a file with a look, one create and one read of the ids the answer lacks, as a commit that moves the branch", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ commitMessage: "Code owners from the platform program" }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 2, [CREATE]: 1 });
    const live = await show("CODEOWNERS");
    expect(text(live)).toBe(CODEOWNERS);
    expect(outs).toEqual({
      ...inputs({ commitMessage: "Code owners from the platform program" }),
      targetBranch: "master",
      location: "CODEOWNERS@master",
      blobId: live.blob_id,
      lastCommitId: live.last_commit_id,
    });
    expect(id).toBe(`${repository.repositoryId}/CODEOWNERS@master`);
    // The file lives in the branch's tree: its commit is the branch's head now.
    expect(await head()).toBe(outs.lastCommitId);

    newProviderRun(fixture);
    fixture.resetRequests();
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
    // One read per file: no list gives content.
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("writes to the repository's default branch when the program names none, reading it once", async () => {
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ filePath: "docs/OWNERS.md", branch: undefined, content: "ask the platform team\n" }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 2, [REPOSITORY]: 1, [CREATE]: 1 });
    expect(outs).toMatchObject({ targetBranch: "master", location: "docs/OWNERS.md@master" });
    expect(outs).not.toHaveProperty("branch");
    expect(text(await show("docs/OWNERS.md"))).toBe("ask the platform team\n");
  });

  it("shows a console edit as a changed content, and an update commits the program's content back with its message", async () => {
    const { id, outs } = await provider.create(inputs({ filePath: ".gitlab-ci.yml", content: "stages: [test]\n" }));
    await consoleEdit(".gitlab-ci.yml", "stages: []\n");
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    const refreshed = read.props as RepositoryFileOutputs;
    expect(refreshed.content).toBe("stages: []\n");
    expect(refreshed.lastCommitId).not.toBe(outs.lastCommitId);
    expect(await provider.diff(id, refreshed, inputs({ filePath: ".gitlab-ci.yml", content: "stages: [test]\n" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, refreshed, inputs({ filePath: ".gitlab-ci.yml", content: "stages: [test]\n", commitMessage: "Restore CI" }));
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1, [SHOW]: 1 });
    expect(restored).toMatchObject({ content: "stages: [test]\n", lastCommitId: await head() });
    const commit = await api().call("showBranch", { params: { repository_id: repository.repositoryId }, query: { branch_name: "master" } });
    expect(commit.commit?.message ?? commit.commit?.title).toContain("Restore CI");
    expect(text(await show(".gitlab-ci.yml"))).toBe("stages: [test]\n");
  });

  it("records a new commit message alone with no call, and replaces the file for another path or branch", async () => {
    const { id, outs } = await provider.create(inputs({ filePath: "CONTRIBUTING.md", content: "be kind\n" }));
    fixture.resetRequests();
    const { outs: renamed } = await provider.update(id, outs, inputs({ filePath: "CONTRIBUTING.md", content: "be kind\n", commitMessage: "docs" }));
    expect(fixture.requests().total).toBe(0);
    expect(renamed).toMatchObject({ commitMessage: "docs", lastCommitId: outs.lastCommitId });
    expect((await provider.diff(id, outs, inputs({ filePath: "docs/CONTRIBUTING.md", content: "be kind\n" }))).replaces).toEqual(["filePath"]);
    expect((await provider.diff(id, outs, inputs({ filePath: "CONTRIBUTING.md", branch: "develop", content: "be kind\n" }))).replaces).toEqual(["branch"]);
  });

  it("writes base64 content as the bytes it encodes, and reads it back in the program's encoding", async () => {
    const encoded = Buffer.from("Grüße, 世界\n", "utf8").toString("base64");
    const { id, outs } = await provider.create(inputs({ filePath: "greeting.txt", content: encoded, encoding: "base64" }));
    expect(text(await show("greeting.txt"))).toBe("Grüße, 世界\n");
    newProviderRun(fixture);
    expect((await provider.read(id, outs)).props).toEqual(outs);
    // Another encoding of the same bytes is no change to write.
    fixture.resetRequests();
    const { outs: asText } = await provider.update(id, outs, inputs({ filePath: "greeting.txt", content: "Grüße, 世界\n", encoding: "text" }));
    expect(fixture.requests().total).toBe(0);
    expect(asText).toMatchObject({ content: "Grüße, 世界\n", encoding: "text", lastCommitId: outs.lastCommitId });
  });

  it("refuses a file someone else made at the path, with one call, saying how to adopt; adopts it, writing only when the content differs", async () => {
    await api().call("createFile", { params: { repository_id: repository.repositoryId }, body: { file_path: "OWNERS", branch: "master", content: "alice\n", commit_message: "by hand" } });
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(inputs({ filePath: "OWNERS", content: "alice\n" }))).rejects.toThrow(`Repository ${repository.repositoryId} already has OWNERS on master`);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });

    fixture.resetRequests();
    const { outs: same } = await provider.create(inputs({ filePath: "OWNERS", content: "alice\n", adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    expect(same).toMatchObject({ content: "alice\n", adoptExisting: true, targetBranch: "master" });

    fixture.resetRequests();
    const { outs: written } = await provider.create(inputs({ filePath: "OWNERS", content: "alice\nbob\n", adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 2, [UPDATE]: 1 });
    expect(written.lastCommitId).not.toBe(same.lastCommitId);
    expect(text(await show("OWNERS"))).toBe("alice\nbob\n");
  });

  it("takes the file found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createFile", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ filePath: "lost.txt", content: "once\n" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect(outs).toMatchObject({ content: "once\n", targetBranch: "master", blobId: (await show("lost.txt")).blob_id });
  });

  it("after a lost create answer on the default branch, learns the branch from the file found", async () => {
    await planFaults(fixture, { route: "createFile", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { id, outs } = await provider.create(inputs({ filePath: "lost-default.txt", branch: undefined, content: "once\n" }));
    expect(outs).toMatchObject({ targetBranch: "master", location: "lost-default.txt@master" });
    newProviderRun(fixture);
    expect((await provider.read(id, outs)).props).toEqual(outs);
  });

  it("deletes the file with a commit, reads it as gone after, and a file whose branch is gone is gone", async () => {
    const { id, outs } = await provider.create(inputs({ filePath: "short-lived.txt", content: "bye\n" }));
    await provider.delete(id, outs);
    await expect(show("short-lived.txt")).rejects.toMatchObject({ httpStatus: 404 });
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();

    const start = await head();
    await api().call("createBranchV4", { params: { repository_id: repository.repositoryId }, body: { branch: "feature", ref: "master" } });
    const onFeature = await provider.create(inputs({ filePath: "feature.txt", branch: "feature", content: "wip\n" }));
    expect(await head()).toBe(start);
    await api().call("deleteBranchV4", { params: { repository_id: repository.repositoryId }, query: { branch_name: "feature" } });
    newProviderRun(fixture);
    expect(await provider.read(onFeature.id, onFeature.outs)).toEqual({});
    await expect(provider.delete(onFeature.id, onFeature.outs)).resolves.toBeUndefined();
  });

  it("imports a file by <repository>/<filePath>@<branch> with reads only, declaring its live content and branch", async () => {
    await api().call("createFile", { params: { repository_id: repository.repositoryId }, body: { file_path: "ci/deploy.yml", branch: "master", content: "deploy: manual\n", commit_message: "by hand" } });
    newProviderRun(fixture);
    fixture.resetRequests();
    const imported = await provider.importRead(`${repository.repositoryId}/ci/deploy.yml@master`);
    expect(Object.keys(fixture.requests().byRoute).every((route) => route.startsWith("GET "))).toBe(true);
    expect(imported?.id).toBe(`${repository.repositoryId}/ci/deploy.yml@master`);
    expect(imported?.inputs).toEqual({ ...repository, filePath: "ci/deploy.yml", branch: "master", content: "deploy: manual\n" });
    // The code generated from it plans no change.
    const declared = inputs(imported!.inputs);
    expect((await provider.diff(imported!.id, imported!.props, declared)).changes).toBe(false);
    await expect(provider.importRead(`${repository.repositoryId}/ci/deploy.yml`)).rejects.toThrow("<repository>/<filePath>@<branch>");
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { ...repository, filePath: "", branch: "", content: 7, encoding: "utf16", commitMessage: "" });
    expect(result.failures).toEqual([
      { property: "filePath", reason: "must not be empty" },
      { property: "branch", reason: "must not be empty" },
      { property: "content", reason: "Invalid input: expected string, received number" },
      { property: "encoding", reason: 'must be "text" or "base64"' },
      { property: "commitMessage", reason: "must not be empty" },
    ]);
    const base64 = await provider.check({}, { ...repository, filePath: "logo.bin", content: "not base64!", encoding: "base64" });
    expect(base64.failures).toEqual([{ property: "content", reason: 'must be base64 when encoding is "base64"' }]);
    expect(fixture.requests().total).toBe(0);
  });
});
