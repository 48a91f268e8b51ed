/**
 * The emulator's answers held against the OFFICIAL response models, not our own schemas (which the
 * emulator shares, so agreeing with them proves nothing). A scenario drives every route of the
 * table once or more through the real client and the real emulator over HTTP; a recording proxy
 * between them keeps each raw body. Every answer of a route the SDK has must fit the official
 * response model (types; a field the official model lacks is a finding; null is allowed), and
 * every body the client sends must fit the official request model the same way.
 *
 * v1/v2 answers: the SDK's response models carry the envelope themselves (`error`, `result`,
 * `status`), so the whole body is checked against the response model.
 */
import { DEFAULTS } from "../../emulator";
import { CodeArtsClient } from "../../api/client";
import { matchPath } from "../../api/routes";
import { ConsoleClient, EmulatorRouteName as RouteName, emulatorRoutes as routes } from "../../emulator/routes";
import { startFixture, EmulatorFixture, waitFor } from "../support/emulator";
import { findOperation, valueFindings } from "../support/official-catalog";
import { RecordedExchange, RecordingProxy, startRecordingProxy } from "../support/recording-proxy";
import { ed25519Key } from "../support/ssh-keys";
import { KNOWN_ANSWER_FINDINGS, KNOWN_DEPRECATED_BEING_REPLACED, NOT_IN_SDK } from "./known-differences";

const routeNames = Object.keys(routes) as RouteName[];
const matchers = routeNames.map((name) => ({ name, method: routes[name].method, match: matchPath(routes[name].path) }));

/** The route an exchange belongs to; exactly one must match. */
function routeOf(exchange: RecordedExchange): RouteName {
  const found = matchers.filter((m) => m.method === exchange.method && m.match(exchange.path));
  if (found.length !== 1) throw new Error(`${exchange.method} ${exchange.path} matches ${found.length} routes`);
  return found[0].name;
}

