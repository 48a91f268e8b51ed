import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ProtectedBranchInputs, provider } from "../../provider/protected-branch";
import { UNKNOWN } from "../../provider/validation";
import { RepositoryRoles, needsLearnedRoles, readAccess, roleIdsFor } from "../../provider/protection-roles";

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
  ])("accepts push %s with merge %s: V4 states no order between the two actions", async (pushAccess, mergeAccess) => {
    const result = await provider.check({}, { ...valid, pushAccess, mergeAccess });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ pushAccess, mergeAccess });
  });

  it("accepts the README's example as written", async () => {
    const readme = readFileSync(resolve(__dirname, "..", "..", "README.md"), "utf8");
    const example = readme.match(/new ProtectedBranch\("master", \{ repository, branch: "master", pushAccess: "(\w+)", mergeAccess: "(\w+)" \}\);/);
    expect(example?.slice(1)).toEqual(["maintainers", "developers"]);
    const result = await provider.check({}, { ...valid, pushAccess: example![1], mergeAccess: example![2] });
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

describe("levels ↔ learned roles (protection-roles.ts)", () => {
  // Ids as a service might give them: opaque strings, names as the user guide has them.
  const roles: RepositoryRoles = {
    repositoryId: 7,
    roles: [
      { id: "a1", name: "Project manager" },
      { id: "b2", name: "Administrator" },
      { id: "c3", name: "Committer" },
      { id: "d4", name: "Developer" },
      { id: "e5", name: "Viewer" },
    ],
  };
  const action = (roleIds: string[], extra: object = {}) => ({
    action: "push",
    enable: true,
    roles: roleIds.map((id) => ({ related_role_id: id, name: roles.roles.find((r) => r.id === id)?.name })),
    ...extra,
  });

  it.each([
    ["noOne", []],
    ["maintainers", ["a1", "b2"]],
    ["developers", ["a1", "b2", "c3", "d4"]],
  ] as const)("writes %s as the learned ids %j and reads them back as that level", (level, ids) => {
    expect(roleIdsFor(level, roles, "pushAccess")).toEqual(ids);
    expect(readAccess(action([...ids].reverse()), roles)).toBe(level);
  });

  it("reads a level from the names the rule carries, with no learned roles", () => {
    expect(needsLearnedRoles(action(["a1", "b2"]))).toBe(false);
    expect(readAccess(action(["a1", "b2"]))).toBe("maintainers");
  });

  it("needs the learned roles only for a role the rule names by id alone, and reads it through them", () => {
    const byIdOnly = { action: "push", enable: true, roles: [{ related_role_id: "a1" }, { related_role_id: "b2", name: "Administrator" }] };
    expect(needsLearnedRoles(byIdOnly)).toBe(true);
    expect(readAccess(byIdOnly, roles)).toBe("maintainers");
    expect(readAccess(byIdOnly)).toBe("custom (roles: a1, Administrator)");
  });

  it("matches roles by their Chinese names too", () => {
    const chinese: RepositoryRoles = { repositoryId: 7, roles: [{ id: "x", name: "项目经理" }, { id: "y", name: "仓库管理员" }] };
    expect(roleIdsFor("maintainers", chinese, "pushAccess")).toEqual(["x", "y"]);
  });

  it.each([
    [action(["a1", "b2", "c3"]), "custom (roles: Project manager, Administrator, Committer)"],
    [action(["e5"]), "custom (roles: Viewer)"],
    [action(["a1", "b2"], { users: [{ id: 3, username: "alice" }] }), "custom (roles: Project manager, Administrator; users: alice)"],
    [action([], { user_teams: [{ id: 9, name: "qa" }] }), "custom (member groups: qa)"],
    [action(["a1", "b2"], { enable: false }), "custom (not restricted: whoever may write to the repository)"],
    [undefined, "custom (not restricted: whoever may write to the repository)"],
  ])("reads a whitelist no level describes as custom: %j", (given, reading) => {
    expect(readAccess(given, roles)).toBe(reading);
  });

  it("fails clearly when the repository lacks a role the level needs, naming the roles it has", () => {
    const few: RepositoryRoles = { repositoryId: 7, roles: [{ id: "b2", name: "Administrator" }, { id: "e5", name: "Viewer" }] };
    expect(() => roleIdsFor("maintainers", few, "mergeAccess")).toThrow(
      'mergeAccess "maintainers" whitelists the role "Project manager", but repository 7 has no role of that name (the service lists: "Administrator", "Viewer")',
    );
  });
});
