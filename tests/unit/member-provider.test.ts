import { MemberInputs, MemberOutputs, findMember, nameLiveRole, provider, shownRole } from "../../provider/member";
import { RepositoryMemberV4 } from "../../wire/members";
import { UNKNOWN } from "../../provider/validation";

const valid = {
  repositoryId: 468480,
  repositoryUuid: "0123456789abcdef0123456789abcdef",
  userId: "87b3dc2019f04ee788cb635eb26154ca",
  userName: "alice",
  role: "developer",
};

describe("Member check", () => {
  it("accepts good input and fills defaults", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, adoptExisting: false });
  });

  it.each([
    [{ role: "owner" }, "role", /"reader", "developer" or "maintainer"/],
    [{ userId: "abc" }, "userId", /4 to 32 characters/],
    [{ userId: "a".repeat(33) }, "userId", /4 to 32 characters/],
    [{ userId: "abc def" }, "userId", /must not contain spaces/],
    [{ userName: "" }, "userName", /not empty/],
    [{ repositoryUuid: "xyz" }, "repositoryUuid", /32 hexadecimal characters/],
    [{ repositoryId: 0 }, "repositoryId", /positive whole number/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("reports missing required fields", async () => {
    const result = await provider.check({}, { repositoryId: 1, repositoryUuid: valid.repositoryUuid });
    expect(result.failures!.map((f) => [f.property, f.reason])).toEqual([
      ["userId", "is required"],
      ["userName", "is required"],
      ["role", "is required"],
    ]);
  });

  it("leaves a repository not yet created to be checked at apply", async () => {
    const result = await provider.check({}, { ...valid, repositoryUuid: UNKNOWN, repositoryId: UNKNOWN });
    expect(result.failures).toEqual([]);
  });
});

describe("Member diff", () => {
  const olds: MemberOutputs = { ...MemberInputs.parse(valid), memberId: "1002" };
  const news = (over: Record<string, unknown> = {}) => MemberInputs.parse({ ...valid, ...over });

  it("sees no change when nothing changed", async () => {
    expect(await provider.diff("r/u", olds, news())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("changes the role in place", async () => {
    expect(await provider.diff("r/u", olds, news({ role: "maintainer" }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("sees a role changed in the console (read back by refresh) as an in-place update", async () => {
    const refreshed = { ...olds, role: "reader" as const };
    expect(await provider.diff("r/u", refreshed, news())).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("changes the user name without replacing", async () => {
    expect(await provider.diff("r/u", olds, news({ userName: "alice2" }))).toMatchObject({ changes: true, replaces: [] });
  });

  it("replaces when the user changes, adding the new member first", async () => {
    expect(await provider.diff("r/u", olds, news({ userId: "ffffdc2019f04ee788cb635eb26154ca" }))).toEqual({
      changes: true,
      replaces: ["userId"],
      deleteBeforeReplace: false,
    });
  });

  it("replaces when the repository changes", async () => {
    const diff = await provider.diff("r/u", olds, news({ repositoryUuid: "f".repeat(32), repositoryId: 2 }));
    expect(diff).toEqual({ changes: true, replaces: ["repositoryUuid", "repositoryId"], deleteBeforeReplace: false });
  });
});

describe("Member look-up in the V4 list", () => {
  const entry = (over: Partial<RepositoryMemberV4>): RepositoryMemberV4 => ({ user_id: 1002, user_iam_id: valid.userId, ...over });

  it("finds the user by IAM user id, preferring a direct membership to one inherited from a group", () => {
    const inherited = entry({ member_source: "team-a", repository_role_Id: "inherited" });
    const own = entry({ repository_role_Id: "own" });
    expect(findMember([inherited, own], { userId: valid.userId })).toBe(own);
    expect(findMember([inherited], { userId: valid.userId })).toBe(inherited);
  });

  it("falls back to the stored member id only for entries without an IAM user id", () => {
    expect(findMember([entry({ user_iam_id: null })], { userId: valid.userId, memberId: "1002" })).toMatchObject({ user_id: 1002 });
    expect(findMember([entry({ user_iam_id: "someone-else-0000" })], { userId: valid.userId, memberId: "1002" })).toBeUndefined();
  });

  it("names a live role by the first evidence: a recorded role id, the service's name, the v1 code; else says why not", () => {
    const recorded = [{ role: "developer", roleId: "r30" }];
    // The recorded id wins over a name that says otherwise: it is what the provider saw it set.
    expect(nameLiveRole({ roleId: "r30", roleName: "Administrator" }, { recorded })).toEqual({ role: "developer" });
    // Another member's record names an id this one never had.
    expect(nameLiveRole({ roleId: "x9", roleName: "Release manager" }, { recorded: [...recorded, { role: "maintainer", roleId: "x9" }] })).toEqual({ role: "maintainer" });
    // The reference's and the user guide's names, English or Chinese, whole and case-blind.
    expect(nameLiveRole({ roleId: "r40", roleName: "Administrator" }, { recorded })).toEqual({ role: "maintainer" });
    expect(nameLiveRole({ roleId: "r20", roleName: "浏览者" }, {})).toEqual({ role: "reader" });
    expect(nameLiveRole({ roleId: "r30", roleName: "普通成员" }, {})).toEqual({ role: "developer" });
    expect(nameLiveRole({ roleId: "r", roleName: "Administrators of payments" }, {}).role).toBeUndefined();
    // An entry that gives its role by id alone: the repository's role list names it.
    expect(nameLiveRole({ roleId: "r40", roleName: null }, { roles: [{ id: "r40", name: "仓库管理员" }] })).toEqual({ role: "maintainer" });
    expect(nameLiveRole({ roleId: "r40", roleName: null }, { roles: [{ id: "r41", name: "Administrator" }] }).role).toBeUndefined();
    // The v1 code when nothing else names it.
    expect(nameLiveRole({ roleId: "r7", roleName: "Release manager" }, { recorded, code: 40 })).toEqual({ role: "maintainer" });
    const none = nameLiveRole({ roleId: "r7", roleName: "Release manager" }, { recorded, code: 35 });
    expect(none).toEqual({ role: undefined, why: expect.stringContaining('names the role "Release manager" (role id r7)') });
    expect((none as { why: string }).why).toContain("gives the user code 35");
    expect(shownRole(entry({ repository_role_Id: "r7", repository_role_name: "Release manager" }), { recorded })).toBe("unknown(Release manager)");
    expect(shownRole(entry({ repository_role_Id: "r7", repository_role_name: null }), {})).toBe("unknown(r7)");
  });
});
