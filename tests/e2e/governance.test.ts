/**
 * examples/governance through the real engine: the review rules a platform team requires, applied,
 * previewed with no changes, loosened and added to in the "console" (the emulator's API), found by
 * `codeartsrepo drift` in the program's words and ranked, restored by `--remediate`, destroyed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DriftReport } from "../../gitops/report";
import { runCodeartsrepo } from "../support/codeartsrepo-command";
import { expectNoChanges, useE2eStack } from "../support/e2e";
import { callLog, freshClient, routeKey } from "../support/emulator";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(600_000);

const programDir = resolve(__dirname, "..", "..", "examples", "governance");
/** The credential the example's CI file names: it must never be in the state in plain text. */
const REGISTRY_TOKEN = "registry-token-7f3a9c2e51";
/** The audit project webhook's token: a test value the state must never hold in plain text. */
const AUDIT_TOKEN = "audit-hook-token-3f9c1e";
const AUDIT_URL = "https://audit.example.com/hooks/codearts";

describe("examples/governance: approval rules as code", () => {
  const { fixture, pulumi } = useE2eStack({
    program: programDir,
    config: (started) => {
      const id = (name: string) => started.emulator.seed.users.find((user) => user.name === name)!.id;
      return { leadId: id("alice"), reviewerId: id("bob") };
    },
    secrets: { registryToken: REGISTRY_TOKEN, auditHookToken: AUDIT_TOKEN },
  });
  let out: string;
  let repositoryId: number;
  const numericId = (name: string) => fixture.emulator.seed.users.find((user) => user.name === name)!.numericId;
  const settings = () => freshClient(fixture).paginate("listApproverSettings", { params: { repository_id: repositoryId } });
  const pushRules = () => freshClient(fixture).paginate("listFilePushPermissions", { params: { repository_id: repositoryId } });
  const rolesOf = (rule: { actions?: { roles?: { name?: string | null }[] | null }[] | null }) => (rule.actions?.[0]?.roles ?? []).map((role) => role.name).sort();
  const ofKind = (report: DriftReport, type: string) => report.findings.filter((finding) => finding.resourceType === type);
  const labels = () => freshClient(fixture).paginate("listLabels", { params: { repository_id: repositoryId } });
  const trustedAddresses = () => freshClient(fixture).paginate("listTrustedIpAddresses", { params: { repository_id: repositoryId } });
  const projectHooks = () => freshClient(fixture).paginate("listProjectWebhooks", { params: { project_id: fixture.projectId } });

  async function drift(args: string[] = []): Promise<{ code: number; report: DriftReport }> {
    const file = join(out, "drift.json");
    rmSync(file, { force: true });
    const result = await runCodeartsrepo(pulumi, programDir, ["drift", "--stack", pulumi.stack, "--json", file, ...args]);
    expect(result.stderr).toBe("");
    return { code: result.code, report: DriftReport.parse(JSON.parse(readFileSync(file, "utf8"))) };
  }

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "codeartsrepo-governance-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("applies both rules with `pulumi up`, naming the lead and the reviewer by their numeric ids", async () => {
    await pulumi.run(["up", "--yes"]);
    repositoryId = (await pulumi.outputs()).repositoryId as number;
    const live = Object.fromEntries((await settings()).map((setting) => [setting.target, setting]));
    expect(live.master).toMatchObject({
      is_use_approval: true,
      approval_required_approvers: 2,
      approver_ids: [numericId("alice")],
      reset_approvals_on_push: true,
      only_merge_when_pipeline_pass: true,
    });
    expect(live["release/*"]).toMatchObject({ is_use_approval: false, approval_required_reviewers: 1, reviewer_ids: [numericId("bob")] });
  });

  it("applies the merge request settings with `pulumi up`, recording the values it found", async () => {
    const live = await freshClient(fixture).call("showMergeRequestSetting", { params: { repository_id: repositoryId } });
    expect(live).toMatchObject({ merge_method: "ff", disable_merge_by_self: true, disable_approve_by_self: true, only_allow_merge_if_all_discussions_are_resolved: true });
    // The emulator's starting values, which a destroy puts back.
    expect((await pulumi.outputs()).mergeSettingsBefore).toEqual({ mergeMethod: "merge", forbidSelfMerge: false, forbidSelfApproval: false, requireResolvedDiscussions: false });
  });

  it("applies the repository policy with `pulumi up`, recording the values it found", async () => {
    const live = await freshClient(fixture).call("showRepositoryGeneralPolicy", { params: { repository_id: repositoryId } });
    expect(live).toMatchObject({ disable_fork: true, branch_name_regex: "^(master|release/.+|(feature|fix)/.+)$" });
    expect((await pulumi.outputs()).policyBefore).toEqual({ forkForbidden: false, branchNamePattern: "" });
  });

  it("applies the file push permissions with `pulumi up`: only the project manager and administrators may push to them", async () => {
    const live = await pushRules();
    expect(live.map((rule) => rule.path).sort()).toEqual([".ci/*", "CODEOWNERS"]);
    for (const rule of live) {
      expect(rule.actions).toEqual([expect.objectContaining({ action: "push", enable: true, users: [], user_teams: [] })]);
      expect(rolesOf(rule)).toEqual(["Administrator", "Project manager"]);
    }
  });

  it("applies the labels with `pulumi up`", async () => {
    expect((await labels()).map(({ name, color, description }) => [name, color, description ?? null]).sort()).toEqual([
      ["release-blocker", "#000000", null],
      ["security-review", "#d9534f", "Needs a review by the security team"],
    ]);
  });

  it("previews no changes after up, with and without refresh, and keeps the credential out of the state", async () => {
    await expectNoChanges(pulumi);
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("applies the project's audit webhook with its token, which the state holds only as a secret", async () => {
    const [audit] = (await projectHooks()).filter((hook) => hook.url === AUDIT_URL);
    expect(audit).toMatchObject({ id: (await pulumi.outputs()).auditHookId, name: "audit", token: "********", push_events: true, merge_requests_events: true, push_events_branch_regex_filter: "^master$" });
    await expectNoPlainSecretsInState(pulumi, [AUDIT_TOKEN]);
  });

  it("reports a rule loosened in the console as high and one added by hand as unmanaged, then --remediate restores the first", async () => {
    const master = (await settings()).find((setting) => setting.target === "master")!;
    const api = freshClient(fixture);
    await api.call("updateApproverSetting", {
      params: { repository_id: repositoryId, setting_id: master.id },
      body: { approval_required_approvers: 1, only_merge_when_pipeline_pass: false, approver_ids: [numericId("alice"), numericId("carol")] },
    });
    await api.call("createApproverSetting", { params: { repository_id: repositoryId }, body: { target: "hotfix/*", target_type: "branch", approval_required_approvers: 1 } });

    const found = await drift();
    expect(found.code).toBe(2);
    expect(found.report.findings.map((f) => `${f.kind} ${f.resourceType} ${f.name} ${f.severity} ${f.rule}`)).toEqual([
      "changed ApprovalRule master high approval-rule-loosened",
      "unmanaged ApprovalRule hotfix/* medium approval-rule-unmanaged",
    ]);
    expect(found.report.findings[0].fields).toEqual([
      { field: "approvers", recorded: [numericId("alice")], live: [numericId("alice"), numericId("carol")], desired: [numericId("alice")] },
      { field: "requirePipelinePass", recorded: true, live: false, desired: true },
      { field: "requiredApprovals", recorded: 2, live: 1, desired: 2 },
    ]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    // What is left is the rule nobody declared: a person decides about it.
    expect(restored.code).toBe(2);
    expect(restored.report.findings.map((f) => `${f.kind} ${f.name}`)).toEqual(["unmanaged hotfix/*"]);
    expect(fixture.requests().byRoute[routeKey("updateApproverSetting")]).toBe(1);
    expect((await settings()).find((setting) => setting.target === "master")).toMatchObject({
      approval_required_approvers: 2,
      only_merge_when_pipeline_pass: true,
      approver_ids: [numericId("alice")],
    });
  });

  it("reports a merge-request safeguard turned off in the console as high, and --remediate turns it back on", async () => {
    await freshClient(fixture).call("updateMergeRequestSetting", { params: { repository_id: repositoryId }, body: { disable_merge_by_self: false, can_force_merge: false } });
    const found = await drift();
    expect(found.code).toBe(2);
    const ours = found.report.findings.filter((f) => f.resourceType === "MergeRequestSettings");
    expect(ours.map((f) => `${f.kind} ${f.severity} ${f.rule}`)).toEqual(["changed high merge-request-safeguard-loosened"]);
    // can_force_merge is not the program's: not a finding.
    expect(ours[0].fields).toEqual([{ field: "forbidSelfMerge", recorded: true, live: false, desired: true }]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    expect(restored.report.findings.filter((f) => f.resourceType === "MergeRequestSettings")).toEqual([]);
    expect(fixture.requests().byRoute[routeKey("updateMergeRequestSetting")]).toBe(1);
    expect(await freshClient(fixture).call("showMergeRequestSetting", { params: { repository_id: repositoryId } })).toMatchObject({ disable_merge_by_self: true, can_force_merge: false });
  });

  it("reports forks allowed again in the console as high, and --remediate forbids them again", async () => {
    await freshClient(fixture).call("updateRepositoryGeneralPolicy", { params: { repository_id: repositoryId }, body: { disable_fork: false } });
    const found = await drift();
    const ours = found.report.findings.filter((f) => f.resourceType === "RepositoryPolicy");
    expect(ours.map((f) => `${f.kind} ${f.severity} ${f.rule}`)).toEqual(["changed high repository-policy-loosened"]);
    expect(ours[0].fields).toEqual([{ field: "forkForbidden", recorded: true, live: false, desired: true }]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    expect(restored.report.findings.filter((f) => f.resourceType === "RepositoryPolicy")).toEqual([]);
    expect(fixture.requests().byRoute[routeKey("updateRepositoryGeneralPolicy")]).toBe(1);
    expect(await freshClient(fixture).call("showRepositoryGeneralPolicy", { params: { repository_id: repositoryId } })).toMatchObject({ disable_fork: true });
  });

  const file = (filePath: string) => freshClient(fixture).call("showFile", { params: { repository_id: repositoryId }, query: { file_path: filePath, ref: "master" } });
  const fileText = async (filePath: string) => Buffer.from((await file(filePath)).content ?? "", "base64").toString("utf8");

  it("writes CODEOWNERS and the CI file on master with `pulumi up`, the CI file kept secret in the state", async () => {
    expect(await fileText("CODEOWNERS")).toBe("* @platform-team\n/deploy/ @release-managers\n");
    expect(await fileText(".gitlab-ci.yml")).toContain(`REGISTRY_TOKEN: "${REGISTRY_TOKEN}"`);
    // The files are commits on master: the branch's head is the last file written.
    const heads = [(await file("CODEOWNERS")).last_commit_id, (await file(".gitlab-ci.yml")).last_commit_id];
    const master = await freshClient(fixture).call("showBranch", { params: { repository_id: repositoryId }, query: { branch_name: "master" } });
    expect(heads).toContain(master.commit?.id);
    await expectNoPlainSecretsInState(pulumi, ["emulator-token", REGISTRY_TOKEN]);
  });

  it("reports CODEOWNERS edited and the CI file deleted in the console as high, by path@branch, and --remediate writes both back", async () => {
    const api = freshClient(fixture);
    await api.call("updateFile", {
      params: { repository_id: repositoryId },
      query: { file_path: "CODEOWNERS" },
      body: { file_path: "CODEOWNERS", branch: "master", content: "* @anyone\n", commit_message: "edited in the console" },
    });
    await api.call("deleteFile", { params: { repository_id: repositoryId }, query: { file_path: ".gitlab-ci.yml", branch: "master", commit_message: "removed in the console" } });

    const found = await drift();
    const files = found.report.findings.filter((f) => f.resourceType === "RepositoryFile");
    expect(files.map((f) => `${f.kind} ${f.name} ${f.severity} ${f.rule}`).sort()).toEqual(["changed codeowners high control-file-changed", "deleted ci high control-file-changed"]);
    const codeowners = files.find((f) => f.name === "codeowners")!;
    const ci = files.find((f) => f.name === "ci")!;
    expect(codeowners.object).toMatch(/ · file CODEOWNERS@master$/);
    expect(ci.object).toMatch(/ · file \.gitlab-ci\.yml@master$/);
    expect(codeowners.fields).toEqual([
      { field: "content", recorded: "* @platform-team\n/deploy/ @release-managers\n", live: "* @anyone\n", desired: "* @platform-team\n/deploy/ @release-managers\n" },
    ]);
    // The CI file's content is secret: the report says so, never what it held.
    expect(ci.fields.find((f) => f.field === "content")?.recorded).toBe("[secret]");
    expect(JSON.stringify(ci)).not.toContain(REGISTRY_TOKEN);

    const restored = await drift(["--remediate"]);
    expect(restored.report.findings.filter((f) => f.resourceType === "RepositoryFile")).toEqual([]);
    expect(await fileText("CODEOWNERS")).toBe("* @platform-team\n/deploy/ @release-managers\n");
    expect(await fileText(".gitlab-ci.yml")).toContain(REGISTRY_TOKEN);
    await expectNoChanges(pulumi);
  });

  it("reports a file push permission widened as high, one removed as high and one added by hand as unmanaged; --remediate restores the first two", async () => {
    const api = freshClient(fixture);
    const params = { repository_id: repositoryId };
    const live = await pushRules();
    const codeowners = live.find((rule) => rule.path === "CODEOWNERS")!;
    const pipelines = live.find((rule) => rule.path === ".ci/*")!;
    // The console whitelists carol too, drops the pipelines rule, and adds one nobody declared.
    const maintainerRoles = codeowners.actions![0].roles!.map((role) => role.related_role_id!);
    await api.call("updateFilePushPermissions", {
      params,
      body: { permissions: [{ id: codeowners.id, actions: [{ action: "push", enable: true, related_role_ids: maintainerRoles, user_ids: [numericId("carol")] }] }] },
    });
    await api.call("deleteFilePushPermissions", { params, body: { ids: [pipelines.id] } });
    await api.call("createFilePushPermission", { params, body: { path: "secrets/*", actions: [{ action: "push", enable: true, related_role_ids: [] }] } });

    const found = await drift();
    expect(found.code).toBe(2);
    expect(ofKind(found.report, "FilePushPermission").map((f) => `${f.kind} ${f.name} ${f.severity} ${f.rule}`)).toEqual([
      "deleted pipelines high file-push-removed",
      "changed codeowners high file-push-widened",
      "unmanaged secrets/* medium file-push-unmanaged",
    ]);
    expect(ofKind(found.report, "FilePushPermission").find((f) => f.kind === "changed")!.fields).toEqual([
      { field: "pushAccess", recorded: "maintainers", live: "custom (roles: Project manager, Administrator; users: carol)", desired: "maintainers", note: expect.stringContaining("no access level names this whitelist") },
    ]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    // What is left of this kind is the rule nobody declared: a person decides about it.
    expect(ofKind(restored.report, "FilePushPermission").map((f) => `${f.kind} ${f.name}`)).toEqual(["unmanaged secrets/*"]);
    expect(fixture.requests().byRoute[routeKey("updateFilePushPermissions")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("createFilePushPermission")]).toBe(1);
    const after = await pushRules();
    expect(after.map((rule) => rule.path).sort()).toEqual([".ci/*", "CODEOWNERS", "secrets/*"]);
    expect(after.find((rule) => rule.path === "CODEOWNERS")!.actions![0].users).toEqual([]);
  });

  it("reports a label recolored, one removed and one added by hand in the console; --remediate restores the first two", async () => {
    const api = freshClient(fixture);
    const params = { repository_id: repositoryId };
    await api.call("updateLabel", { params, body: { name: "security-review", color: "#ffffff" } });
    await api.call("deleteLabel", { params, query: { name: "release-blocker" } });
    await api.call("createLabel", { params, body: { name: "console-made", color: "#123456" } });

    const found = await drift();
    expect(found.code).toBe(2);
    expect(ofKind(found.report, "Label").map((f) => `${f.kind} ${f.name} ${f.severity} ${f.rule}`)).toEqual([
      "deleted release-blocker low label-removed",
      "changed security-review low descriptive-field-changed",
      "unmanaged console-made low label-unmanaged",
    ]);
    expect(ofKind(found.report, "Label").find((f) => f.kind === "changed")!.fields).toEqual([
      { field: "color", recorded: "#d9534f", live: "#ffffff", desired: "#d9534f" },
      // Derived by the service from the color; no program sets it.
      { field: "textColor", recorded: "#FFFFFF", live: "#333333", desired: null },
    ]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    // What is left of this kind is the label nobody declared: a person decides about it.
    expect(ofKind(restored.report, "Label").map((f) => `${f.kind} ${f.name}`)).toEqual(["unmanaged console-made"]);
    expect(fixture.requests().byRoute[routeKey("updateLabel")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("createLabel")]).toBe(1);
    expect((await labels()).map(({ name, color }) => [name, color]).sort()).toEqual([
      ["console-made", "#123456"],
      ["release-blocker", "#000000"],
      ["security-review", "#d9534f"],
    ]);
  });

  it("applies the office allowlist entry: view and download, no push", async () => {
    expect(await trustedAddresses()).toEqual([
      expect.objectContaining({ id: (await pulumi.outputs()).officeEntryId, ip_type: 2, ip_start: "203.0.113.0/24", view_flag: 1, download_flag: 1, upload_flag: 0, remark: "office" }),
    ]);
  });

  it("reports the office entry allowed to push and an address allowlisted by hand as high, and --remediate takes the push back", async () => {
    const [office] = await trustedAddresses();
    const api = freshClient(fixture);
    await api.call("updateTrustedIpAddress", { params: { repository_id: repositoryId, ip_id: Number(office.id) }, body: { upload_flag: 1 } });
    await api.call("createTrustedIpAddress", { params: { repository_id: repositoryId }, body: { ip_type: 2, ip_start: "0.0.0.0/0" } });

    const found = await drift();
    expect(found.code).toBe(2);
    const trustedFindings = (report: DriftReport) => report.findings.filter((f) => f.resourceType === "TrustedIpAddress");
    expect(trustedFindings(found.report).map((f) => `${f.kind} ${f.name} ${f.severity} ${f.rule}`)).toEqual([
      "changed office high trusted-ip-widened",
      "unmanaged 0.0.0.0/0 high trusted-ip-unmanaged",
    ]);
    expect(trustedFindings(found.report)[0].fields).toEqual([{ field: "allowUpload", recorded: false, live: true, desired: false }]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    expect(trustedFindings(restored.report).map((f) => `${f.kind} ${f.name}`)).toEqual(["unmanaged 0.0.0.0/0"]);
    expect(fixture.requests().byRoute[routeKey("updateTrustedIpAddress")]).toBe(1);
    expect((await trustedAddresses()).find((entry) => entry.id === office.id)).toMatchObject({ upload_flag: 0 });
  });

  it("reports the audit hook pointed elsewhere and a project hook added by hand as high, and --remediate points it back", async () => {
    const audit = (await projectHooks()).find((hook) => hook.url === AUDIT_URL)!;
    const api = freshClient(fixture);
    await api.call("updateProjectWebhook", { params: { project_id: fixture.projectId, hook_id: audit.id }, body: { url: "https://collector.example.net/h" } });
    await api.call("createProjectWebhook", { params: { project_id: fixture.projectId }, body: { url: "https://exfil.example.net/h", name: "mirror", push_events: true } });

    const found = await drift();
    expect(found.code).toBe(2);
    const projectFindings = (report: DriftReport) => report.findings.filter((f) => f.resourceType === "ProjectWebhook");
    expect(projectFindings(found.report).map((f) => `${f.kind} ${f.name} ${f.object} ${f.severity} ${f.rule}`)).toEqual([
      `changed audit project ${fixture.projectId} · project webhook audit high webhook-target-changed`,
      `unmanaged mirror project ${fixture.projectId} · project webhook mirror high webhook-unmanaged`,
    ]);
    expect(projectFindings(found.report)[0].fields).toEqual([
      { field: "url", recorded: AUDIT_URL, live: "https://collector.example.net/h", desired: AUDIT_URL },
    ]);

    fixture.resetRequests();
    const restored = await drift(["--remediate"]);
    expect(projectFindings(restored.report).map((f) => `${f.kind} ${f.name}`)).toEqual(["unmanaged mirror"]);
    expect(fixture.requests().byRoute[routeKey("updateProjectWebhook")]).toBe(1);
    expect((await projectHooks()).find((hook) => hook.id === audit.id)).toMatchObject({ url: AUDIT_URL, token: "********" });
    await expectNoPlainSecretsInState(pulumi, [AUDIT_TOKEN]);
  });

  it("reports the audit hook deleted in the console as high, and --remediate makes it again", async () => {
    const audit = (await projectHooks()).find((hook) => hook.url === AUDIT_URL)!;
    await freshClient(fixture).call("deleteProjectWebhook", { params: { project_id: fixture.projectId, hook_id: audit.id } });
    const found = await drift();
    expect(found.report.findings.filter((f) => f.resourceType === "ProjectWebhook").map((f) => `${f.kind} ${f.name} ${f.severity} ${f.rule}`)).toEqual([
      "deleted audit high webhook-removed",
      "unmanaged mirror high webhook-unmanaged",
    ]);
    await drift(["--remediate"]);
    expect((await projectHooks()).filter((hook) => hook.url === AUDIT_URL)).toEqual([expect.objectContaining({ name: "audit", merge_requests_events: true, token: "********" })]);
    await expectNoChanges(pulumi);
  });

  it("changes a count in place when the program does, and deletes only its own rules on destroy", async () => {
    await pulumi.run(["config", "set", "--path", "requiredApprovals", "3"]);
    fixture.resetRequests();
    await pulumi.run(["up", "--yes"]);
    expect(fixture.requests().byRoute[routeKey("updateApproverSetting")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("createApproverSetting")]).toBeUndefined();
    expect((await settings()).find((setting) => setting.target === "master")?.approval_required_approvers).toBe(3);

    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    expect(fixture.requests().byRoute[routeKey("deleteApproverSetting")]).toBe(2);
  });

  it("destroy put the merge request settings back with one write of the recorded values", () => {
    // The requests the destroy above made (it reset the counts before it ran).
    expect(fixture.requests().byRoute[routeKey("updateMergeRequestSetting")]).toBe(1);
  });

  it("destroy put the repository policy back with one write of the recorded values", () => {
    expect(fixture.requests().byRoute[routeKey("updateRepositoryGeneralPolicy")]).toBe(1);
  });

  it("deleted each file it wrote with one call on that destroy", async () => {
    // The requests counted since the destroy above began.
    expect(fixture.requests().byRoute[routeKey("deleteFile")]).toBe(2);
  });

  it("destroy deleted its two file push permissions, one batch delete each, before the repository", async () => {
    // The calls logged since the destroy above; the integration test shows a delete names only its own rule.
    const log = await callLog(fixture, (call) => call.route === "deleteFilePushPermissions" || call.route === "deleteRepository");
    expect(log.map((line) => line.split(" ")[0])).toEqual(["deleteFilePushPermissions", "deleteFilePushPermissions", "deleteRepository"]);
    expect(fixture.requests().byRoute[routeKey("deleteFilePushPermissions")]).toBe(2);
  });

  it("destroy deleted its two labels by name, and not the one added by hand, before the repository", async () => {
    const log = await callLog(fixture, (call) => call.route === "deleteLabel" || call.route === "deleteRepository");
    expect(log.map((line) => line.split(" ")[0])).toEqual(["deleteLabel", "deleteLabel", "deleteRepository"]);
  });

  it("deleted only its own allowlist entry on destroy (the calls of the destroy above: the repository went with the rest)", () => {
    expect(fixture.requests().byRoute[routeKey("deleteTrustedIpAddress")]).toBe(1);
  });

  it("deleted its own project webhook on destroy, and left the one added by hand", async () => {
    expect((await projectHooks()).map((hook) => hook.url)).toEqual(["https://exfil.example.net/h"]);
  });
});