/** Every route of the table at least once, in an order the service allows. */
async function scenario(api: ConsoleClient, fixture: EmulatorFixture): Promise<void> {
  const project_uuid = fixture.projectId;
  await api.call("validateRepositoryName", { params: { project_uuid, repository_name: "oracle" } });
  const { repository_uuid } = await api.call("createRepository", { body: { name: "oracle", project_uuid, description: "checked against the SDK" } });
  await waitFor("repository ready", async () => (await api.call("showRepositoryStatus", { params: { repository_uuid } })) === 0);
  const { repository_id } = await api.call("showRepository", { params: { repository_uuid } });
  await api.call("showRepositoryV4", { params: { repository_id } });
  await api.call("listUserRepositories", { query: { page_size: 100 } });
  await api.call("listProjectRepositories", { params: { project_uuid }, query: { page_index: 1, page_size: 100 } });

  await api.call("createCommit", {
    params: { repo_id: repository_id },
    body: { branch: "master", commit_message: "add a file", actions: [{ action: "create", file_path: "README.md", content: "hello\n" }] },
  });
  await api.call("createBranch", { params: { repository_id }, body: { branch_name: "develop", ref: "master" } });
  await api.call("listBranches", { params: { repository_id }, query: { page: 1, per_page: 100 } });
  await api.call("listBranchesV1", { params: { repository_id } });

  // Role ids are the service's own strings: learned from the role list, as the provider does.
  const roles = await api.call("listRepositoryRoles", { params: { repository_id, resource_name: "repository" }, query: { offset: 0, limit: 100 } });
  const related_role_ids = roles.map((role) => role.role_id).filter((id): id is string => typeof id === "string").slice(0, 2);
  await api.call("createProtectedBranches", {
    params: { repository_id },
    body: { names: ["develop"], actions: [{ action: "push", enable: true, related_role_ids }, { action: "merge", enable: true, related_role_ids }] },
  });
  await api.call("listProtectedBranches", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("showProtectedBranch", { params: { repository_id }, query: { branch_name: "develop" } });
  await api.call("updateProtectedBranch", {
    params: { repository_id },
    query: { branch_name: "develop" },
    body: [{ action: "push", enable: true, related_role_ids: [] }],
  });
  await api.call("deleteProtectedBranch", { params: { repository_id }, query: { branch_name: "develop" } });

  await api.call("createProtectedTags", { params: { repository_id }, body: { names: ["v*"], actions: [{ action: "create", enable: true, related_role_ids }] } });
  await api.call("listProtectedTags", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("showProtectedTag", { params: { repository_id }, query: { tag_name: "v*" } });
  await api.call("updateProtectedTag", {
    params: { repository_id },
    query: { tag_name: "v*" },
    body: [{ action: "create", enable: true, related_role_ids }],
  });
  await api.call("deleteProtectedTag", { params: { repository_id }, query: { tag_name: "v*" } });

  const deployKey = await api.call("createDeployKey", {
    params: { repository_id },
    body: { key: ed25519Key("deploy@oracle"), key_title: "deploy", can_push: false, application: "" },
  });
  await api.call("listDeployKeys", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("deleteDeployKey", { params: { repository_id, key_id: deployKey.key_id } });

  await api.call("createLabel", { params: { repository_id }, body: { name: "bug", color: "#d9534f", description: "broken", expires_at: "2099-12-31" } });
  await api.call("listLabels", { params: { repository_id }, query: { offset: 0, limit: 100, search: "bu", sort: "name_asc", include_expired: true } });
  await api.call("updateLabel", { params: { repository_id }, body: { name: "bug", new_name: "defect", color: "#fff", priority: 3 } });
  await api.call("deleteLabel", { params: { repository_id }, query: { name: "defect" } });

  const approver = fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId;
  const setting = await api.call("createApproverSetting", {
    params: { repository_id },
    body: { target: "master", target_type: "branch", is_use_approval: true, approval_required_approvers: 1, approver_ids: [approver], only_merge_when_pipeline_pass: true },
  });
  await api.call("listApproverSettings", { params: { repository_id }, query: { target_type: "branch", offset: 0, limit: 100 } });
  await api.call("updateApproverSetting", { params: { repository_id, setting_id: setting.id }, body: { approval_required_approvers: 2, reviewer_ids: [approver], reset_approvals_on_push: true } });
  await api.call("deleteApproverSetting", { params: { repository_id, setting_id: setting.id } });

  await api.call("createTag", { params: { repository_id }, body: { tag_name: "v1.0.0", ref: "master", message: "first release" } });
  await api.call("showTag", { params: { repository_id }, query: { tag_name: "v1.0.0" } });
  await api.call("deleteTag", { params: { repository_id }, query: { tag_name: "v1.0.0" } });
  await api.call("showMergeRequestSetting", { params: { repository_id } });
  await api.call("updateMergeRequestSetting", { params: { repository_id }, body: { merge_method: "ff", disable_merge_by_self: true, need_relate_issue_branches: "master,release" } });
  await api.call("showRepositoryInheritSetting", { params: { repository_id } });
  const creator = String(fixture.emulator.seed.users.find((user) => user.name === "alice")!.numericId);
  await api.call("showRepositoryGeneralPolicy", { params: { repository_id } });
  await api.call("updateRepositoryGeneralPolicy", { params: { repository_id }, body: { disable_fork: true, branch_name_regex: "^feature/", forbidden_developer_create_branch: true, create_branch_whitelist_user_ids: creator } });
  const file_path = ".gitlab-ci.yml";
  await api.call("createFile", {
    params: { repository_id },
    body: { file_path, branch: "master", content: "stages: [test]\n", encoding: "text", commit_message: "Add CI", author_name: "alice", author_email: "alice@example.com" },
  });
  await api.call("showFile", { params: { repository_id }, query: { file_path, ref: "master" } });
  await api.call("updateFile", {
    params: { repository_id },
    query: { file_path },
    body: { file_path, branch: "master", content: Buffer.from("stages: [build, test]\n").toString("base64"), encoding: "base64", commit_message: "Build too" },
  });
  await api.call("deleteFile", { params: { repository_id }, query: { file_path, branch: "master", commit_message: "No CI", author_name: "alice", author_email: "alice@example.com" } });
  const pushRule = await api.call("createFilePushPermission", {
    params: { repository_id },
    body: { path: "CODEOWNERS", actions: [{ action: "push", enable: true, related_role_ids, user_ids: [approver], user_team_ids: [] }] },
  });
  await api.call("listFilePushPermissions", { params: { repository_id }, query: { search: "CODE", offset: 0, limit: 100 } });
  await api.call("updateFilePushPermissions", {
    params: { repository_id },
    body: { permissions: [{ id: pushRule.id, path: ".ci/*", actions: [{ action: "push", enable: true, related_role_ids: [] }] }] },
  });
  await api.call("deleteFilePushPermissions", { params: { repository_id }, body: { ids: [pushRule.id] } });
  const trusted = await api.call("createTrustedIpAddress", {
    params: { repository_id },
    body: { ip_type: 1, ip_start: "10.0.0.1", ip_end: "10.0.0.9", view_flag: 1, download_flag: 1, upload_flag: 0, remark: "office" },
  });
  await api.call("listTrustedIpAddresses", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("updateTrustedIpAddress", { params: { repository_id, ip_id: Number(trusted.id) }, body: { ip_type: 2, ip_start: "10.0.0.0/24", upload_flag: 1 } });
  await api.call("deleteTrustedIpAddress", { params: { repository_id, ip_id: Number(trusted.id) } });

  const sshKey = await api.call("createSshKey", { body: { key: ed25519Key("user@oracle"), title: "laptop" } });
  await api.call("listSshKeys", { query: { offset: 0, limit: 100 } });
  await api.call("deleteSshKey", { params: { key_id: sshKey.id } });

  await api.call("createBranchV4", { params: { repository_id }, body: { branch: "feature", ref: "master" } });
  await api.call("showBranch", { params: { repository_id }, query: { branch_name: "feature" } });
  await api.call("deleteBranchV4", { params: { repository_id }, query: { branch_name: "feature" } });

  const alice = fixture.emulator.seed.users.find((user) => user.name === "alice")!;
  await api.call("addRepositoryMembers", { params: { repository_uuid }, body: { users: [{ id: alice.id, name: alice.name, role: 30 }] } });
  const { users } = await api.call("listRepositoryMembers", { params: { repository_uuid }, query: { page_index: 1, page_size: 100 } });
  // The role and delete calls name a member by the user_id the list shows (§4.4.3).
  const member_id = users.find((user) => user.name === alice.name)!.user_id;
  await api.call("listMembersV4", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("setRepositoryMemberRole", { params: { repository_uuid, member_id }, body: { role: 40 } });
  await api.call("deleteRepositoryMember", { params: { repository_uuid, member_id } });

  const hook = await api.call("createRepositoryWebhook", {
    params: { repository_id },
    body: { url: "https://ci.example/hook", name: "ci", token: "s3cret", token_type: "X-Repo-Token", push_events: true, tag_push_events: false },
  });
  await api.call("listRepositoryWebhooks", { params: { repository_id }, query: { offset: 0, limit: 100 } });
  await api.call("updateRepositoryWebhook", { params: { repository_id, hook_id: hook.id }, body: { url: "https://ci.example/hook2", push_events: false, note_events: true } });
  await api.call("deleteRepositoryWebhook", { params: { repository_id, hook_id: hook.id } });

  const projectHook = await api.call("createProjectWebhook", {
    params: { project_id: project_uuid },
    body: { url: "https://ci.example/project-hook", name: "project ci", token: "s3cret", token_type: "X-Repo-Token", push_events: true, merge_requests_events: true },
  });
  await api.call("listProjectWebhooks", { params: { project_id: project_uuid }, query: { offset: 0, limit: 100 } });
  await api.call("updateProjectWebhook", { params: { project_id: project_uuid, hook_id: projectHook.id }, body: { url: "https://ci.example/project-hook2", tag_push_events: true, description: "all repositories" } });
  await api.call("deleteProjectWebhook", { params: { project_id: project_uuid, hook_id: projectHook.id } });

  const before = (await api.call("showRepositoryStatisticsStatus", { params: { repository_id } })).event?.id;
  await api.call("triggerRepositoryStatistics", { params: { repository_id }, body: { branch_name: "master" } });
  await waitFor("statistics run finished", async () => {
    const { event } = await api.call("showRepositoryStatisticsStatus", { params: { repository_id } });
    return event?.id !== before && event?.status === "finished";
  });
  await api.call("showRepositoryLastStatistics", { params: { repository_id }, query: { branch_name: "master" } });
  await api.call("listRepositoryEvents", { params: { repository_id }, query: { limit: 100 } });

  await api.call("lockRepository", { params: { project_id: project_uuid, repository_id } });
  await api.call("listTenantRepositories", { query: { repository_name: "oracle", locked: true, offset: 0, limit: 100 } });
  await api.call("deleteRepository", { params: { repository_uuid } });
}

describe("the emulator's answers against the official SDK's response models", () => {
  let fixture: EmulatorFixture;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0, statisticsQueuedMs: 0, statisticsRunningMs: 0 });
    proxy = await startRecordingProxy(fixture.emulator.url);
    // Password auth, so that the IAM token route is on the wire too.
    const api = new CodeArtsClient({
      routes,
      endpoint: proxy.url,
      iamEndpoint: proxy.url,
      auth: {
        kind: "password",
        userName: DEFAULTS.user,
        password: DEFAULTS.password,
        domainName: fixture.emulator.seed.domain.name,
        scope: { name: fixture.emulator.seed.iamProject.name },
      },
      coalesceTtlMs: 0,
    });
    await scenario(api, fixture);
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await fixture?.close();
  });

  it("the scenario exercised every route of the table, each with a success answer", () => {
    const succeeded = new Set(proxy.exchanges.filter((e) => e.status < 300).map(routeOf));
    expect(routeNames.filter((name) => !succeeded.has(name))).toEqual([]);
  });

  it("every answer of a route the SDK has fits the official response model", () => {
    const findings = proxy.exchanges.flatMap((exchange) => {
      const name = routeOf(exchange);
      const operation = findOperation(exchange.method, routes[name].path);
      if (!operation || exchange.status >= 300) return [];
      if (exchange.responseBody === "") {
        const official = valueFindings({}, operation.response_body, operation.client);
        return exchange.status === 204 && official.length === 0 ? [] : [`${name}: empty answer (${exchange.status})`];
      }
      return valueFindings(JSON.parse(exchange.responseBody), operation.response_body, operation.client).map(
        (finding) => `${name} (${operation.client}.${operation.name}): ${finding}`,
      );
    });
    expect(findings.filter((finding) => !(finding in KNOWN_ANSWER_FINDINGS))).toEqual([]);
    expect(Object.keys(KNOWN_ANSWER_FINDINGS).filter((known) => !findings.includes(known))).toEqual([]);
  });

  it("every body the client sent fits the official request model", () => {
    const findings = proxy.exchanges.flatMap((exchange) => {
      const name = routeOf(exchange);
      const operation = findOperation(exchange.method, routes[name].path);
      if (!operation || exchange.requestBody === "") return [];
      if (operation.request_body === null) return [`${name}: sent a body, ${operation.name} takes none`];
      return valueFindings(JSON.parse(exchange.requestBody), operation.request_body, operation.client, "(sent)").map(
        (finding) => `${name} (${operation.client}.${operation.name}): ${finding}`,
      );
    });
    expect(findings).toEqual([]);
  });

  it("only the listed routes go unchecked for want of an official model", () => {
    const unchecked = [...new Set(proxy.exchanges.map(routeOf))].filter((name) => !findOperation(routes[name].method, routes[name].path));
    expect(unchecked.filter((name) => !(name in NOT_IN_SDK) && !(name in KNOWN_DEPRECATED_BEING_REPLACED))).toEqual([]);
  });
});
