/**
 * What `codeartsrepo prune` decides before it calls anything (gitops/prune.ts): which file it
 * accepts, which stack's findings it takes, when a report is stale, which findings are prunable,
 * and whether a listed object is still the one the report names. On hand-made reports, state and
 * list answers, with the real descriptors.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneExitCode } from "../../cli/prune";
import { combineReports } from "../../gitops/drift";
import { LiveLists, PruneCandidate, PruneEntry, decide, findingsOfStack, listKey, listsToRead, readDriftReport, refuseStale, selectPrunable } from "../../gitops/prune";
import { DriftReport, Finding, ObjectIdentity } from "../../gitops/report";
import { GitopsError, StackResource } from "../../gitops/stack";

const REPOSITORY = { repositoryId: 7, repositoryUuid: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" };
const FINGERPRINT = "SHA256:Wm0Vj0Gr6b0Yc9z9rTqf4sBvU7yH2nLxK1aPdEeQ3sM";

const recordedRepository: StackResource = {
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Repository::team",
  resourceType: "Repository",
  name: "team",
  inputs: {},
  outputs: { ...REPOSITORY, name: "payments-svc", defaultBranch: "master" },
  bookkeeping: {},
};
const recordedAlice: StackResource = {
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Member::alice",
  resourceType: "Member",
  name: "alice",
  inputs: {},
  outputs: { ...REPOSITORY, userId: "iam-alice", userName: "alice", role: "maintainer" },
  bookkeeping: {},
};
const recorded = [recordedRepository, recordedAlice];

function unmanaged(resourceType: string, identity: Partial<ObjectIdentity> & { id: string; name: string }, stack?: string): Finding {
  return {
    kind: "unmanaged",
    resourceType,
    name: identity.name,
    urn: null,
    object: `payments-svc · ${resourceType} ${identity.name}`,
    severity: "high",
    ...(stack ? { stack } : {}),
    identity: { ...REPOSITORY, ...identity },
    fields: [],
  };
}

const laptopKey = unmanaged("DeployKey", { id: "31", name: "laptop", fingerprint: FINGERPRINT });
const consoleHook = unmanaged("Webhook", { id: "12", name: "audit" });
const intern = unmanaged("Member", { id: "iam-intern", name: "intern" });
const hotfixRule = unmanaged("ProtectedBranch", { id: "hotfix", name: "hotfix" });

function report(findings: Finding[], extra: Partial<DriftReport> = {}): DriftReport {
  return DriftReport.parse({
    version: 1,
    command: "drift",
    stack: "dev",
    generatedAt: "2026-11-30T12:00:00.000Z",
    summary: { resources: 9, changed: 0, deleted: 0, unmanaged: findings.length },
    findings,
    ...extra,
  });
}

/** The candidate a finding becomes (selectPrunable accepts it). */
function candidate(finding: Finding): PruneCandidate {
  const { candidates, notPrunable } = selectPrunable([finding]);
  expect(notPrunable).toEqual([]);
  return candidates[0];
}

/** The live lists of repository 7, as the service would answer them. */
function lists(answers: Record<string, unknown[] | undefined>): LiveLists {
  return new Map(Object.entries(answers).map(([list, items]) => [listKey(list as never, REPOSITORY.repositoryId), items]));
}

const listedKey = { id: 31, title: "laptop", fingerprint: FINGERPRINT, created_at: "2026-11-29T08:00:00Z" };
const listedHook = { id: 12, url: "https://audit.example.com/hook", name: "audit", push_events: true };
const listedIntern = { user_id: 5836, user_iam_id: "iam-intern", user_name: "intern", repository_role_name: "Developer" };
const listedRule = { id: 3, name: "hotfix", actions: [] };

describe("the file prune reads", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "prune-unit-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const written = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("is a version 1 drift report, read as the schema reads it", () => {
    const file = written("report.json", JSON.stringify(report([laptopKey])));
    expect(readDriftReport(file).findings).toEqual([laptopKey]);
  });

  it("refuses, naming the file and the cause, one it cannot read, one that is not JSON, and a preview report", () => {
    const missing = join(dir, "no-such-report.json");
    expect(() => readDriftReport(missing)).toThrow(new RegExp(`^cannot read the drift report ${missing}: ENOENT`));
    expect(() => readDriftReport(written("truncated.json", '{"version": 1, "findings": ['))).toThrow(/^the drift report .*truncated\.json is not JSON: /);
    const preview = { ...report([]), command: "preview", summary: { resources: 1, create: 0, update: 0, replace: 0, delete: 0 } };
    expect(() => readDriftReport(written("preview.json", JSON.stringify(preview)))).toThrow(/preview\.json is not a version 1 report of codeartsrepo drift --json: command: /);
    expect(() => readDriftReport(written("v2.json", JSON.stringify({ ...report([]), version: 2 })))).toThrow(GitopsError);
  });
});

