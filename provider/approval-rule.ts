/**
 * ApprovalRule: who must approve or review a merge request into matching branches before it can
 * be merged (a repository's merge-request approver setting, V4).
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/approver-settings (a setting for that branch: adopt, or refuse saying how), then POST /v4/repositories/{id}/approver-settings |
 * | adopt  | the list above; PUT /v4/repositories/{id}/approver-settings/{setting_id} only where the program's settings differ |
 * | read   | GET /v4/repositories/{id}/approver-settings, coalesced, paged by offset/limit 100 with X-Total; matched by setting id; absent or repository 404 → gone |
 * | update | PUT /v4/repositories/{id}/approver-settings/{setting_id}: every setting in place, the branch too |
 * | delete | DELETE /v4/repositories/{id}/approver-settings/{setting_id} (404 → already gone) |
 *
 * Settings the program leaves out are the service's to choose: they are not sent, and their live
 * values are not drift. The SDK documents no defaults and no bounds for the required counts (see
 * wire/approval-rules.ts), so the provider enforces only what it says: whole numbers, user ids as
 * numbers. Users are named by the numeric user id of the member lists (the number in a Member's
 * `memberId`).
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { APPROVAL_TARGET_TYPE, ApproverSetting, ApproverSettingBody } from "../wire/approval-rules";
import type { DiffFields } from "./lifecycle";
import { deleteUnlessGone } from "./lifecycle";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Skipped, locateInRepository, refusal } from "./importing";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity, UserIds } from "./validation";

const Count = z.number().int("must be a whole number").min(0, "must be 0 or more");

// A named shape, so that the shipped declarations keep each field's doc comment.
const ApprovalRuleShape = {
  ...RepositoryIdentity,
  /** The branches the rule covers: a name, or a pattern with `*` (`release/*`). Changed in place. */
  branch: z.string().refine((branch) => branch.trim() !== "", "must not be empty"),
  /** "approval": approvers must approve; "score": reviewers score the merge request. Left out: the service's choice. */
  mode: z.enum(["approval", "score"], { message: 'must be "approval" or "score"' }).optional(),
  /** How many approvals a merge needs at least. */
  requiredApprovals: Count.optional(),
  /** How many reviews a merge needs at least. */
  requiredReviews: Count.optional(),
  /** Who approves, by numeric user id (a Member's `memberId`). */
  approvers: UserIds.optional(),
  /** Who reviews, by numeric user id. */
  reviewers: UserIds.optional(),
  /** Who may merge, by numeric user id. */
  mergers: UserIds.optional(),
  /** Approvers the service adds to every merge request, by numeric user id. */
  extraApprovers: UserIds.optional(),
  /** Reviewers the service adds to every merge request, by numeric user id. */
  extraReviewers: UserIds.optional(),
  /** Approvers and reviewers may be added to a merge request only from the lists above. */
  addOnlyFromLists: z.boolean().optional(),
  /** A push to the merge request resets its approvals. */
  resetApprovalsOnPush: z.boolean().optional(),
  /** A push to the merge request resets its reviews. */
  resetReviewsOnPush: z.boolean().optional(),
  /** A merge needs the merge request's pipeline to pass. */
  requirePipelinePass: z.boolean().optional(),
  /**
   * If the repository already has a rule for this branch, manage it instead of failing (its
   * settings are then set from the program). Deleting the resource deletes the rule.
   */
  adoptExisting: z.boolean().default(false),
};
export const ApprovalRuleInputs: z.ZodObject<typeof ApprovalRuleShape> = z.object(ApprovalRuleShape);
export type ApprovalRuleInputs = z.output<typeof ApprovalRuleInputs>;

export interface ApprovalRuleOutputs extends ApprovalRuleInputs {
  /** The service's id of the setting. */
  settingId: string;
}

