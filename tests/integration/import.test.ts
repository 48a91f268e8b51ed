/**
 * `codeartsrepo import` against the emulator, without the engine: what it reads, the calls it
 * makes, and its errors (wrong project, no credentials, a repository deleted while it reads).
 * The engine side (adoption with zero writes) is tests/e2e/import.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeArtsClient } from "../../api/client";
import { ImportArguments, runImport } from "../../importer/command";
import type { ReadProgress } from "../../importer/read";
import { provider as labels } from "../../provider/label";
import { provider as approvalRules } from "../../provider/approval-rule";
import { provider as mergeRequestSettings } from "../../provider/merge-request-settings";
import { provider as repositoryPolicy } from "../../provider/repository-policy";
import { provider as filePushPermissions } from "../../provider/file-push-permission";
import { STANDARD_ROLES } from "../../emulator/protections";
import { provider as projectWebhooks } from "../../provider/project-webhook";
import { provider as trustedIpAddresses } from "../../provider/trusted-ip-address";
import { EmulatorFixture, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { SeededProject, seedImportProject } from "../support/import-project";

jest.setTimeout(120_000);

let fixture: EmulatorFixture;
let seeded: SeededProject;
let work: string;

beforeAll(async () => {
  fixture = await startFixture({ seedUsers: 2 });
  // 26 resources of the bench mix: 3 repositories.
  seeded = await seedImportProject(fixture, 26, "imp");
  work = mkdtempSync(join(tmpdir(), "codeartsrepo-import-"));
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await fixture.close();
});

/** A client as the command makes one, counted by the emulator like any other. */
function importClient(): CodeArtsClient {
  return new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: fixture.adminToken } });
}

function args(out: string, extra: Partial<ImportArguments> = {}): ImportArguments {
  return { projectId: fixture.projectId, out: join(work, out), includeSshKeys: true, settings: {}, ...extra };
}

const read = (dir: string, file: string) => readFileSync(join(work, dir, file), "utf8");
const count = (text: string, kind: string) => text.split(`new codeartsrepo.${kind}(`).length - 1;

/** The resources of a kind the generated program declares: each name and its literal fields but the repository (not variables or reads of stack config), as JSON values. */
function declarationsOf(index: string, kind: string): { name: string; fields: Record<string, unknown> }[] {
  return [...index.matchAll(new RegExp(`new codeartsrepo\\.${kind}\\("([^"]+)", \\{\\n((?:  .*\\n)*?)\\}\\);`, "g"))].map(([, name, body]) => ({
    name,
    fields: Object.fromEntries(
      body
        .trim()
        .split("\n")
        // A shorthand field (`projectId,`) names a variable, not a literal.
        .flatMap((line) => {
          const field = /^\s*(\w+): (.*),$/.exec(line);
          return field ? [field] : [];
        })
        .filter(([, field, value]) => field !== "repository" && !value.startsWith("config."))
        .map(([, field, value]) => [field, JSON.parse(value)]),
    ),
  }));
}

