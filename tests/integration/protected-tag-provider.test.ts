import { clearTokenCache } from "../../provider/client";
import { ProtectedTagInputs, ProtectedTagOutputs, provider } from "../../provider/protected-tag";
import { configureWith } from "../../provider/runtime";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";

const LIST = "GET /v4/repositories/{repository_id}/protected-tags";
const CREATE = "POST /v2/repositories/{repository_id}/protected-tags";
const UPDATE = "PUT /v4/repositories/{repository_id}/protected-tag";

describe("ProtectedTag provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const inputs = (over: Partial<ProtectedTagInputs> = {}) => ProtectedTagInputs.parse({ repositoryId, repositoryUuid, tag: "v*", ...over });
  const liveNames = async () => (await freshClient(fixture).call("listProtectedTags", { params: { repository_id: repositoryId } })).map((r) => r.name);

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    clearTokenCache();
    configureWith({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: "emulator-token" } });
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "tag-me"));
  });
  afterAll(() => fixture.close());

  it("protects a pattern no tag matches yet with one POST, and reads the level back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ createAccess: "developers" }));
    expect(id).toBe(`${repositoryId}:v*`);
    expect(fixture.requests().byRoute).toEqual({ [CREATE]: 1 });
    expect(await provider.read(id, outs as ProtectedTagOutputs)).toEqual({ id, props: inputs({ createAccess: "developers" }) });
  });

  it("changes the level in place through the V4 update, and reads it back", async () => {
    fixture.resetRequests();
    const { outs } = await provider.update(`${repositoryId}:v*`, inputs({ createAccess: "developers" }), inputs({ createAccess: "noOne" }));
    expect(outs).toMatchObject({ createAccess: "noOne" });
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect((await provider.read(`${repositoryId}:v*`, inputs())).props).toMatchObject({ createAccess: "noOne" });
  });

  it("refuses an already protected pattern, saying how to adopt", async () => {
    const error = await provider.create(inputs()).catch((e) => e);
    expect(error.message).toMatch(
      new RegExp(`^Tags "v\\*" of repository ${repositoryId} are already protected \\(create: noOne\\)\\. Set adoptExisting: true .*HTTP 400 CH\\.010001`),
    );
    expect(await liveNames()).toEqual(["v*"]);
  });

  it("adopts an existing protection and applies the requested level, without creating", async () => {
    fixture.resetRequests();
    await provider.create(inputs({ adoptExisting: true, createAccess: "maintainers" }));
    expect(fixture.requests().byRoute[CREATE]).toBeUndefined();
    expect((await provider.read(`${repositoryId}:v*`, inputs())).props).toMatchObject({ createAccess: "maintainers" });
  });

  it("creates when adoptExisting finds nothing to adopt", async () => {
    await provider.create(inputs({ tag: "release-*", adoptExisting: true }));
    expect(await liveNames()).toEqual(["v*", "release-*"]);
  });

  it("reports an out-of-band delete as gone, and deleting twice succeeds", async () => {
    const props = inputs({ tag: "release-*" });
    await fixture.admin.call("deleteProtectedTag", { params: { repository_id: repositoryId, name: "release-*" } });
    expect(await provider.read(`${repositoryId}:release-*`, props)).toEqual({});
    await expect(provider.delete(`${repositoryId}:release-*`, props)).resolves.toBeUndefined();
    await provider.delete(`${repositoryId}:v*`, inputs());
    expect(await liveNames()).toEqual([]);
  });

  it("refreshes many protected tags of one repository with one list call", async () => {
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}-*`);
    for (const tag of tags) await provider.create(inputs({ tag }));
    fixture.resetRequests();
    const reads = await Promise.all(tags.map((tag) => provider.read(`${repositoryId}:${tag}`, inputs({ tag }))));
    expect(reads.every((read) => read.id !== undefined)).toBe(true);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
  });
});