/** Each setting in the program's words and the service's. */
const WIRE = {
  mode: "is_use_approval",
  requiredApprovals: "approval_required_approvers",
  requiredReviews: "approval_required_reviewers",
  approvers: "approver_ids",
  reviewers: "reviewer_ids",
  mergers: "assignee_ids",
  extraApprovers: "append_approver_ids",
  extraReviewers: "append_reviewer_ids",
  addOnlyFromLists: "approvers_from_project",
  resetApprovalsOnPush: "reset_approvals_on_push",
  resetReviewsOnPush: "reset_reviewers_on_push",
  requirePipelinePass: "only_merge_when_pipeline_pass",
} as const satisfies Partial<Record<keyof ApprovalRuleInputs, keyof ApproverSettingBody>>;
type Setting = keyof typeof WIRE;
const SETTINGS = Object.keys(WIRE) as Setting[];

const FIELDS: DiffFields<ApprovalRuleInputs> = {
  replace: ["repositoryId", "repositoryUuid"],
  update: ["branch", ...SETTINGS, "adoptExisting"],
};

function programValue(setting: Setting, live: ApproverSetting): unknown {
  const value = live[WIRE[setting]];
  if (setting === "mode") return value === true ? "approval" : value === false ? "score" : undefined;
  if (Array.isArray(value)) return [...new Set(value)].sort((a, b) => a - b);
  return value ?? undefined;
}

function wireValue(setting: Setting, value: unknown): unknown {
  return setting === "mode" ? value === "approval" : value;
}

/** The live setting in the program's terms: settings the program leaves out stay out. */
function toOutputs(state: ApprovalRuleInputs, live: ApproverSetting): ApprovalRuleOutputs {
  const outputs: Record<string, unknown> = { ...state, branch: live.target ?? state.branch, settingId: live.id };
  for (const setting of SETTINGS) {
    if (state[setting] === undefined) continue;
    const value = programValue(setting, live);
    // The engine carries outputs as a protobuf Struct, which cannot hold undefined.
    if (value === undefined) delete outputs[setting];
    else outputs[setting] = value;
  }
  return outputs as unknown as ApprovalRuleOutputs;
}

