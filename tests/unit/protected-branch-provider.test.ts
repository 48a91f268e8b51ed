import { ProtectedBranchInputs, provider } from "../../provider/protected-branch";
import { UNKNOWN } from "../../provider/validation";
import { AccessLevel, levelOfAction, levelOfActionBody, protectionActionBodyFor, protectionActionFor } from "../../provider/wire-branches";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", branch: "master" };

describe("ProtectedBranch check", () => {
  it("fills defaults for what the program left out", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, pushAccess: "maintainers", mergeAccess: "maintainers", adoptExisting: false });
  });

  it.each([
    [{ pushAccess: "developers", mergeAccess: "developers" }],
    [{ pushAccess: "noOne", mergeAccess: "developers" }],
    [{ pushAccess: "noOne", mergeAccess: "noOne" }],
    [{ pushAccess: "developers", mergeAccess: "maintainers" }],
    [{ branch: "release/1.x" }],
  ])("accepts %j", async (override) => {
    expect((await provider.check({}, { ...valid, ...override })).failures).toEqual([]);
  });

  it.each([
    [{ pushAccess: "admins" }, "pushAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ mergeAccess: 50 }, "mergeAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ pushAccess: 30 }, "pushAccess", /must be one of "noOne", "developers", "maintainers"/],
    [{ branch: "release/*" }, "branch", /no wildcards/],
    [{ branch: "my branch" }, "branch", /must be the name of one existing branch/],
    [{ branch: "a..b" }, "branch", /'\.\.'/],
    [{ branch: "" }, "branch", /must be the name of one existing branch/],
    [{ repositoryId: 0 }, "repositoryId", /positive whole number/],
    [{ repositoryUuid: "abc" }, "repositoryUuid", /32 hexadecimal characters/],
    [{ adoptExisting: "yes" }, "adoptExisting", /boolean/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it.each([
    ["maintainers", "developers"],
    ["developers", "noOne"],
    ["maintainers", "noOne"],
  ])("rejects push %s with merge %s: merge must be at least push, naming both fields", async (pushAccess, mergeAccess) => {
    const result = await provider.check({}, { ...valid, pushAccess, mergeAccess });
    expect(result.failures).toEqual([
      {
        property: "mergeAccess",
        reason: `must be at least pushAccess in the order noOne (0) < developers (30) < maintainers (40); pushAccess is "${pushAccess}" and mergeAccess is "${mergeAccess}"`,
      },
    ]);
  });

  it("applies the merge rule to the defaults too", async () => {
    const result = await provider.check({}, { ...valid, mergeAccess: "developers" });
    expect(result.failures![0].reason).toMatch(/pushAccess is "maintainers"/);
  });

  it("leaves the merge rule for apply when a level is unknown at preview", async () => {
    const result = await provider.check({}, { ...valid, pushAccess: UNKNOWN, mergeAccess: "noOne" });
    expect(result.failures).toEqual([]);
  });

  it("reports every missing required field", async () => {
    const result = await provider.check({}, {});
    expect(result.failures!.map((f) => [f.property, f.reason])).toEqual([
      ["repositoryId", "is required"],
      ["repositoryUuid", "is required"],
      ["branch", "is required"],
    ]);
  });
});

describe("ProtectedBranch diff", () => {
  const olds = ProtectedBranchInputs.parse(valid);

  it("sees no change when nothing changed", async () => {
    expect(await provider.diff("468480:master", olds, ProtectedBranchInputs.parse(valid))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([[{ pushAccess: "developers", mergeAccess: "developers" }], [{ mergeAccess: "maintainers", pushAccess: "noOne" }], [{ adoptExisting: true }]])(
    "updates %j in place",
    async (override) => {
      expect(await provider.diff("468480:master", olds, ProtectedBranchInputs.parse({ ...valid, ...override }))).toEqual({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    },
  );

  it("replaces on another branch, creating the new protection first", async () => {
    const diff = await provider.diff("468480:master", olds, ProtectedBranchInputs.parse({ ...valid, branch: "develop" }));
    expect(diff).toEqual({ changes: true, replaces: ["branch"], deleteBeforeReplace: false });
  });

  it("replaces when the repository is being replaced (its ids unknown at preview)", async () => {
    const diff = await provider.diff("468480:master", olds, { ...olds, repositoryId: UNKNOWN as never, repositoryUuid: UNKNOWN });
    expect(diff.replaces).toEqual(["repositoryId", "repositoryUuid"]);
  });
});

describe("access level ↔ V4 action mapping (an assumption, defined once)", () => {
  it.each([AccessLevel.noOne, AccessLevel.developers, AccessLevel.maintainers])("round-trips level %d through answers and requests", (level) => {
    expect(levelOfAction({ name: "x", actions: [protectionActionFor("push", level)] }, "push")).toBe(level);
    expect(levelOfActionBody(protectionActionBodyFor("create", level))).toBe(level);
  });

  it("reads an unrestricted or missing action as developers, and roles by name too", () => {
    expect(levelOfAction({ name: "x", actions: [{ action: "push", enable: false, roles: [] }] }, "push")).toBe(30);
    expect(levelOfAction({ name: "x", actions: [] }, "merge")).toBe(30);
    expect(levelOfAction({ name: "x", actions: [{ action: "push", enable: true, roles: [{ name: "Maintainers" }] }] }, "push")).toBe(40);
    expect(levelOfAction({ name: "x", actions: [{ action: "push", enable: true, roles: [{ name: "Guest" }] }] }, "push")).toBe(0);
  });
});
