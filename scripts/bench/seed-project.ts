/**
 * Makes a bench mix (mix.ts) exist in a CodeArts project through the API alone, as a team's
 * hand-made project would: what `codeartsrepo import` then reads. Used by the import scenario of
 * the benchmark and by the import tests.
 */
import { CodeArtsClient } from "../../api/client";
import { levelAction } from "../../provider/protections";
import { listRoles } from "../../provider/protection-roles";
import type { AccessLevelName } from "../../provider/protection-roles";
import { MemberRoleCode } from "../../wire/members";
import type { Mix, RepositoryPlan } from "./mix";

export interface SeededRepository {
  name: string;
  uuid: string;
  id: number;
}

async function createRepository(client: CodeArtsClient, projectId: string, plan: RepositoryPlan): Promise<SeededRepository> {
  const { repository_uuid: uuid } = await client.call("createRepository", {
    body: { name: plan.name, project_uuid: projectId, visibility_level: 0, import_members: 0, enable_readme: 0, description: plan.description },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const live = await client.call("showRepository", { params: { repository_uuid: uuid } }).catch(() => undefined);
    if (live && live.status !== 1) return { name: plan.name, uuid, id: live.repository_id };
    if (Date.now() > deadline) throw new Error(`repository ${plan.name} was still being created after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function seedRepository(client: CodeArtsClient, projectId: string, plan: RepositoryPlan): Promise<SeededRepository> {
  const repository = await createRepository(client, projectId, plan);
  const params = { repository_id: repository.id };
  const roles = await listRoles(client, repository.id);
  for (const rule of plan.protectedBranches) {
    await client.call("createProtectedBranches", {
      params,
      body: {
        names: [rule.branch],
        actions: [
          levelAction("push", rule.pushAccess as AccessLevelName, roles, "pushAccess"),
          levelAction("merge", rule.mergeAccess as AccessLevelName, roles, "mergeAccess"),
        ],
      },
    });
  }
  for (const rule of plan.protectedTags) {
    await client.call("createProtectedTags", { params, body: { names: [rule.tag], actions: [levelAction("create", rule.createAccess as AccessLevelName, roles, "createAccess")] } });
  }
  if (plan.members.length > 0) {
    await client.call("addRepositoryMembers", {
      params: { repository_uuid: repository.uuid },
      body: { users: plan.members.map((member) => ({ id: member.id, name: member.name, role: MemberRoleCode[member.role] })) },
    });
  }
  for (const hook of plan.webhooks) {
    await client.call("createRepositoryWebhook", {
      params,
      body: {
        url: hook.url,
        name: hook.name,
        token: hook.token,
        token_type: "X-Repo-Token",
        push_events: hook.events.includes("push"),
        tag_push_events: hook.events.includes("tagPush"),
        merge_requests_events: hook.events.includes("mergeRequest"),
        note_events: hook.events.includes("note"),
        push_events_branch_regex_filter: hook.branchFilter,
      },
    });
  }
  for (const key of plan.deployKeys) {
    await client.call("createDeployKey", { params, body: { key: key.key, key_title: key.title, can_push: key.canPush, application: "" } });
  }
  for (const rule of plan.approvalRules) {
    await client.call("createApproverSetting", {
      params,
      body: { target: rule.branch, target_type: "branch", is_use_approval: true, approval_required_approvers: rule.requiredApprovals, only_merge_when_pipeline_pass: rule.requirePipelinePass },
    });
  }
  for (const settings of plan.mergeRequestSettings) {
    await client.call("updateMergeRequestSetting", {
      params,
      body: { disable_merge_by_self: settings.forbidSelfMerge, only_allow_merge_if_all_discussions_are_resolved: settings.requireResolvedDiscussions },
    });
  }
  for (const label of plan.labels) await client.call("createLabel", { params, body: label });
  for (const rule of plan.filePushPermissions) {
    await client.call("createFilePushPermission", { params, body: { path: rule.path, actions: [levelAction("push", rule.pushAccess, roles, "pushAccess")] } });
  }
  for (const policy of plan.repositoryPolicies) await client.call("updateRepositoryGeneralPolicy", { params, body: { disable_fork: policy.forkForbidden } });
  return repository;
}

/** Creates every repository of the mix with its objects, a few repositories at a time. */
export async function seedProject(client: CodeArtsClient, mix: Mix, concurrency = 8): Promise<SeededRepository[]> {
  const seeded: SeededRepository[] = new Array(mix.repositories.length);
  let next = 0;
  const worker = async () => {
    while (next < mix.repositories.length) {
      const index = next++;
      seeded[index] = await seedRepository(client, mix.projectId, mix.repositories[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, mix.repositories.length) }, worker));
  return seeded;
}