/** The generated inputs, as the engine hands them to the provider: each is accepted and adopted, and nothing is written. */
async function expectAdoptedWithoutWrite(
  provider: { check: (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<{ inputs?: unknown; failures?: unknown[] }>; create: (inputs: never) => Promise<{ outs: unknown }> },
  target: { id: number; uuid: string },
  declared: { fields: Record<string, unknown> }[],
): Promise<void> {
  newProviderRun(fixture);
  fixture.resetRequests();
  for (const { fields } of declared) {
    const checked = await provider.check({}, { repositoryId: target.id, repositoryUuid: target.uuid, ...fields });
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await provider.create(checked.inputs as never);
    expect(outs).toMatchObject(fields);
  }
  expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
}

describe("codeartsrepo import", () => {
  it("declares every object of the project with its live values, reading lists only", async () => {
    fixture.resetRequests();
    const events: ReadProgress[] = [];
    const { skipped } = await runImport(args("first"), { client: importClient(), progress: (event) => void events.push(event) });
    const requests = fixture.requests();

    const index = read("first", "index.ts");
    const mix = seeded.mix.repositories;
    expect(count(index, "Repository")).toBe(mix.length);
    expect(count(index, "ProtectedBranch")).toBe(mix.flatMap((r) => r.protectedBranches).length);
    expect(count(index, "ProtectedTag")).toBe(mix.flatMap((r) => r.protectedTags).length);
    // The admin joins every repository it creates as maintainer, beside the planned members.
    expect(count(index, "Member")).toBe(mix.flatMap((r) => r.members).length + mix.length);
    expect(count(index, "Webhook")).toBe(mix.flatMap((r) => r.webhooks).length);
    expect(count(index, "DeployKey")).toBe(mix.flatMap((r) => r.deployKeys).length);
    expect(count(index, "ApprovalRule")).toBe(mix.flatMap((r) => r.approvalRules).length);
    // One settings object per repository, stated whole.
    expect(count(index, "MergeRequestSettings")).toBe(mix.length);
    expect(count(index, "RepositoryPolicy")).toBe(mix.length);
    expect(count(index, "Label")).toBe(mix.flatMap((r) => r.labels).length);
    expect(count(index, "FilePushPermission")).toBe(mix.flatMap((r) => r.filePushPermissions).length);
    expect(count(index, "SSHKey")).toBe(2);
    expect(skipped).toEqual([]);
    expect(index).toContain(`description: ${JSON.stringify(mix[0].description)}`);
    expect(index).toContain('branchFilter: "^(master|release/.*)$"');
    expect(index).toContain('role: "reader"');
    expect(index).not.toContain("bench-hook-token");

    // No write, and each list once per repository (every list fits one page).
    expect(Object.keys(requests.byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    const perRepository = [
      routeKey("showRepositoryV4"),
      routeKey("listProtectedBranches"),
      routeKey("listProtectedTags"),
      routeKey("listMembersV4"),
      routeKey("listRepositoryMembers"),
      routeKey("listRepositoryWebhooks"),
      routeKey("listDeployKeys"),
      routeKey("listApproverSettings"),
      routeKey("listFilePushPermissions"),
      routeKey("showMergeRequestSetting"),
      routeKey("showRepositoryGeneralPolicy"),
      routeKey("listTrustedIpAddresses"),
    ];
    expect(requests.byRoute).toEqual({
      [routeKey("listProjectRepositories")]: 1,
      [routeKey("listProjectWebhooks")]: 1,
      [routeKey("listSshKeys")]: 1,
      ...Object.fromEntries(perRepository.map((route) => [route, mix.length])),
      // Only where the V4 answer counts labels.
      [routeKey("listLabels")]: mix.filter((r) => r.labels.length > 0).length,
    });
    expect(events[0]).toEqual({ step: "repositories", total: mix.length, selected: mix.length });
    expect(events.filter((event) => event.step === "repository")).toHaveLength(mix.length);
  });

  it("writes the same files byte for byte on a second run", async () => {
    await runImport(args("second"), { client: importClient() });
    for (const file of readdirSync(join(work, "first"))) expect(read("second", file)).toBe(read("first", file));
  });

  it("imports only the repositories the glob names", async () => {
    const one = seeded.mix.repositories[1].name;
    await runImport(args("glob", { repositories: `*-${one.split("-").pop()}`, includeSshKeys: false }), { client: importClient() });
    const index = read("glob", "index.ts");
    expect(count(index, "Repository")).toBe(1);
    expect(index).toContain(`name: "${one}"`);
    expect(count(index, "SSHKey")).toBe(0);
  });

  it("refuses a project id that is not one before any call, and a missing project by name; writes nothing", async () => {
    fixture.resetRequests();
    await expect(runImport(args("malformed", { projectId: "not-a-project" }), { client: importClient() })).rejects.toThrow(
      /--project must be a CodeArts project id: 32 hexadecimal characters/,
    );
    expect(fixture.requests().total).toBe(0);
    await expect(runImport(args("missing", { projectId: "0".repeat(32) }), { client: importClient() })).rejects.toThrow(
      new RegExp(`CodeArts project 0{32} was not found: check --project[\\s\\S]*Nothing was written`),
    );
    expect(existsSync(join(work, "malformed"))).toBe(false);
    expect(existsSync(join(work, "missing"))).toBe(false);
  });

  it("says which settings are missing when there are no credentials, before any call", async () => {
    fixture.resetRequests();
    await expect(runImport(args("no-credentials", { settings: { endpoint: fixture.emulator.url } }), { env: {} })).rejects.toThrow(
      /No credentials: set codeartsrepo:token \(or HW_AUTH_TOKEN\)/,
    );
    expect(fixture.requests().total).toBe(0);
    expect(existsSync(join(work, "no-credentials"))).toBe(false);
  });

  it("skips and reports a repository deleted while the project is read", async () => {
    const doomed = seeded.repositories[2];
    const events: ReadProgress[] = [];
    const { skipped } = await runImport(args("deleted"), {
      client: importClient(),
      progress: async (event) => {
        events.push(event);
        // Between the repository list and the reads of each repository's lists.
        if (event.step === "repositories") await fixture.admin.call("deleteRepository", { params: { repository_uuid: doomed.uuid } });
      },
    });
    expect(skipped).toEqual([{ what: `repository "${doomed.name}"`, why: expect.stringMatching(/^it disappeared while the project was read \(.*404/) }]);
    expect(events).toContainEqual({ step: "skipped", ...skipped[0] });
    const index = read("deleted", "index.ts");
    expect(index).not.toContain(doomed.name);
    expect(count(index, "Repository")).toBe(seeded.repositories.length - 1);
    expect(read("deleted", "README.md")).toContain(`- repository "${doomed.name}": it disappeared while the project was read`);
  });

  it("declares a repository's labels with their listed values, and the provider adopts them without a write", async () => {
    const target = seeded.repositories[0];
    const create = (body: Record<string, string>) => fixture.admin.call("createLabel", { params: { repository_id: target.id }, body: body as never });
    await create({ name: "bug", color: "#d9534f", description: "something is broken", expires_at: "2099-12-31" });
    await create({ name: "docs" });

    fixture.resetRequests();
    const events: ReadProgress[] = [];
    const { skipped } = await runImport(args("labels", { includeSshKeys: false }), { client: importClient(), progress: (event) => void events.push(event) });
    // The list is read only where the V4 answer counts labels: here, and where the mix put one.
    expect(fixture.requests().byRoute[routeKey("listLabels")]).toBe(1 + seeded.mix.repositories.slice(1).filter((r) => r.labels.length > 0).length);
    expect(skipped).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ step: "repository", name: target.name, summary: expect.stringMatching(/, 2 labels, 0 approval rules, 0 file push permissions, 1 merge request settings, 1 repository policy, 0 trusted addresses$/) }));

    const index = read("labels", "index.ts");
    const slug = target.name;
    // The target's two, beside those the mix put in the other repositories.
    const declared = declarationsOf(index, "Label").filter(({ name }) => name.startsWith(`${slug}-`));
    expect(declared).toEqual([
      { name: `${slug}-label-bug`, fields: { name: "bug", color: "#d9534f", description: "something is broken", expiresAt: "2099-12-31", adoptExisting: true } },
      { name: `${slug}-label-docs`, fields: { name: "docs", adoptExisting: true } },
    ]);

    await expectAdoptedWithoutWrite(labels, target, declared);
  });

  it("declares a repository's approval rules with every listed setting, and the provider adopts them without a write", async () => {
    const target = seeded.repositories[1];
    const alice = fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId;
    await fixture.admin.call("createApproverSetting", {
      params: { repository_id: target.id },
      body: { target: "release/*", target_type: "branch", is_use_approval: true, approval_required_approvers: 2, approver_ids: [alice], only_merge_when_pipeline_pass: true },
    });

    fixture.resetRequests();
    const { skipped } = await runImport(args("approvals", { includeSshKeys: false }), { client: importClient() });
    expect(skipped).toEqual([]);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    const index = read("approvals", "index.ts");
    const { fields } = declarationsOf(index, "ApprovalRule").find((declaration) => declaration.fields.branch === "release/*")!;
    // Every setting the service lists, the emulator's defaults for the ones the console left out included.
    expect(fields).toMatchObject({ branch: "release/*", mode: "approval", requiredApprovals: 2, approvers: [alice], requirePipelinePass: true, adoptExisting: true });
    await expectAdoptedWithoutWrite(approvalRules, target, [{ fields }]);
  });

  it("declares a repository's file push permissions at their levels, leaves out one no level says, and the provider adopts them without a write", async () => {
    const target = seeded.repositories[1];
    const roleIds = (...names: string[]) => names.map((name) => STANDARD_ROLES.find((role) => role.name === name)!.id);
    const alice = fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId;
    const create = (path: string, action: Record<string, unknown>) =>
      fixture.admin.call("createFilePushPermission", { params: { repository_id: target.id }, body: { path, actions: [{ action: "push", enable: true, ...action }] } });
    await create("CODEOWNERS", { related_role_ids: roleIds("Project manager", "Administrator") });
    await create("generated/", { related_role_ids: [] });
    await create("docs/*", { related_role_ids: roleIds("Project manager"), user_ids: [alice] });
    await create("CHANGELOG.md", { related_role_ids: roleIds("Project manager", "Administrator"), user_ids: [alice] });

    fixture.resetRequests();
    const { skipped } = await runImport(args("file-push", { includeSshKeys: false }), { client: importClient() });
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    expect(skipped).toEqual([
      { what: `file push permission for "docs/*" of repository "${target.name}"`, why: expect.stringContaining('pushAccess is custom (roles: Project manager): no access level') },
    ]);
    const declared = declarationsOf(read("file-push", "index.ts"), "FilePushPermission");
    expect(declared.map(({ fields }) => fields)).toEqual([
      { path: "CHANGELOG.md", pushAccess: "maintainers", pushUsers: [alice], adoptExisting: true },
      { path: "CODEOWNERS", pushAccess: "maintainers", adoptExisting: true },
      { path: "generated/", pushAccess: "noOne", adoptExisting: true },
    ]);
    await expectAdoptedWithoutWrite(filePushPermissions, target, declared);
  });

  it("declares a repository's merge request settings with every live value, and the provider takes them over without a write", async () => {
    const target = seeded.repositories[0];
    await fixture.admin.call("updateMergeRequestSetting", { params: { repository_id: target.id }, body: { merge_method: "rebase_merge", disable_merge_by_self: true, need_relate_issue_branches: "master" } });

    fixture.resetRequests();
    const { skipped } = await runImport(args("merge-settings", { includeSshKeys: false }), { client: importClient() });
    // Other tests leave objects of other kinds that the import may skip; none of this kind is.
    expect(skipped.filter(({ what }) => what.includes("merge request"))).toEqual([]);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    const [declared] = declarationsOf(read("merge-settings", "index.ts"), "MergeRequestSettings").filter(({ name }) => name.startsWith(target.name));
    expect(declared.name).toBe(`${target.name}-settings-merge-requests`);
    // Every field the service shows, so the program states the whole policy.
    expect(declared.fields).toMatchObject({ mergeMethod: "rebase_merge", forbidSelfMerge: true, linkedWorkItemBranches: ["master"], allowForceMerge: expect.any(Boolean), adoptExisting: true });
    expect(Object.keys(declared.fields)).toHaveLength(21);

    newProviderRun(fixture);
    fixture.resetRequests();
    const checked = await mergeRequestSettings.check({}, { repositoryId: target.id, repositoryUuid: target.uuid, ...declared.fields });
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await mergeRequestSettings.create(checked.inputs as never);
    expect(outs).toMatchObject(declared.fields);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("showMergeRequestSetting")]: 1 });
  });

  it("declares a repository's policy with every live value, and the provider takes it over without a write", async () => {
    const target = seeded.repositories[1];
    const alice = String(fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId);
    await fixture.admin.call("updateRepositoryGeneralPolicy", { params: { repository_id: target.id }, body: { disable_fork: true, branch_name_regex: "^feature/", create_branch_whitelist_user_ids: alice } });

    const { skipped } = await runImport(args("policy", { includeSshKeys: false }), { client: importClient() });
    expect(skipped.filter(({ what }) => what.includes("policy"))).toEqual([]);
    const [declared] = declarationsOf(read("policy", "index.ts"), "RepositoryPolicy").filter(({ name }) => name.startsWith(target.name));
    expect(declared.name).toBe(`${target.name}-settings-policy`);
    expect(declared.fields).toMatchObject({ forkForbidden: true, branchNamePattern: "^feature/", branchCreators: [alice], adoptExisting: true });

    newProviderRun(fixture);
    fixture.resetRequests();
    const checked = await repositoryPolicy.check({}, { repositoryId: target.id, repositoryUuid: target.uuid, ...declared.fields });
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await repositoryPolicy.create(checked.inputs as never);
    expect(outs).toMatchObject(declared.fields);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("showRepositoryGeneralPolicy")]: 1 });
  });

  it("declares the project's own webhooks with one list, their tokens as optional secret config, and the provider adopts them without a write", async () => {
    const projectId = fixture.projectId;
    const hook = await fixture.admin.call("createProjectWebhook", {
      params: { project_id: projectId },
      body: { url: "https://audit.example.com/h", name: "audit", token: "project-import-token-77", push_events: true, merge_requests_events: true, push_events_branch_regex_filter: "^master$" },
    });
    // A filter without push events: the provider would refuse it, so it is left out saying why.
    await fixture.admin.call("createProjectWebhook", { params: { project_id: projectId }, body: { url: "https://odd.example.com/h", note_events: true, push_events_branch_regex_filter: "^dev$" } });

    fixture.resetRequests();
    const { skipped } = await runImport(args("project-hooks", { includeSshKeys: false }), { client: importClient() });
    expect(fixture.requests().byRoute[routeKey("listProjectWebhooks")]).toBe(1);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    expect(skipped).toContainEqual({ what: expect.stringMatching(/^webhook \d+ \(https:\/\/odd\.example\.com\/h\) of the project$/), why: expect.stringContaining("without push events") });
    const index = read("project-hooks", "index.ts");
    expect(index).not.toContain("project-import-token-77");
    expect(index).toContain(`const projectId = "${projectId}";`);
    expect(index).toContain('  token: config.getSecret("project-webhook-audit-token"),');
    expect(read("project-hooks", "README.md")).toContain("pulumi config set --secret project-webhook-audit-token <value>");
    const declared = declarationsOf(index, "ProjectWebhook");
    expect(declared).toEqual([
      {
        name: "project-webhook-audit",
        fields: { url: "https://audit.example.com/h", name: "audit", tokenType: "X-Repo-Token", events: ["push", "mergeRequest"], branchFilter: "^master$", adoptExisting: true },
      },
    ]);
    expect(index).toContain("  projectId,\n");

    // The generated inputs with the token left unset, as the engine hands them to the provider: adoption writes nothing.
    newProviderRun(fixture);
    fixture.resetRequests();
    const checked = await projectWebhooks.check({}, { projectId, ...declared[0].fields });
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await projectWebhooks.create(checked.inputs as never);
    expect(id).toBe(`${projectId}/${hook.id}`);
    expect(outs).toMatchObject({ ...declared[0].fields, liveTokenKept: true });
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
  });

  it("declares a repository's trusted addresses with every listed setting, and the provider adopts them without a write", async () => {
    const target = seeded.repositories[0];
    await fixture.admin.call("createTrustedIpAddress", {
      params: { repository_id: target.id },
      body: { ip_type: 2, ip_start: "203.0.113.0/24", view_flag: 1, download_flag: 1, upload_flag: 0, remark: "office" },
    });

    fixture.resetRequests();
    const { skipped } = await runImport(args("trusted", { includeSshKeys: false }), { client: importClient() });
    // Only the project's odd hook of the test above is left out.
    expect(skipped.filter(({ what }) => what.includes("trusted"))).toEqual([]);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    const [declared] = declarationsOf(read("trusted", "index.ts"), "TrustedIpAddress");
    expect(declared).toEqual({
      name: `${target.name}-trusted-ip-203-0-113-0-24`,
      fields: { type: "cidr", start: "203.0.113.0/24", allowView: true, allowDownload: true, allowUpload: false, remark: "office", adoptExisting: true },
    });

    newProviderRun(fixture);
    fixture.resetRequests();
    const checked = await trustedIpAddresses.check({}, { repositoryId: target.id, repositoryUuid: target.uuid, ...declared.fields });
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await trustedIpAddresses.create(checked.inputs as never);
    expect(outs).toMatchObject(declared.fields);
    expect(Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
  });
});
