import { ProtectedTagInputs, provider } from "../../provider/protected-tag";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", tag: "v*" };

describe("ProtectedTag check", () => {
  it("accepts a pattern and fills defaults", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, createAccess: "maintainers", adoptExisting: false });
  });

  it.each([[{ tag: "v1.0.0" }], [{ tag: "release-*" }], [{ createAccess: "noOne" }], [{ createAccess: "developers" }]])("accepts %j", async (override) => {
    expect((await provider.check({}, { ...valid, ...override })).failures).toEqual([]);
  });

  it.each([
    [{ createAccess: "owners" }, "createAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ createAccess: 40 }, "createAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ createAccess: -1 }, "createAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ tag: "v 1" }, "tag", /must be a tag name or a pattern such as "v\*"/],
    [{ tag: "v1^" }, "tag", /must be a tag name or a pattern/],
    [{ tag: "" }, "tag", /must be a tag name or a pattern/],
    [{ repositoryId: 1.5 }, "repositoryId", /whole number/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });
});

describe("ProtectedTag diff", () => {
  const olds = ProtectedTagInputs.parse(valid);

  it("sees no change when nothing changed", async () => {
    expect(await provider.diff("468480:v*", olds, ProtectedTagInputs.parse(valid))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates the level in place", async () => {
    expect(await provider.diff("468480:v*", olds, ProtectedTagInputs.parse({ ...valid, createAccess: "noOne" }))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces on another pattern", async () => {
    const diff = await provider.diff("468480:v*", olds, ProtectedTagInputs.parse({ ...valid, tag: "release-*" }));
    expect(diff).toEqual({ changes: true, replaces: ["tag"], deleteBeforeReplace: false });
  });
});
