/**
 * Repository labels (V4) through the real client against the emulator: the label routes as the
 * provider will drive them, and the emulator's answers to them.
 */
import { CodeArtsClient } from "../../api/client";
import type { PageQuery } from "../../api/routes";
import { DEFAULTS } from "../../emulator";
import { parentRepository } from "../support/child-resources";
import { EmulatorFixture, startFixture } from "../support/emulator";

const LIST = "GET /v4/repositories/{repository_id}/labels";

describe("emulator: repository labels through the client", () => {
  let fixture: EmulatorFixture;
  let client: CodeArtsClient;
  let repository_id: number;
  const names = async () => (await client.paginate("listLabels", { params: { repository_id } })).map((label) => label.name);

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    ({ repositoryId: repository_id } = await parentRepository(fixture, "labelled"));
    // The provider's route table, not the emulator's wider one; no reused list answers between steps.
    client = new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: DEFAULTS.token }, coalesceTtlMs: 0 });
  });
  afterAll(() => fixture.close());

  it("creates a label and answers it with what was sent, then refuses the same name again", async () => {
    const created = await client.call("createLabel", {
      params: { repository_id },
      body: { name: "bug", color: "#D9534F", description: "something is broken", expires_at: "2099-12-31" },
    });
    expect(created).toMatchObject({
      id: expect.any(Number),
      name: "bug",
      color: "#D9534F",
      description: "something is broken",
      expires_at: "2099-12-31",
      is_expired: false,
      is_repository_label: true,
    });
    await expect(client.call("createLabel", { params: { repository_id }, body: { name: "bug" } })).rejects.toMatchObject({ httpStatus: 400, code: "CH.010001" });
    expect(await names()).toEqual(["bug"]);
  });

  it("refuses a color outside the documented pattern and a repository that does not exist", async () => {
    await expect(client.call("createLabel", { params: { repository_id }, body: { name: "odd", color: "red" } })).rejects.toMatchObject({ httpStatus: 400, code: "CH.010001" });
    await expect(client.call("createLabel", { params: { repository_id: 999_999 }, body: { name: "x" } })).rejects.toMatchObject({ httpStatus: 404, code: "CH.00402000" });
    expect(await names()).toEqual(["bug"]);
  });

  it("walks the list page by page without X-Total, stopping at the short page", async () => {
    for (const name of ["docs", "chore", "feature", "urgent"]) await client.call("createLabel", { params: { repository_id }, body: { name } });
    fixture.resetRequests();
    const all = await client.paginate("listLabels", { params: { repository_id }, pageSize: 2 });
    // 2 + 2 + 1 labels, sorted by name (the documented default).
    expect(all.map((label) => label.name)).toEqual(["bug", "chore", "docs", "feature", "urgent"]);
    expect(fixture.requests().byRoute[LIST]).toBe(3);
    // The SDK declares no X-Total for this list: the emulator must not send one (read on the wire).
    const raw = await fetch(`${fixture.emulator.url}/v4/repositories/${repository_id}/labels?offset=0&limit=2`, { headers: { "X-Auth-Token": DEFAULTS.token } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("x-total")).toBeNull();
  });

  it("filters by part of the name and by expiry, and sorts as asked", async () => {
    await client.call("createLabel", { params: { repository_id }, body: { name: "legacy", expires_at: "2000-01-01" } });
    const list = (query: PageQuery<"listLabels">) => client.paginate("listLabels", { params: { repository_id }, query });
    expect((await list({ search: "U" })).map((label) => label.name)).toEqual(["bug", "feature", "urgent"]);
    expect((await list({ include_expired: false })).map((label) => label.name)).not.toContain("legacy");
    expect((await list({ search: "leg" }))[0]).toMatchObject({ name: "legacy", is_expired: true });
    expect((await list({ sort: "name_desc" })).map((label) => label.name)).toEqual(["urgent", "legacy", "feature", "docs", "chore", "bug"]);
    expect((await list({ sort: "created_desc" }))[0].name).toBe("legacy");
  });

  it("updates a label by name, renaming it through new_name, and keeps what the update left out", async () => {
    const updated = await client.call("updateLabel", {
      params: { repository_id },
      body: { name: "bug", new_name: "defect", color: "#fff", priority: 3 },
    });
    expect(updated).toMatchObject({ name: "defect", color: "#fff", priority: 3, description: "something is broken", expires_at: "2099-12-31" });
    const listed = await names();
    expect(listed).toContain("defect");
    expect(listed).not.toContain("bug");
    // The old name is gone, and a rename onto a taken name is refused.
    await expect(client.call("updateLabel", { params: { repository_id }, body: { name: "bug", color: "#000" } })).rejects.toMatchObject({ httpStatus: 404 });
    await expect(client.call("updateLabel", { params: { repository_id }, body: { name: "defect", new_name: "docs" } })).rejects.toMatchObject({ httpStatus: 400, code: "CH.010001" });
    expect(await names()).toEqual(expect.arrayContaining(["defect", "docs"]));
  });

  it("deletes a label by name, and a second delete answers 404 in the V4 error shape", async () => {
    await expect(client.call("deleteLabel", { params: { repository_id }, query: { name: "defect" } })).resolves.toBeUndefined();
    expect(await names()).not.toContain("defect");
    await expect(client.call("deleteLabel", { params: { repository_id }, query: { name: "defect" } })).rejects.toMatchObject({ httpStatus: 404, code: "CH.000404" });
  });
});