describe("the stack a report's findings are pruned in", () => {
  it("is the report's one stack unless another is named, which is refused", () => {
    const single = report([laptopKey]);
    expect(findingsOfStack(single, "r.json", undefined)).toEqual({ stack: "dev", findings: [laptopKey] });
    expect(findingsOfStack(single, "r.json", "dev").findings).toEqual([laptopKey]);
    expect(() => findingsOfStack(single, "r.json", "prod")).toThrow("r.json is a report of stack dev, not of prod");
  });

  it("must be named for a report over several stacks, and takes only that stack's findings", () => {
    const devKey = unmanaged("DeployKey", { id: "31", name: "laptop" }, "dev");
    const prodHook = unmanaged("Webhook", { id: "12", name: "audit" }, "prod");
    const multi = report([devKey, prodHook], { stack: "dev,prod", stacks: ["dev", "prod"] });
    expect(() => findingsOfStack(multi, "r.json", undefined)).toThrow("r.json covers several stacks (dev, prod): name the one to prune with --stack");
    expect(findingsOfStack(multi, "r.json", "prod")).toEqual({ stack: "prod", findings: [prodHook] });
    expect(() => findingsOfStack(multi, "r.json", "staging")).toThrow(/not of staging/);
  });

  it("reads a report of drift --stacks as drift writes it", () => {
    const combined = combineReports([report([laptopKey]), report([consoleHook], { stack: "prod" })]);
    expect(findingsOfStack(combined, "r.json", "prod")).toEqual({ stack: "prod", findings: [{ ...consoleHook, stack: "prod" }] });
    expect(findingsOfStack(combined, "r.json", "dev").findings.map((finding) => finding.name)).toEqual(["laptop"]);
  });
});

describe("a stale report", () => {
  const made = report([]);

  it("is one made before the stack's state was last written", () => {
    expect(() => refuseStale(made, "r.json", "dev", "2026-11-30T12:00:01.5+00:00")).toThrow(
      "stale: the state of stack dev was written at 2026-11-30T12:00:01.5+00:00, after r.json was made (2026-11-30T12:00:00.000Z); run codeartsrepo drift again and review the new report",
    );
    // Pulumi writes nanoseconds and the local offset.
    expect(() => refuseStale(made, "r.json", "dev", "2026-11-30T13:00:00.000000001+01:00")).toThrow(/^stale: /);
  });

  it("is not one made after the last write, nor one of a stack with no recorded write", () => {
    expect(() => refuseStale(made, "r.json", "dev", "2026-11-30T11:59:59.999999999Z")).not.toThrow();
    expect(() => refuseStale(made, "r.json", "dev", "2026-11-30T13:00:00.000000000+01:00")).not.toThrow();
    expect(() => refuseStale(made, "r.json", "dev", undefined)).not.toThrow();
  });
});

describe("the findings prune may act on", () => {
  it("are unmanaged objects with an identity, of a kind that says how to remove one", () => {
    const changed: Finding = { ...laptopKey, kind: "changed", urn: "urn:x", identity: undefined };
    const label = unmanaged("Label", { id: "bug", name: "bug" });
    const branch = unmanaged("Branch", { id: "feature", name: "feature" });
    const older = { ...intern, identity: undefined };
    const { candidates, notPrunable } = selectPrunable([laptopKey, changed, consoleHook, label, intern, branch, older, hotfixRule]);
    expect(candidates.map(({ finding }) => finding)).toEqual([laptopKey, consoleHook, intern, hotfixRule]);
    expect(notPrunable.map(({ finding, reason }) => [finding.resourceType, reason])).toEqual([
      ["DeployKey", "only unmanaged objects are pruned; a changed resource is the program's (codeartsrepo drift --remediate, or pulumi up)"],
      ["Label", "Label objects are never pruned: remove one in the console if it should go, or declare it in the program"],
      ["Branch", "Branch objects are never pruned: remove one in the console if it should go, or declare it in the program"],
      ["Member", "the finding carries no identity (a report of an older codeartsrepo drift): run codeartsrepo drift again"],
    ]);
  });

  it("never include repositories or SSH keys, nor a type the package does not have", () => {
    const { candidates, notPrunable } = selectPrunable([unmanaged("Repository", { id: "7", name: "x" }), unmanaged("SSHKey", { id: "1", name: "k" }), unmanaged("Team", { id: "1", name: "t" })]);
    expect(candidates).toEqual([]);
    expect(notPrunable.map(({ reason }) => reason)).toEqual([expect.stringMatching(/^Repository objects are never pruned/), expect.stringMatching(/^SSHKey objects are never pruned/), "Team is no resource type of pulumi-codeartsrepo"]);
  });
});

