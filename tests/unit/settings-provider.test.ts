import { provider as mergeRequestSettings } from "../../provider/merge-request-settings";
import { provider as repositoryPolicy } from "../../provider/repository-policy";
import { UNKNOWN } from "../../provider/validation";

const repository = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef" };

describe("MergeRequestSettings and RepositoryPolicy check and diff", () => {
  it("takes comma-kept lists as sets, and adoptExisting as false when left out", async () => {
    expect(await mergeRequestSettings.check({}, { ...repository, linkedWorkItemBranches: ["release", " master", "release"] })).toEqual({
      inputs: { ...repository, linkedWorkItemBranches: ["master", "release"], adoptExisting: false },
      failures: [],
    });
    expect(await repositoryPolicy.check({}, { ...repository, branchCreators: ["1009", "1002"] })).toEqual({
      inputs: { ...repository, branchCreators: ["1002", "1009"], adoptExisting: false },
      failures: [],
    });
  });

  it("leaves a creator not known until apply to apply, and still checks the rest", async () => {
    const deferred = await repositoryPolicy.check({}, { ...repository, branchCreators: ["1002", UNKNOWN], forkForbidden: true });
    expect(deferred).toEqual({ inputs: { ...repository, branchCreators: UNKNOWN, forkForbidden: true, adoptExisting: false }, failures: [] });
  });

  it("plans no change for a field the program leaves out, an in-place change for one it sets, and a replacement for another repository", async () => {
    const outs = { ...repository, forbidSelfMerge: true, adoptExisting: false, valuesBefore: { forbidSelfMerge: false } };
    const inputs = { ...repository, forbidSelfMerge: true, adoptExisting: false };
    expect(await mergeRequestSettings.diff("468480", outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await mergeRequestSettings.diff("468480", outs, { ...inputs, forbidSelfMerge: false })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect((await mergeRequestSettings.diff("468480", outs, { ...inputs, repositoryId: 468481 })).replaces).toEqual(["repositoryId"]);
  });
});
