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
import { freshClient, routeKey } from "../support/emulator";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(600_000);

const programDir = resolve(__dirname, "..", "..", "examples", "governance");
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
    secrets: { auditHookToken: AUDIT_TOKEN },
  });
  let out: string;
  let repositoryId: number;
  const numericId = (name: string) => fixture.emulator.seed.users.find((user) => user.name === name)!.numericId;
  const settings = () => freshClient(fixture).paginate("listApproverSettings", { params: { repository_id: repositoryId } });
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

  it("deleted only its own allowlist entry on destroy (the calls of the destroy above: the repository went with the rest)", () => {
    expect(fixture.requests().byRoute[routeKey("deleteTrustedIpAddress")]).toBe(1);
  });

  it("deleted its own project webhook on destroy, and left the one added by hand", async () => {
    expect((await projectHooks()).map((hook) => hook.url)).toEqual(["https://exfil.example.net/h"]);
  });
});