describe("whether a listed object is still the one the report names", () => {
  it("removes it when its id, name and fingerprint match, with the repository it is in", () => {
    const live = lists({ listDeployKeys: [listedKey], listRepositoryWebhooks: [listedHook], listMembersV4: [listedIntern], listProtectedBranches: [listedRule] });
    expect(decide(candidate(laptopKey), recorded, live)).toEqual({ remove: listedKey, where: REPOSITORY });
    expect(decide(candidate(consoleHook), recorded, live)).toEqual({ remove: listedHook, where: REPOSITORY });
    expect(decide(candidate(intern), recorded, live)).toEqual({ remove: listedIntern, where: REPOSITORY });
    expect(decide(candidate(hotfixRule), recorded, live)).toEqual({ remove: listedRule, where: REPOSITORY });
  });

  it("skips one renamed or rekeyed since the report as a mismatch", () => {
    const renamed = lists({ listRepositoryWebhooks: [{ ...listedHook, name: "audit-v2" }], listDeployKeys: [{ ...listedKey, fingerprint: "SHA256:other" }] });
    expect(decide(candidate(consoleHook), recorded, renamed)).toEqual({ skip: "mismatch", reason: 'its name is now "audit-v2"; the report says "audit"' });
    expect(decide(candidate(laptopKey), recorded, renamed)).toEqual({ skip: "mismatch", reason: `its fingerprint is now SHA256:other; the report says ${FINGERPRINT}` });
  });

  it("skips one no longer listed, or in a repository that is gone, as gone", () => {
    expect(decide(candidate(laptopKey), recorded, lists({ listDeployKeys: [{ ...listedKey, id: 32 }] }))).toEqual({ skip: "gone", reason: "no longer listed under id 31: removed since the report" });
    expect(decide(candidate(laptopKey), recorded, lists({ listDeployKeys: undefined }))).toEqual({ skip: "gone", reason: "repository 7 no longer exists (the service answered 404)" });
  });

  it("never removes what the stack declares, nor what the service made", () => {
    const smuggled = unmanaged("Member", { id: "iam-alice", name: "alice" });
    const live = lists({ listMembersV4: [{ ...listedIntern, user_iam_id: "iam-alice", user_name: "alice" }] });
    expect(decide(candidate(smuggled), recorded, live)).toEqual({
      skip: "managed",
      reason: `resource alice of the stack declares it (${recordedAlice.urn}); what the stack manages is never pruned`,
    });
    const creator = lists({ listMembersV4: [{ ...listedIntern, is_repo_creator: 1 }] });
    expect(decide(candidate(intern), recorded, creator)).toMatchObject({ skip: "managed", reason: expect.stringMatching(/^the service made it/) });
    const master = unmanaged("ProtectedBranch", { id: "master", name: "master" });
    expect(decide(candidate(master), recorded, lists({ listProtectedBranches: [{ ...listedRule, name: "master" }] }))).toMatchObject({ skip: "managed" });
  });

  it("never reaches into a repository the stack does not manage, or one with another uuid", () => {
    const elsewhere = { ...laptopKey, identity: { ...laptopKey.identity!, repositoryId: 8 } };
    expect(decide(candidate(elsewhere), recorded, lists({ listDeployKeys: [listedKey] }))).toEqual({
      skip: "mismatch",
      reason: "the stack manages no repository with id 8: prune removes objects of the stack's repositories only",
    });
    const otherUuid = { ...laptopKey, identity: { ...laptopKey.identity!, repositoryUuid: "ffff" } };
    expect(decide(candidate(otherUuid), recorded, lists({ listDeployKeys: [listedKey] }))).toMatchObject({ skip: "mismatch", reason: expect.stringContaining("the report says ffff") });
    expect(listsToRead([candidate(elsewhere), candidate(otherUuid)], recorded)).toEqual([]);
  });

  it("reads each kind's list once per repository, and none for an object the stack declares", () => {
    const secondKey = unmanaged("DeployKey", { id: "33", name: "desktop" });
    const smuggled = unmanaged("Member", { id: "iam-alice", name: "alice" });
    expect(listsToRead([laptopKey, secondKey, consoleHook, smuggled].map(candidate), recorded)).toEqual([
      { list: "listDeployKeys", repositoryId: 7 },
      { list: "listRepositoryWebhooks", repositoryId: 7 },
    ]);
  });
});

describe("prune's exit code", () => {
  const entry = (action: PruneEntry["action"], skip?: PruneEntry["skip"]): PruneEntry => ({ action, stack: "dev", resourceType: "DeployKey", object: "o", identity: null, ...(skip ? { skip } : {}), at: "t" });

  it("is 0 when everything prunable was removed, or is gone already, whatever was not prunable", () => {
    expect(pruneExitCode([entry("removed"), entry("skipped", "gone"), entry("not-prunable")])).toBe(0);
    expect(pruneExitCode([entry("would-remove")])).toBe(0);
  });

  it("is 2 when an object was skipped because it no longer matches the report or is managed", () => {
    expect(pruneExitCode([entry("removed"), entry("skipped", "mismatch")])).toBe(2);
    expect(pruneExitCode([entry("skipped", "managed")])).toBe(2);
  });
});
