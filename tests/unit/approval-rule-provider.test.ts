import { provider } from "../../provider/approval-rule";
import { UNKNOWN } from "../../provider/validation";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", branch: "master" };

describe("ApprovalRule check", () => {
  it("takes users as a set: sorted, each once", async () => {
    const result = await provider.check({}, { ...valid, approvers: [1009, 1002, 1009] });
    expect(result).toEqual({ inputs: { ...valid, approvers: [1002, 1009], adoptExisting: false }, failures: [] });
  });

  it("leaves a list holding a member not yet created to be checked at apply, and still checks the rest", async () => {
    const deferred = await provider.check({}, { ...valid, approvers: [1002, UNKNOWN], requiredApprovals: 2 });
    expect(deferred).toEqual({ inputs: { ...valid, approvers: UNKNOWN, requiredApprovals: 2, adoptExisting: false }, failures: [] });
    const refused = await provider.check({}, { ...valid, approvers: [UNKNOWN], requiredApprovals: -1 });
    expect(refused.failures).toEqual([{ property: "requiredApprovals", reason: "must be 0 or more" }]);
  });
});
