/**
 * A repository's settings objects, V4 (official SDK show/update_merge_request_setting,
 * show/update_repository_general_policy, show_repository_inherit_setting; wire/settings.ts).
 *
 * Emulator choices where the SDK is silent:
 * - a repository's settings start at defaults the emulator picks (DEFAULT_MERGE_REQUEST_SETTING,
 *   DEFAULT_GENERAL_POLICY); an update changes only what it sends and answers the whole object;
 * - `merge_method` other than merge, rebase_merge, ff and `merged_commit_author` other than
 *   merged_by, created_by (the values the SDK lists) are refused with 400 CH.010001, and so is a
 *   whitelist naming a user id no seeded user has;
 * - inherit-setting lists every setting name the SDK documents, "custom" unless the control
 *   `PUT /__emulator/inherit-setting {repositoryId, name, inheritMod}` set another mode;
 * - an update of a setting the repository inherits ("inherit" or "force_inherit") is refused with
 *   400 CH.010001: what the service does is undocumented, and a provider must not rely on a write
 *   that would not be the setting in effect.
 */
import { z } from "zod";
import type { GeneralPolicy, GeneralPolicyBody, MergeRequestSetting, MergeRequestSettingBody } from "../wire/settings";
import { INHERITING_MODES, MERGE_COMMIT_AUTHORS, MERGE_METHODS } from "../wire/settings";
import { ControlHandler, Handlers, faults, repositoryV4 } from "./server";
import { Repository, World } from "./state";

type SettingsHandlers = Pick<
  Handlers,
  "showMergeRequestSetting" | "updateMergeRequestSetting" | "showRepositoryGeneralPolicy" | "updateRepositoryGeneralPolicy" | "showRepositoryInheritSetting"
>;

/** The setting names RepositoryInheritSettingDto documents. */
export const INHERIT_SETTING_NAMES = [
  "protected_branches",
  "protected_tags",
  "repository_settings",
  "push_rules",
  "merge_requests",
  "mr_branch_policies",
  "reviews",
  "e2e_settings",
  "watermark",
] as const;
/** The inherit-setting name each settings object is governed by (see provider/settings-common.ts). */
const MERGE_REQUESTS = "merge_requests";
const REPOSITORY_SETTINGS = "repository_settings";

const DEFAULT_MERGE_REQUEST_SETTING: MergeRequestSettingBody = {
  review_mode: "approval",
  only_allow_merge_if_all_discussions_are_resolved: false,
  must_relate_issue: false,
  only_allow_one_issue_check_passed: false,
  need_all_issues_check_passed: false,
  need_relate_issue_branches: "",
  evaluation_merge_gate: false,
  evaluation_role: 40,
  disable_merge_by_self: false,
  disable_approve_by_self: false,
  disable_review_by_self: false,
  can_force_merge: true,
  add_notes_after_merged: true,
  mark_auto_merged_mr_as_closed: false,
  can_reopen: true,
  delete_source_branch_when_merged: false,
  disable_squash_merge: false,
  auto_squash_merge: false,
  merge_method: "merge",
  squash_merge_with_no_merge_commit: false,
  merged_commit_author: "merged_by",
  enable_custom_evaluation: false,
  evaluation_types: [],
  only_allow_merge_if_vote_bigger_than: 0,
  only_assignee_can_merge: false,
};

const DEFAULT_GENERAL_POLICY: GeneralPolicyBody = {
  disable_fork: false,
  generate_pre_merge_ref: false,
  branch_name_regex: "",
  tag_name_regex: "",
  forbidden_developer_create_branch: false,
  create_branch_whitelist_user_ids: "",
  repo_encryption_enabled: false,
};

const InheritSettingControl = z.object({
  repositoryId: z.number().int(),
  name: z.enum(INHERIT_SETTING_NAMES),
  inheritMod: z.enum(["inherit", "custom", "force_inherit"]),
});

const defined = (body: object) => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));

