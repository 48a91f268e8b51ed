/**
 * Merge-request approver settings, V4 (official SDK create/list/update/delete_merge_request_approver_setting;
 * wire/approval-rules.ts).
 *
 * Emulator choices where the SDK is silent:
 * - a create without `target` is refused with 400 CH.010001 (a setting applies to branches), and so
 *   is a `target_type` other than "branch", the only type the SDK says is open; a branch may have
 *   one setting, and a second create for the same `target` is refused the same way (the real
 *   status and code are unknown);
 * - fields a call leaves out are answered as the service's defaults the emulator picks: approval
 *   mode, 1 approver, 0 reviewers, no reset, no pipeline gate, empty user lists; an update changes
 *   only what it sends;
 * - user lists are answered both as ids and as entities (`approvers`, …) of the seeded users whose
 *   numeric id they are; an id no user has is refused with 400 CH.010001;
 * - the list answers `X-Total`, its default `limit` is 20, in creation order; a missing setting
 *   answers 404 CH.000404; a delete answers 204 without a body.
 */
import type { ApproverSetting, ApproverSettingBody } from "../wire/approval-rules";
import { APPROVAL_TARGET_TYPE } from "../wire/approval-rules";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { ApproverSettingRecord, Repository, World } from "./state";

type ApprovalHandlers = Pick<Handlers, "createApproverSetting" | "listApproverSettings" | "updateApproverSetting" | "deleteApproverSetting">;

const DEFAULT_LIMIT = 20;
const DEFAULTS: ApproverSettingBody = {
  target_type: APPROVAL_TARGET_TYPE,
  is_use_approval: true,
  approval_required_approvers: 1,
  approval_required_reviewers: 0,
  reset_approvals_on_push: false,
  reset_reviewers_on_push: false,
  approvers_from_project: false,
  only_merge_when_pipeline_pass: false,
  append_reviewer_ids: [],
  append_approver_ids: [],
  assignee_ids: [],
  approver_ids: [],
  reviewer_ids: [],
};
const USER_LISTS = [
  ["append_reviewer_ids", "append_reviewers"],
  ["append_approver_ids", "append_approvers"],
  ["assignee_ids", "assignees"],
  ["approver_ids", "approvers"],
  ["reviewer_ids", "reviewers"],
] as const;

function settingsOf(repo: Repository): ApproverSettingRecord[] {
  repo.approverSettings ??= [];
  return repo.approverSettings;
}

export function approvalRuleHandlers(world: World): ApprovalHandlers {
  const userById = (id: number) => world.seed.users.find((user) => user.numericId === id);
  const answer = (record: ApproverSettingRecord): ApproverSetting => {
    const settings = record.settings as ApproverSettingBody;
    const entities = Object.fromEntries(
      USER_LISTS.map(([ids, users]) => [users, (settings[ids] ?? []).map((id) => ({ id, name: userById(id)?.name ?? null, username: userById(id)?.name ?? null }))]),
    );
    return { ...(settings as object), ...entities, id: String(record.id) } as ApproverSetting;
  };
  const checked = (body: ApproverSettingBody) => {
    if (body.target_type !== undefined && body.target_type !== APPROVAL_TARGET_TYPE) throw faults.invalid(`Param invalid: target_type ${body.target_type} is not open`);
    for (const [ids] of USER_LISTS) {
      const unknown = (body[ids] ?? []).filter((id) => !userById(id));
      if (unknown.length > 0) throw faults.invalid(`Param invalid: no user ${unknown.join(", ")}`);
    }
    return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  };
  const settingIn = (repo: Repository, id: string | number): ApproverSettingRecord => {
    const record = settingsOf(repo).find((candidate) => String(candidate.id) === String(id));
    if (!record) throw faults.notFound(`Approver setting ${id} does not exist in repository ${repo.id}`);
    return record;
  };

  return {
    createApproverSetting({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      if (!body.target) throw faults.invalid("Param invalid: target is required");
      if (settingsOf(repo).some((record) => record.settings.target === body.target)) throw faults.invalid(`Param invalid: branch ${body.target} already has an approver setting`);
      const id = world.data.nextApproverSettingId ?? 1;
      world.data.nextApproverSettingId = id + 1;
      const record: ApproverSettingRecord = { id, settings: { ...DEFAULTS, ...checked(body) } };
      settingsOf(repo).push(record);
      world.save();
      return answer(record);
    },

    listApproverSettings({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const shown = settingsOf(repo).filter((record) => !query.target_type || record.settings.target_type === query.target_type);
      const offset = query.offset ?? 0;
      return new Reply(shown.slice(offset, offset + (query.limit ?? DEFAULT_LIMIT)).map(answer), undefined, { "X-Total": String(shown.length) });
    },

    updateApproverSetting({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const record = settingIn(repo, params.setting_id);
      const changes = checked(body);
      if (typeof changes.target === "string" && changes.target !== record.settings.target && settingsOf(repo).some((other) => other.settings.target === changes.target)) {
        throw faults.invalid(`Param invalid: branch ${changes.target} already has an approver setting`);
      }
      record.settings = { ...record.settings, ...changes };
      world.save();
      return answer(record);
    },

    deleteApproverSetting({ params }) {
      const repo = repositoryV4(world, params.repository_id);
      const record = settingIn(repo, params.setting_id);
      repo.approverSettings = settingsOf(repo).filter((candidate) => candidate !== record);
      world.save();
      return new Reply(undefined, 204);
    },
  };
}
