import { BranchInputs, BranchOutputs, provider } from "../../provider/branch";
import { UNKNOWN } from "../../provider/validation";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", name: "release/1.0", ref: "master" };

describe("Branch check", () => {
  it("fills defaults for what the program left out", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, allowReplace: false, adoptExisting: false });
  });

  it.each([[{ ref: "v1.2.0" }], [{ ref: "0123456789abcdef0123456789abcdef01234567" }], [{ name: "feature/JIRA-12_fix" }], [{ name: "a".repeat(200) }]])(
    "accepts %j",
    async (override) => {
      expect((await provider.check({}, { ...valid, ...override })).failures).toEqual([]);
    },
  );

  it.each([
    [{ name: "my branch" }, "name", /no spaces/],
    [{ name: "a..b" }, "name", /'\.\.'/],
    [{ name: "feat(x)" }, "name", /! \( \)/],
    [{ name: "refs/heads/main" }, "name", /refs\/heads\//],
    [{ name: "x.lock" }, "name", /\.lock/],
    [{ name: "a".repeat(201) }, "name", /1–200 characters/],
    [{ name: "" }, "name", /git ref name/],
    [{ ref: "-rf" }, "ref", /a branch, tag or commit id/],
    [{ ref: "main~1" }, "ref", /~/],
    [{ repositoryId: 0 }, "repositoryId", /positive whole number/],
    [{ allowReplace: "yes" }, "allowReplace", /boolean/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("leaves a repository id not known before apply to be checked at up", async () => {
    const result = await provider.check({}, { ...valid, repositoryId: UNKNOWN, repositoryUuid: UNKNOWN });
    expect(result.failures).toEqual([]);
  });
});

describe("Branch diff", () => {
  const inputs = (over: Partial<BranchInputs> = {}) => BranchInputs.parse({ ...valid, ...over });
  const olds: BranchOutputs = { ...inputs(), commitId: "c".repeat(40), protected: false };

  it("sees no change when only the live commit moved", async () => {
    expect(await provider.diff("468480:release/1.0", { ...olds, commitId: "d".repeat(40) }, inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["name", { name: "release/2.0" }, '"release/1.0" to "release/2.0"'],
    ["ref", { ref: "develop" }, '"master" to "develop"'],
    ["repositoryId", { repositoryId: 5 }, "468480 to 5"],
  ])("refuses a change of %s at preview unless allowReplace, naming the field, both values and the way out", async (field, change, values) => {
    const error = await provider.diff("id", olds, inputs(change)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`${field} from ${values}`);
    expect((error as Error).message).toMatch(/commits only it reaches.*allowReplace: true/);
  });

  it("says a repository not known yet is known after apply", async () => {
    const error = await provider.diff("id", olds, { ...inputs(), repositoryId: UNKNOWN as never }).catch((e: Error) => e);
    expect((error as Error).message).toContain("repositoryId from 468480 to (known after apply)");
  });

  it("replaces with allowReplace: a new ref deletes the old branch first (same name), a new name creates first", async () => {
    expect(await provider.diff("id", olds, inputs({ ref: "develop", allowReplace: true }))).toEqual({ changes: true, replaces: ["ref"], deleteBeforeReplace: true });
    expect(await provider.diff("id", olds, inputs({ name: "b", allowReplace: true }))).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });

  it("updates allowReplace and adoptExisting in place", async () => {
    expect(await provider.diff("id", olds, inputs({ allowReplace: true }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.update("id", olds, inputs({ adoptExisting: true }))).toEqual({ outs: { ...olds, adoptExisting: true } });
  });
});