function refuseInherited(repo: Repository, name: string): void {
  const mode = repo.inheritSettings?.[name];
  if (mode && (INHERITING_MODES as readonly string[]).includes(mode)) throw faults.invalid(`Param invalid: setting ${name} is inherited (${mode})`);
}

export function settingsHandlers(world: World): SettingsHandlers {
  const userById = (id: number) => world.seed.users.find((user) => user.numericId === id);
  const mergeRequestAnswer = (repo: Repository): MergeRequestSetting => {
    const { evaluation_types: types, ...settings } = { ...DEFAULT_MERGE_REQUEST_SETTING, ...repo.mergeRequestSetting } as MergeRequestSettingBody;
    return { ...settings, id: repo.id, repository_id: repo.id, evaluation_types: (types ?? []).map((name, index) => ({ id: index + 1, name })) };
  };
  const whitelistIds = (text: string | undefined) => (text ?? "").split(",").map((part) => part.trim()).filter((part) => part !== "");
  const policyAnswer = (repo: Repository): GeneralPolicy => {
    const { create_branch_whitelist_user_ids: ids, ...policy } = { ...DEFAULT_GENERAL_POLICY, ...repo.generalPolicy } as GeneralPolicyBody;
    const users = whitelistIds(ids).map((id) => ({ id: Number(id), user_id: Number(id), user_name: userById(Number(id))?.name ?? null, nick_name: userById(Number(id))?.name ?? null }));
    return { ...policy, create_branch_whitelist_users: users, repo_encryption_status: null };
  };

  return {
    showMergeRequestSetting({ params }) {
      return mergeRequestAnswer(repositoryV4(world, params.repository_id));
    },
    updateMergeRequestSetting({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      refuseInherited(repo, MERGE_REQUESTS);
      if (body.merge_method !== undefined && !(MERGE_METHODS as readonly string[]).includes(body.merge_method)) throw faults.invalid(`Param invalid: merge_method ${body.merge_method}`);
      if (body.merged_commit_author !== undefined && !(MERGE_COMMIT_AUTHORS as readonly string[]).includes(body.merged_commit_author)) {
        throw faults.invalid(`Param invalid: merged_commit_author ${body.merged_commit_author}`);
      }
      repo.mergeRequestSetting = { ...repo.mergeRequestSetting, ...defined(body) };
      world.save();
      return mergeRequestAnswer(repo);
    },
    showRepositoryGeneralPolicy({ params }) {
      return policyAnswer(repositoryV4(world, params.repository_id));
    },
    updateRepositoryGeneralPolicy({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      refuseInherited(repo, REPOSITORY_SETTINGS);
      const unknown = whitelistIds(body.create_branch_whitelist_user_ids).filter((id) => !userById(Number(id)));
      if (unknown.length > 0) throw faults.invalid(`Param invalid: no user ${unknown.join(", ")}`);
      repo.generalPolicy = { ...repo.generalPolicy, ...defined(body) };
      world.save();
      return policyAnswer(repo);
    },
    showRepositoryInheritSetting({ params }) {
      const repo = repositoryV4(world, params.repository_id);
      return INHERIT_SETTING_NAMES.map((name) => ({ name, inherit_mod: repo.inheritSettings?.[name] ?? "custom" }));
    },
  };
}

/** `PUT /__emulator/inherit-setting {repositoryId, name, inheritMod}`: what the repository inherits, as if set in the console. */
export function settingsControls(world: World): Record<string, ControlHandler> {
  return {
    "inherit-setting": ({ method, body }) => {
      if (method !== "PUT") throw new Error('use PUT with { repositoryId, name: "merge_requests", inheritMod: "inherit" | "custom" | "force_inherit" }');
      const request = InheritSettingControl.parse(body);
      const repo = world.repositoryById(request.repositoryId);
      if (!repo) throw new Error(`no repository ${request.repositoryId}`);
      repo.inheritSettings = { ...repo.inheritSettings, [request.name]: request.inheritMod };
      world.save();
      return { inheritSettings: repo.inheritSettings };
    },
  };
}
