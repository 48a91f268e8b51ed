import { clearTokenCache } from "../../provider/client";
import { CodeArtsApiError } from "../../provider/errors";
import { ProtectedBranchInputs, ProtectedBranchOutputs, provider } from "../../provider/protected-branch";
import { configureWith } from "../../provider/runtime";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";

const LIST = "GET /v4/repositories/{repository_id}/protected-branches";
const PROTECT = "PUT /v2/repositories/{repository_id}/branch/{branch_name}/protect";

describe("ProtectedBranch provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const configure = (token = "emulator-token") =>
    configureWith({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token } });
  const inputs = (over: Partial<ProtectedBranchInputs> = {}) => ProtectedBranchInputs.parse({ repositoryId, repositoryUuid, branch: "master", ...over });
  const liveRule = async (branch: string) => {
    const rules = await freshClient(fixture).call("listProtectedBranches", { params: { repository_id: repositoryId } });
    return rules.find((rule) => rule.name === branch);
  };
  const createBranch = (name: string) => fixture.admin.call("createBranch", { params: { repository_id: repositoryId }, body: { branch_name: name, ref: "master" } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    clearTokenCache();
    configure();
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "protect-me"));
  });
  afterAll(() => fixture.close());

  it("protects master with one look and one PUT, and reads the levels back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ pushAccess: "noOne", mergeAccess: "developers" }));
    expect(id).toBe(`${repositoryId}:master`);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [PROTECT]: 1 });
    const read = await provider.read(id, outs as ProtectedBranchOutputs);
    expect(read).toEqual({ id, props: { ...inputs(), pushAccess: "noOne", mergeAccess: "developers" } });
    const v1 = await fixture.admin.call("listBranchesV1", { params: { repository_id: repositoryId } });
    expect(v1.branches).toEqual([{ name: "master", is_protected: true }]);
  });

  it("reads levels changed out of band, so refresh shows the drift", async () => {
    await fixture.admin.call("protectBranch", {
      params: { repository_id: repositoryId, branch_name: "master" },
      body: { access_level: { push_access_level: 40, merge_access_level: 40 } },
    });
    configure(); // a new run: the provider's list answers from the last few seconds are not reused
    const read = await provider.read(`${repositoryId}:master`, inputs({ pushAccess: "noOne", mergeAccess: "developers" }));
    expect(read.props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "maintainers" });
  });

  it("updates levels in place with the same PUT", async () => {
    fixture.resetRequests();
    const olds = inputs();
    const { outs } = await provider.update(`${repositoryId}:master`, olds, inputs({ pushAccess: "developers", mergeAccess: "developers" }));
    expect(outs).toMatchObject({ pushAccess: "developers", mergeAccess: "developers" });
    expect(fixture.requests().byRoute).toEqual({ [PROTECT]: 1 });
    expect((await provider.read(`${repositoryId}:master`, olds)).props).toMatchObject({ pushAccess: "developers", mergeAccess: "developers" });
  });

  it("changing only adoptExisting calls nothing", async () => {
    fixture.resetRequests();
    await provider.update(`${repositoryId}:master`, inputs(), inputs({ adoptExisting: true }));
    expect(fixture.requests().total).toBe(0);
  });

  it("refuses an already protected branch, saying how to adopt, without changing it", async () => {
    fixture.resetRequests();
    const error = await provider.create(inputs({ pushAccess: "noOne" })).catch((e) => e);
    expect(error.message).toBe(
      `Branch "master" of repository ${repositoryId} is already protected (push: developers, merge: developers). ` +
        "Set adoptExisting: true to manage that protection with this program (it then gets the levels given here).",
    );
    expect(fixture.requests().byRoute[PROTECT]).toBeUndefined();
  });

  it("adopts an already protected branch and applies the requested levels", async () => {
    const { id } = await provider.create(inputs({ adoptExisting: true, pushAccess: "maintainers", mergeAccess: "maintainers" }));
    expect(id).toBe(`${repositoryId}:master`);
    expect(await liveRule("master")).toBeDefined();
    expect((await provider.read(id, inputs())).props).toMatchObject({ pushAccess: "maintainers", mergeAccess: "maintainers" });
  });

  it("explains that a branch must exist before it is protected", async () => {
    const error = await provider.create(inputs({ branch: "no-such-branch" })).catch((e) => e);
    expect(error.message).toMatch(
      new RegExp(`^Cannot protect branch "no-such-branch": repository ${repositoryId} has no branch "no-such-branch"; create the branch first\\. \\(.*HTTP 404 CH\\.000404`),
    );
  });

  it("reports an out-of-band unprotect as gone, and deleting twice succeeds", async () => {
    await createBranch("develop");
    const { id, outs } = await provider.create(inputs({ branch: "develop" }));
    await fixture.admin.call("unprotectBranch", { params: { repository_id: repositoryId, branch_name: "develop" } });
    expect(await provider.read(id, outs as ProtectedBranchOutputs)).toEqual({});
    await expect(provider.delete(id, outs as ProtectedBranchOutputs)).resolves.toBeUndefined();
    await provider.create(inputs({ branch: "develop" }));
    await provider.delete(id, outs as ProtectedBranchOutputs);
    expect(await liveRule("develop")).toBeUndefined();
  });

  it("refreshes 30 protected branches of one repository with one list call", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `feature-${i}`);
    for (const name of names) {
      await createBranch(name);
      await provider.create(inputs({ branch: name }));
    }
    fixture.resetRequests();
    const reads = await Promise.all(names.map((branch) => provider.read(`${repositoryId}:${branch}`, inputs({ branch }))));
    expect(reads.every((read) => read.id !== undefined)).toBe(true);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
  });

  it("walks every page of a long protection list", async () => {
    const names = Array.from({ length: 75 }, (_, i) => `bulk-${i}`);
    for (const name of names) await createBranch(name);
    for (const name of names) await provider.create(inputs({ branch: name }));
    // 1 master + 30 feature + 75 bulk: the last one is on the second page of 100.
    const read = await provider.read(`${repositoryId}:bulk-74`, inputs({ branch: "bulk-74" }));
    expect(read.id).toBe(`${repositoryId}:bulk-74`);
  });

  it("calls the protection gone when its repository is gone, and surfaces other errors", async () => {
    const { repositoryId: repository_id, repositoryUuid: repository_uuid } = await parentRepository(fixture, "short-lived");
    const props = inputs({ repositoryId: repository_id, repositoryUuid: repository_uuid });
    await provider.create(props);
    await fixture.admin.call("deleteRepository", { params: { repository_uuid } });
    expect(await provider.read(`${repository_id}:master`, props)).toEqual({});
    await expect(provider.delete(`${repository_id}:master`, props)).resolves.toBeUndefined();

    configure("revoked");
    const error = await provider.read(`${repositoryId}:master`, inputs()).catch((e) => e);
    configure();
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
  });
});
