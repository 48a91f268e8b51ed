import { RepositoryInputs, provider } from "../../provider/repository";
import { UNKNOWN } from "../../provider/validation";

const valid = { projectId: "0123456789abcdef0123456789abcdef", name: "my-repo_1" };

describe("Repository check", () => {
  it("fills defaults for what the program left out", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, visibility: "private", enableReadme: false, importMembers: false, adoptExisting: false, allowReplace: false, onDestroy: "delete" });
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
  const olds = { ...RepositoryInputs.parse(valid), name: "my-repo_1", repositoryUuid: "u", repositoryId: 1, description: "" } as never;
  /** A plan: the program's inputs go through check first, as the engine does before it diffs. */
  const plan = async (oldOutputs: object, news: object) => {
    const checked = await provider.check({}, news as Record<string, unknown>);
    expect(checked.failures ?? []).toEqual([]);
    return provider.diff("u", oldOutputs as never, checked.inputs as never);
  };
  const refusal = (news: object) => plan(olds, { ...valid, ...news });

  it("sees no change when nothing changed", async () => {
    expect(await plan(olds, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("refuses a description change without allowReplace, naming the field, both values and the ways out", async () => {
    const error = await refusal({ description: "new" }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain('description: the program says "new", the repository has "" (as last read from CodeArts Repo)');
    expect(message).toContain('change the program to match the repository (description: "")');
    expect(message).toContain("set allowReplace: true");
    expect(message).toContain("Nothing was changed");
  });

  it("replaces on a description change with allowReplace, deleting first because the name is kept", async () => {
    const diff = await refusal({ description: "new", allowReplace: true });
    expect(diff).toEqual({ changes: true, replaces: ["description"], deleteBeforeReplace: true });
  });

  it("creates the new repository first when the name changes with allowReplace", async () => {
    const diff = await refusal({ name: "other", allowReplace: true });
    expect(diff).toEqual({ changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });

  it("refuses a rename without allowReplace", async () => {
    await expect(refusal({ name: "other" })).rejects.toThrow(/name: the program says "other", the repository has "my-repo_1"/);
  });

  it("refuses a creation-time setting change, saying it was a creation-time setting", async () => {
    await expect(refusal({ enableReadme: true })).rejects.toThrow(
      /enableReadme: the program says true, the repository was created with false \(a creation-time setting\)/,
    );
  });

  it("never prints an import URL, which may carry credentials", async () => {
    const error = (await refusal({ importUrl: "https://user:hunter2@example.com/r.git" }).catch((e: Error) => e)) as Error;
    expect(error.message).toContain("importUrl: the program says [secret]");
    expect(error.message).not.toContain("hunter2");
  });

  it("updates in place when only adoptExisting or allowReplace change", async () => {
    expect(await refusal({ adoptExisting: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await refusal({ allowReplace: true })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("sees no change in a 0.1.0 state, which has no allowReplace", async () => {
    const { allowReplace: _, ...old } = olds as Record<string, unknown>;
    expect(await plan(old, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("refuses when a refresh found the live visibility drifted from the program", async () => {
    const drifted = { ...(olds as object), visibility: "public" };
    await expect(plan(drifted, valid)).rejects.toThrow(/visibility: the program says "private", the repository has "public"/);
  });

  it("shows a refresh's diff — state inputs, never checked in this process — as an update that update() refuses", async () => {
    const stateInputs = RepositoryInputs.parse({ ...valid, description: "recorded in state by an earlier run" });
    const refreshed = { ...(olds as object), description: "changed in the console" } as never;
    expect(await provider.diff("u", refreshed, stateInputs)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await expect(provider.update!("u", refreshed, stateInputs)).rejects.toThrow(/description: the program says "recorded in state/);
  });

  it("accepts any live description when the program leaves it out", async () => {
    const drifted = { ...(olds as object), description: "written in the console" };
    expect(await plan(drifted, valid)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("compares project ids without regard to case", async () => {
    const upper = { ...(olds as object), projectId: valid.projectId.toUpperCase() };
    expect((await plan(upper, valid)).changes).toBe(false);
  });

  it("leaves a value unknown at preview to the apply, as an update that checks it then", async () => {
    const diff = await provider.diff("u", olds, { ...RepositoryInputs.parse(valid), name: UNKNOWN } as never);
    expect(diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    await expect(provider.update!("u", olds, { ...RepositoryInputs.parse(valid), name: "other" } as never)).rejects.toThrow(/name: the program says "other"/);
  });
});