/** The body that sets what the program declares (and the branch). */
function bodyOf(inputs: ApprovalRuleInputs): ApproverSettingBody {
  const body: Record<string, unknown> = { target: inputs.branch, target_type: APPROVAL_TARGET_TYPE };
  for (const setting of SETTINGS) if (inputs[setting] !== undefined) body[WIRE[setting]] = wireValue(setting, inputs[setting]);
  return body as ApproverSettingBody;
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function findSetting(client: CodeArtsClient, repositoryId: number, matches: (setting: ApproverSetting) => boolean): Promise<ApproverSetting | undefined> {
  return client.find("listApproverSettings", { params: { repository_id: repositoryId }, query: { target_type: APPROVAL_TARGET_TYPE } }, matches);
}

/** An approval rule as `codeartsrepo import` declares it: every setting the service lists. */
export interface ImportedApprovalRule {
  settingId: string;
  branch: string;
  settings: Partial<Record<Setting, unknown>>;
}

const importer: ChildImport<"approvalRules", ImportedApprovalRule> = {
  field: "approvalRules",
  order: 70,
  count: ["approval rule", "approval rules"],
  async read(repository) {
    const items: ImportedApprovalRule[] = [];
    const skipped: Skipped[] = [];
    const listed = await repository.once("listApproverSettings", () =>
      repository.client.paginate("listApproverSettings", { params: { repository_id: repository.id }, query: { target_type: APPROVAL_TARGET_TYPE } }),
    );
    for (const setting of [...listed].sort((a, b) => (a.target ?? "").localeCompare(b.target ?? ""))) {
      const settings = Object.fromEntries(SETTINGS.map((name) => [name, programValue(name, setting)]).filter(([, value]) => value !== undefined));
      const branch = setting.target ?? "";
      const why = refusal(ApprovalRuleInputs, { repositoryId: repository.id, repositoryUuid: repository.uuid, branch, ...settings });
      if (why) skipped.push({ what: `approval rule for "${branch}"`, why });
      else items.push({ settingId: setting.id, branch, settings });
    }
    return { items, skipped };
  },
  name: { prefix: "approval", base: (item) => item.branch },
  declare: (item) => ({ fields: { branch: item.branch, ...item.settings } }),
  managedId: (item, repository) => `${repository.id}/${item.settingId}`,
};

export const approvalRule: ResourceDescriptor<"approval-rule", ApprovalRuleInputs, ApprovalRuleOutputs, typeof importer> = defineResource({
  kind: "approval-rule",
  type: "ApprovalRule",
  inputs: ApprovalRuleInputs,
  fields: FIELDS,
  report: {
    label: "approval rule",
    key: ["branch"],
    unmanaged: unmanagedIn("listApproverSettings", {
      // A rule nobody declared can only ask more of a merge: looked for where the program declares
      // rules (the refresh read that list), so a repository without any costs drift no call.
      onlyWhereDeclared: true,
      // The SDK names the inherit-setting "mr_branch_policies" ("branch policy settings") without
      // listing what it covers; approver settings are set per target branch, so they are taken to
      // be those policies.
      inheritedWith: "mr_branch_policies",
      declaredId: (outputs) => String(outputs.settingId),
      liveId: (listed) => listed.id,
      describe: (listed) => {
        const branch = listed.target ?? listed.id;
        const fields = Object.fromEntries(SETTINGS.map((name) => [name, programValue(name, listed)]).filter(([, value]) => value !== undefined));
        return { name: branch, properties: { branch }, fields };
      },
    }),
  },
  importer,
  id: (outputs: ApprovalRuleOutputs) => `${outputs.repositoryId}/${outputs.settingId}`,

  // Looked up first because a lost answer is recovered by the branch: a rule someone made before
  // would otherwise be taken for the one created, and a destroy would delete it.
  create: {
    find: ({ client }, inputs) => findSetting(client, inputs.repositoryId, (listed) => listed.target === inputs.branch),
    conflict: (inputs, existing: ApproverSetting) =>
      `Repository ${inputs.repositoryId} already has an approval rule for "${existing.target}" (setting ${existing.id}). ` +
      "Set adoptExisting: true to manage it with this program (its settings are then set from the program), or pick another branch.",
    async adopt({ client }, inputs, existing) {
      const asListed = toOutputs(inputs, existing);
      if (SETTINGS.every((setting) => sameValue(asListed[setting], inputs[setting]))) return asListed;
      const updated = await client.call("updateApproverSetting", { params: { repository_id: inputs.repositoryId, setting_id: existing.id }, body: bodyOf(inputs) });
      return toOutputs(inputs, updated);
    },
    call: ({ client }: ProviderContext, inputs: ApprovalRuleInputs) => client.call("createApproverSetting", { params: { repository_id: inputs.repositoryId }, body: bodyOf(inputs) }),
    recovered: (found) => found,
    created: (inputs, answer) => toOutputs(inputs, answer),
    routes: { find: "listApproverSettings", create: "createApproverSetting", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    const live = await findSetting(client, props.repositoryId, (listed) => listed.id === props.settingId);
    return live && toOutputs(props, live);
  },

  async update({ client }, _id, olds, news) {
    const changed = olds.branch !== news.branch || SETTINGS.some((setting) => news[setting] !== undefined && !sameValue(olds[setting], news[setting]));
    if (!changed) return { ...news, settingId: olds.settingId };
    const answer = await client.call("updateApproverSetting", { params: { repository_id: news.repositoryId, setting_id: olds.settingId }, body: bodyOf(news) });
    return toOutputs(news, answer);
  },

  importId: {
    format: "<repository>/<settingId>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.settingId}`,
    async locate({ client }, importId) {
      const { rest: settingId, ...repository } = await locateInRepository(client, importId);
      const live = await findSetting(client, repository.repositoryId, (listed) => listed.id === settingId);
      return { id: `${repository.repositoryId}/${settingId}`, props: { ...repository, branch: live?.target ?? "", settingId } };
    },
  },

  async remove({ client }, _id, props) {
    await deleteUnlessGone(() => client.call("deleteApproverSetting", { params: { repository_id: props.repositoryId, setting_id: props.settingId } }));
  },
});

export const provider = approvalRule.provider;
