import { FilePushPermissionInputs, FilePushPermissionOutputs, provider } from "../../provider/file-push-permission";
import { UNKNOWN } from "../../provider/validation";

const repository = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef" };
const inputs: FilePushPermissionInputs = { ...repository, path: "CODEOWNERS", pushAccess: "maintainers", adoptExisting: false };
const recorded: FilePushPermissionOutputs = { ...inputs, permissionId: 3 };

describe("FilePushPermission check and diff", () => {
  it("needs a level: the service documents no default and none is invented", async () => {
    const result = await provider.check({}, { ...repository, path: "CODEOWNERS" });
    expect(result.failures).toEqual([{ property: "pushAccess", reason: "is required" }]);
  });

  it("leaves users not known until apply (Member outputs) to be checked then, and still checks the rest", async () => {
    const deferred = await provider.check({}, { ...repository, path: "CHANGELOG.md", pushAccess: "maintainers", pushUsers: [1002, UNKNOWN] });
    expect(deferred).toEqual({ inputs: { ...repository, path: "CHANGELOG.md", pushAccess: "maintainers", pushUsers: UNKNOWN, adoptExisting: false }, failures: [] });
    const refused = await provider.check({}, { ...repository, path: "CHANGELOG.md", pushAccess: "maintainers", pushUsers: ["alice"] });
    expect(refused.failures).toEqual([{ property: "pushUsers.0", reason: "must be a numeric user id (the number in a Member's memberId)" }]);
  });

  it("changes the path and the level in place, and replaces the rule only for another repository", async () => {
    expect(await provider.diff("468480/3", recorded, { ...inputs, path: ".ci/*" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff("468480/3", recorded, { ...inputs, pushAccess: "developers" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await provider.diff("468480/3", recorded, { ...inputs, repositoryId: 468481 })).replaces).toEqual(["repositoryId"]);
  });

  it("sees a whitelist read back as custom (…) as a change to make, and none when it reads as the level", async () => {
    const drifted = { ...recorded, pushAccess: "custom (users: mallory)" as const };
    expect((await provider.diff("468480/3", drifted, inputs)).changes).toBe(true);
    expect((await provider.diff("468480/3", recorded, inputs)).changes).toBe(false);
  });
});
