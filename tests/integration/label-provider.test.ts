import { LabelInputs, LabelOutputs, provider } from "../../provider/label";
import { EmulatorFixture, freshClient, planFaults, faultReport, routeKey, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";
import { newProviderRun } from "../support/provider";

const LIST = routeKey("listLabels");
const CREATE = routeKey("createLabel");
const UPDATE = routeKey("updateLabel");
const DELETE = routeKey("deleteLabel");

describe("Label provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };

  const inputs = (over: Partial<LabelInputs> = {}) => LabelInputs.parse({ ...repository, name: "bug", color: "#D9534F", ...over });
  const listed = async () => freshClient(fixture).call("listLabels", { params: { repository_id: repository.repositoryId }, query: { limit: 100 } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    repository = await parentRepository(fixture, "labelled");
  });
  afterAll(() => fixture.close());

  it("creates a label with a look at the list and one create, and reads back exactly what it created", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ description: "something is broken", expiresAt: "2099-12-31" }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [CREATE]: 1 });
    expect(outs).toEqual({ ...inputs({ description: "something is broken", expiresAt: "2099-12-31" }), labelId: expect.any(Number), textColor: expect.any(String) });
    expect(id).toBe(`${repository.repositoryId}/${outs.labelId}`);
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
  });

  it("shows a console change of a field the program sets, and ignores one the program leaves to the service", async () => {
    const { id, outs } = await provider.create(inputs({ name: "docs" }));
    await freshClient(fixture).call("updateLabel", { params: { repository_id: repository.repositoryId }, body: { name: "docs", color: "#000", description: "added in the console" } });
    newProviderRun(fixture);
    const read = await provider.read(id, outs);
    expect(read.props).toMatchObject({ color: "#000" });
    expect(read.props).not.toHaveProperty("description");
    expect((await provider.diff(id, read.props as LabelOutputs, inputs({ name: "docs" }))).changes).toBe(true);
  });

  it("renames in place through new_name, keeping the label's id, and plans no replacement for it", async () => {
    const { id, outs } = await provider.create(inputs({ name: "feature" }));
    const plan = await provider.diff(id, outs, inputs({ name: "enhancement" }));
    expect(plan).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    fixture.resetRequests();
    const { outs: renamed } = await provider.update(id, outs, inputs({ name: "enhancement" }));
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect(renamed).toMatchObject({ name: "enhancement", labelId: outs.labelId });
    expect((await listed()).map((label) => label.name)).toEqual(expect.arrayContaining(["enhancement"]));
    expect((await listed()).map((label) => label.name)).not.toContain("feature");
  });

  it("refuses a label someone else made under the name, saying how to adopt, and adopts it when asked", async () => {
    await freshClient(fixture).call("createLabel", { params: { repository_id: repository.repositoryId }, body: { name: "urgent", color: "#ff0000" } });
    fixture.resetRequests();
    await expect(provider.create(inputs({ name: "urgent" }))).rejects.toThrow(`Repository ${repository.repositoryId} already has a label "urgent". Set adoptExisting: true`);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });

    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ name: "urgent", color: "#ff0000", adoptExisting: true }));
    // Already as the program says: adopted with the look alone.
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(outs).toMatchObject({ name: "urgent", color: "#ff0000", adoptExisting: true });
  });

  it("takes the label found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createLabel", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ name: "lost-answer" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect((await listed()).filter((label) => label.name === "lost-answer")).toHaveLength(1);
    expect(outs.name).toBe("lost-answer");
  });

  it("deletes by name, reads it as gone after, and deleting again is success", async () => {
    const { id, outs } = await provider.create(inputs({ name: "short-lived" }));
    await provider.delete(id, outs);
    expect((await listed()).map((label) => label.name)).not.toContain("short-lived");
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("deletes only its own label: not one that took its name after it was renamed or deleted in the console", async () => {
    const api = freshClient(fixture);
    const params = { repository_id: repository.repositoryId };
    const renamed = await provider.create(inputs({ name: "wontfix" }));
    await api.call("updateLabel", { params, body: { name: "wontfix", new_name: "declined" } });
    await api.call("createLabel", { params, body: { name: "wontfix", color: "#123456" } });
    const removed = await provider.create(inputs({ name: "duplicate" }));
    await api.call("deleteLabel", { params, query: { name: "duplicate" } });
    await api.call("createLabel", { params, body: { name: "duplicate", color: "#654321" } });

    // A destroy with no refresh since: the state still holds the old names.
    newProviderRun(fixture);
    fixture.resetRequests();
    // Side by side, as the engine runs independent deletes: one shared list walk, and one delete,
    // of the renamed label under its new name; the label now named "duplicate" is not ours.
    await Promise.all([provider.delete(renamed.id, renamed.outs), provider.delete(removed.id, removed.outs)]);
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [DELETE]: 1 });
    const names = (await listed()).map((label) => label.name);
    expect(names).not.toContain("declined");
    expect(names).toEqual(expect.arrayContaining(["wontfix", "duplicate"]));
  });

  it("refuses a bad name, color and expiry at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const result = await provider.check({}, { ...repository, name: " ", color: "red", expiresAt: "tomorrow" });
    expect(result.failures).toEqual([
      { property: "name", reason: "must not be empty" },
      { property: "color", reason: "must be a color as #rrggbb or #rgb" },
      { property: "expiresAt", reason: "must be a date as YYYY-MM-DD" },
    ]);
    expect(fixture.requests().total).toBe(0);
  });
});
