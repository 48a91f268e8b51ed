/**
 * Protected branches and tags through the real Pulumi engine against the emulator: up, a drift
 * check that names exactly the resource changed out of band, repair, a console rule no level
 * describes shown as drift and restored, an in-place level change, the README's push-above-merge
 * example, and destroy.
 */
import { resolve } from "node:path";
import { PulumiExit } from "../../scripts/lib/pulumi-cli";
import { listRepositoryNames, freshClient, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { setProtectionRule } from "../support/child-resources";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(300_000);

const programDir = resolve(__dirname, "programs", "branches");
const BRANCH_TYPE = "pulumi-nodejs:dynamic/codeartsrepo:ProtectedBranch";
const TAG_TYPE = "pulumi-nodejs:dynamic/codeartsrepo:ProtectedTag";
const ROLES = routeKey("listRepositoryRoles");

/** The resources a preview plans to change, as "type name operation" lines. */
function plannedChanges(printed: string): string[] {
  return printed
    .split("\n")
    .map((line) => line.trim().match(/^[-+~]+\s+(pulumi-nodejs:\S+)\s+(\S+)\s+(create|delete|update|replace|create-replacement|delete-replaced)\b/))
    .filter((match): match is RegExpMatchArray => match !== null)
    .map((match) => `${match[1]} ${match[2]} ${match[3]}`);
}

describe("protected branch and tag through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({ program: programDir });
  let repositoryId: number;

  const rules = async () => {
    const client = freshClient(fixture);
    const params = { repository_id: repositoryId };
    return {
      branches: await client.call("listProtectedBranches", { params }),
      tags: await client.call("listProtectedTags", { params }),
    };
  };

  it("protects master and v* tags with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    repositoryId = outputs.repositoryId as number;
    expect(outputs).toMatchObject({ masterPushAccess: "maintainers", masterMergeAccess: "maintainers", releaseTagCreateAccess: "maintainers" });
    const live = await rules();
    expect(live.branches.map((rule) => rule.name)).toEqual(["master"]);
    expect(live.tags.map((rule) => rule.name)).toEqual(["v*"]);
  });

  it("previews no changes right after up", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(result.stdout).toMatch(/4 unchanged/);
    expect(result.code).toBe(0);
  });

  it("keeps the provider's credential out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("catches an out-of-band unprotect in a drift check, naming exactly that resource", async () => {
    await fixture.admin.call("deleteProtectedBranch", { params: { repository_id: repositoryId }, query: { branch_name: "master" } });
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    const printed = drift.stdout + drift.stderr;
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
    expect(drift.code).toBe(PulumiExit.changesProposed);
    expect(printed).toMatch(/no changes were expected for preview but changes were proposed/i);
    expect(plannedChanges(printed)).toEqual([`${BRANCH_TYPE} master create`]);
  });

  it("restores the protection with `up --refresh`, then sees no changes", async () => {
    await pulumi.run(["up", "--refresh", "--yes"]);
    expect((await rules()).branches.map((rule) => rule.name)).toEqual(["master"]);
    const again = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(again.code).toBe(0);
  });

  it("shows a console rule no level describes as custom drift, learning the roles once, and `up --refresh` restores the level", async () => {
    await setProtectionRule(fixture.emulator.url, {
      repositoryId,
      kind: "branch",
      name: "master",
      actions: [{ action: "push", enable: true, user_ids: [1002] }],
    });
    fixture.resetRequests();
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    const printed = drift.stdout + drift.stderr;
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed);
    expect(drift.code).toBe(PulumiExit.changesProposed);
    expect(plannedChanges(printed)).toEqual([`${BRANCH_TYPE} master update`]);
    // Two rules in one repository: one list each, and no role list (the rules name their roles).
    expect(fixture.requests().byRoute[ROLES]).toBeUndefined();
    const detail = await pulumi.run(["preview", "--refresh", "--diff"]);
    // The refresh reads the console's whitelist as what it is, and the plan puts the level back.
    expect(detail.stdout).toMatch(/~ pushAccess\s*: "maintainers" => "custom \(users: alice\)"/);
    expect(detail.stdout).toMatch(new RegExp(`~ ${BRANCH_TYPE}: \\(update\\)[^]*pushAccess\\s*: "maintainers"`));

    await pulumi.run(["up", "--refresh", "--yes"]);
    const push = (await rules()).branches[0].actions?.find((action) => action.action === "push");
    expect(push?.users).toEqual([]);
    expect(push?.roles?.map((role) => role.name)).toEqual(["Project manager", "Administrator"]);
    const settled = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(settled.code).toBe(0);
  });

  it("shows access-level changes as in-place updates, and applies them without recreating", async () => {
    const before = await rules();
    await pulumi.run(["config", "set", "pushAccess", "developers"]);
    await pulumi.run(["config", "set", "tagCreateAccess", "noOne"]);
    const preview = await pulumi.run(["preview", "--diff"]);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(preview.stdout);
    expect(preview.stdout).toMatch(new RegExp(`~ ${BRANCH_TYPE}: \\(update\\)`));
    expect(preview.stdout).toMatch(/~ pushAccess\s*: "maintainers" => "developers"/);
    expect(preview.stdout).toMatch(new RegExp(`~ ${TAG_TYPE}: \\(update\\)`));
    expect(preview.stdout).toMatch(/~ createAccess\s*: "maintainers" => "noOne"/);
    expect(preview.stdout).not.toMatch(/\+-|replace/);

    await pulumi.run(["up", "--yes"]);
    const after = await rules();
    // Same rules (same ids), new levels: the protection was never removed.
    expect(after.branches.map((rule) => rule.id)).toEqual(before.branches.map((rule) => rule.id));
    expect(after.tags.map((rule) => rule.id)).toEqual(before.tags.map((rule) => rule.id));
    expect(await pulumi.outputs()).toMatchObject({ masterPushAccess: "developers", releaseTagCreateAccess: "noOne" });
    const settled = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(settled.code).toBe(0);
  });

  it("accepts the README's push by maintainers with merge by developers, and applies it", async () => {
    await pulumi.run(["config", "set", "pushAccess", "maintainers"]);
    await pulumi.run(["config", "set", "mergeAccess", "developers"]);
    const preview = await pulumi.run(["preview"], { allowFailure: true });
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(preview.stdout + preview.stderr);
    expect(preview.code).toBe(0);
    await pulumi.run(["up", "--yes"]);
    expect(await pulumi.outputs()).toMatchObject({ masterPushAccess: "maintainers", masterMergeAccess: "developers" });
  });

  it("removes the protections and the repository on destroy", async () => {
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    const { byRoute } = fixture.requests();
    expect(byRoute[routeKey("deleteProtectedBranch")]).toBe(1);
    expect(byRoute[routeKey("deleteProtectedTag")]).toBe(1);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
