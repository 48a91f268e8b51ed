import { RepositoryInputs, provider } from "../../provider/repository";
import { UNKNOWN } from "../../provider/validation";

const valid = { projectId: "0123456789abcdef0123456789abcdef", name: "my-repo_1" };

describe("Repository check", () => {
  it("fills defaults for what the program left out", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, visibility: "private", enableReadme: false, importMembers: false, adoptExisting: false });
  });

  it.each([
    [{ name: "1repo" }, "name", /must start with a letter/],
    [{ name: "my repo" }, "name", /only letters, digits/],
    [{ name: "a" }, "name", /2 to 128 characters/],
    [{ name: "a".repeat(129) }, "name", /2 to 128 characters/],
    [{ projectId: "not-a-project" }, "projectId", /32 hexadecimal characters/],
    [{ visibility: "internal" }, "visibility", /"private" or "public"/],
    [{ licenseId: 1.5 }, "licenseId", /whole number/],
    [{ licenseId: -3 }, "licenseId", /positive/],
    [{ importUrl: "http://example.com/r.git" }, "importUrl", /https:\/\//],
    [{ enableReadme: "yes" }, "enableReadme", /boolean/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("reports every missing required field", async () => {
    const result = await provider.check({}, {});
    expect(result.failures!.map((f) => [f.property, f.reason])).toEqual([
      ["projectId", "is required"],
      ["name", "is required"],
    ]);
  });

  it("leaves values unknown at preview to be checked at apply", async () => {
    const result = await provider.check({}, { ...valid, projectId: UNKNOWN });
    expect(result.failures).toEqual([]);
    expect(result.inputs!.projectId).toBe(UNKNOWN);
  });
});

describe("Repository diff", () => {
  const olds = { ...RepositoryInputs.parse(valid), repositoryUuid: "u", repositoryId: 1 } as never;

  it("sees no change when nothing changed", async () => {
    expect(await provider.diff("u", olds, RepositoryInputs.parse(valid))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a description change, deleting first because the name is kept", async () => {
    const diff = await provider.diff("u", olds, RepositoryInputs.parse({ ...valid, description: "new" }));
    expect(diff).toEqual({ changes: true, replaces: ["description"], deleteBeforeReplace: true });
  });

  it("creates the new repository first when the name changes", async () => {
    const diff = await provider.diff("u", olds, RepositoryInputs.parse({ ...valid, name: "other" }));
    expect(diff).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });

  it("updates in place when only adoptExisting changes", async () => {
    const diff = await provider.diff("u", olds, RepositoryInputs.parse({ ...valid, adoptExisting: true }));
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces when a refresh found the live visibility drifted from the program", async () => {
    const drifted = { ...(olds as object), visibility: "public" } as never;
    const diff = await provider.diff("u", drifted, RepositoryInputs.parse(valid));
    expect(diff.replaces).toEqual(["visibility"]);
  });
});
