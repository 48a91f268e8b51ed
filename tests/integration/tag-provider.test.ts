import { TagInputs, TagOutputs, provider } from "../../provider/tag";
import { liveBranch, parentRepository } from "../support/child-resources";
import { EmulatorFixture, faultReport, loseNextAnswer, planFaults, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import type { TagV4 } from "../../wire/tags";
import { UNKNOWN } from "../../provider/validation";

const CREATE = routeKey("createTag");
const SHOW = routeKey("showTag");
const DELETE = routeKey("deleteTag");

describe("Tag provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repositoryId: number;
  let repositoryUuid: string;

  const inputs = (over: Partial<TagInputs> = {}) => TagInputs.parse({ repositoryId, repositoryUuid, name: "v1.0.0", ref: "master", ...over });
  const live = (name: string): Promise<TagV4 | undefined> =>
    fixture.admin.call("showTag", { params: { repository_id: repositoryId }, query: { tag_name: name } }).catch(() => undefined);
  const commitOnMaster = (path: string) =>
    fixture.admin.call("createCommit", {
      params: { repo_id: repositoryId },
      body: { branch: "master", commit_message: `add ${path}`, author_name: "someone", actions: [{ action: "create", file_path: path, content: "x\n" }] },
    });
  const byHand = (name: string, ref: string) => fixture.admin.call("createTag", { params: { repository_id: repositoryId }, body: { tag_name: name, ref } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    ({ repositoryId, repositoryUuid } = await parentRepository(fixture, "tagged"));
  });
  afterAll(() => fixture.close());

  it("tags master's head with a look and one create, and reads back the commit it names", async () => {
    const master = (await liveBranch(fixture, repositoryId, "master"))!;
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ message: "first release" }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [CREATE]: 1 });
    expect(id).toBe(`${repositoryId}:v1.0.0`);
    expect(outs).toEqual({ ...inputs({ message: "first release" }), commitId: master.commit!.id });
    expect((await live("v1.0.0"))?.message).toBe("first release");
    fixture.resetRequests();
    expect(await provider.read(id, outs as TagOutputs)).toEqual({ id, props: outs });
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("stays on its commit while the branch it was made from moves on", async () => {
    const { id, outs } = await provider.create(inputs({ name: "v1.1.0" }));
    await commitOnMaster("after-the-release.txt");
    const read = await provider.read(id, outs as TagOutputs);
    expect(read.props!.commitId).toBe((outs as TagOutputs).commitId);
    expect((await provider.diff(id, read.props as TagOutputs, inputs({ name: "v1.1.0" }))).changes).toBe(false);
  });

  it("reads a tag moved in the console as the commit it names now: drift of commitId", async () => {
    const { id, outs } = await provider.create(inputs({ name: "v2.0.0" }));
    await commitOnMaster("moved.txt");
    await fixture.admin.call("deleteTag", { params: { repository_id: repositoryId }, query: { tag_name: "v2.0.0" } });
    const moved = await byHand("v2.0.0", "master");
    const read = await provider.read(id, outs as TagOutputs);
    expect(read.props!.commitId).toBe(moved.target);
    expect(read.props!.commitId).not.toBe((outs as TagOutputs).commitId);
  });

  it("holds a tag made from a full commit id to it: moved in the console, up refuses, or puts it back with allowReplace", async () => {
    const release = (await liveBranch(fixture, repositoryId, "master"))!.commit!.id;
    const { id, outs } = await provider.create(inputs({ name: "v4.0.0", ref: release }));
    await commitOnMaster("moved-again.txt");
    await fixture.admin.call("deleteTag", { params: { repository_id: repositoryId }, query: { tag_name: "v4.0.0" } });
    const moved = await byHand("v4.0.0", "master");
    const refreshed = (await provider.read(id, outs as TagOutputs)).props as TagOutputs;
    // A refresh diffs what it read too: the move shows as an update, which `up` refuses.
    expect(await provider.diff(id, refreshed, inputs({ name: "v4.0.0", ref: release }))).toEqual({ changes: true });
    fixture.resetRequests();
    const error = await provider.update(id, refreshed, inputs({ name: "v4.0.0", ref: release })).catch((e) => e);
    expect(fixture.requests().byRoute).toEqual({});
    expect(error.message).toContain(`names commit ${moved.target}, but the program says ${release}: it was moved outside this program`);
    expect(error.message).toContain(`or set ref to ${moved.target} to keep it where it is`);
    expect(await provider.diff(id, refreshed, inputs({ name: "v4.0.0", ref: release, allowReplace: true }))).toEqual({
      changes: true,
      replaces: ["ref"],
      deleteBeforeReplace: true,
    });
    // Its tag made from a branch is never held to where the branch is now.
    const fromBranch = await provider.create(inputs({ name: "v4.1.0" }));
    await commitOnMaster("later.txt");
    expect((await provider.diff(fromBranch.id, fromBranch.outs as TagOutputs, inputs({ name: "v4.1.0" }))).changes).toBe(false);
  });

  it("refuses a change that would move the tag unless allowReplace, naming the field and both values", async () => {
    const { id, outs } = await provider.create(inputs({ name: "v3.0.0" }));
    const error = await provider.diff(id, outs as TagOutputs, inputs({ name: "v3.0.0", ref: "0123abc" })).catch((e) => e);
    expect(error.message).toContain('Tag "v3.0.0" of repository');
    expect(error.message).toContain('ref from "master" to "0123abc"');
    expect(error.message).toContain("Set allowReplace: true");
    // A ref known only at apply is diffed again then: neither refused nor a replacement at preview.
    expect(await provider.diff(id, outs as TagOutputs, { ...inputs({ name: "v3.0.0" }), ref: UNKNOWN })).toEqual({ changes: true });
    expect(await provider.diff(id, outs as TagOutputs, inputs({ name: "v3.0.0", ref: "0123abc", allowReplace: true }))).toMatchObject({
      replaces: ["ref"],
      deleteBeforeReplace: true,
    });
  });

  it("refuses an existing tag, explaining how to adopt, and adopts it without creating when asked", async () => {
    const made = await byHand("by-hand", "master");
    fixture.resetRequests();
    const error = await provider.create(inputs({ name: "by-hand" })).catch((e) => e);
    expect(error.message).toContain(`already has a tag "by-hand" (at commit ${made.target}). Set adoptExisting: true`);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ name: "by-hand", adoptExisting: true }));
    expect(outs).toMatchObject({ adoptExisting: true, commitId: made.target });
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
  });

  it("deletes with a look and one DELETE, and calls a tag deleted in the console, or in a deleted repository, gone", async () => {
    const { id, outs } = await provider.create(inputs({ name: "to-delete" }));
    fixture.resetRequests();
    await provider.delete(id, outs as TagOutputs);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1, [DELETE]: 1 });
    expect(await live("to-delete")).toBeUndefined();
    expect(await provider.read(id, outs as TagOutputs)).toEqual({});
    await expect(provider.delete(id, outs as TagOutputs)).resolves.toBeUndefined();

    const other = await parentRepository(fixture, "doomed-tags");
    const elsewhere = await provider.create(inputs({ ...other, name: "x" }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: other.repositoryUuid } });
    expect(await provider.read(elsewhere.id, elsewhere.outs as TagOutputs)).toEqual({});
  });

  it("never deletes a tag of its name that someone made again at another commit", async () => {
    const { id, outs } = await provider.create(inputs({ name: "remade" }));
    await commitOnMaster("remade.txt");
    await fixture.admin.call("deleteTag", { params: { repository_id: repositoryId }, query: { tag_name: "remade" } });
    const theirs = await byHand("remade", "master");
    fixture.resetRequests();
    const error = await provider.delete(id, outs as TagOutputs).catch((e) => e);
    expect(error.message).toContain(`names commit ${theirs.target}, not ${(outs as TagOutputs).commitId} as this resource made it`);
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
    expect((await live("remade"))?.target).toBe(theirs.target);
  });

  it("recovers from a lost create answer without a second create", async () => {
    await loseNextAnswer(fixture, CREATE);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ name: "lost-answer" }));
    expect(fixture.requests().byRoute).toEqual({ [SHOW]: 2, [CREATE]: 1 });
    expect((outs as TagOutputs).commitId).toBe((await live("lost-answer"))!.target);
  });

  it("never takes a tag that was there before for its own: refused, the 503 planned for the create never sent", async () => {
    await byHand("someone-elses", "master");
    await planFaults(fixture, { route: "createTag", kind: "status", status: 503 });
    try {
      fixture.resetRequests();
      const error = await provider.create(inputs({ name: "someone-elses" })).catch((e) => e);
      expect(error.message).toMatch(/already has a tag "someone-elses" .* Set adoptExisting: true/);
      expect(fixture.requests().byRoute).toEqual({ [SHOW]: 1 });
      expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([0]);
    } finally {
      await planFaults(fixture);
    }
  });

  it("fails check on a name git refuses, with no call", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { repositoryId, repositoryUuid, name: "v1..0", ref: "master" });
    expect(result.failures).toEqual([expect.objectContaining({ property: "name", reason: expect.stringContaining("must be a git tag name") })]);
    expect(fixture.requests().byRoute).toEqual({});
  });
});
