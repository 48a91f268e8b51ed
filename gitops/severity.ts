/**
 * How much a finding matters, by the direction of privilege: a drift that widens who can write or
 * read is high, one that narrows it medium, a descriptive field low. Each row of {@link RULES} is
 * one rule: its id (the finding's `rule`, a SARIF rule id), its severity, and what it matches. The
 * README's "Severity" table is this table; tests/unit/severity.test.ts holds them together.
 *
 * A change whose direction cannot be told (a role or a whitelist no program word names, a regular
 * expression for branches) is ranked as a widening: a reviewer reads it, rather than miss one.
 */
import type { ChangeKind, DriftKind, FieldDifference, Finding, Severity } from "./report";
import { resourceOfType } from "../provider/registry";
import { controlsReviewOrCi } from "../provider/repository-file";

type Kind = DriftKind | ChangeKind;

/** What a rule sees: the finding's kind and type, and (a changed finding) one field's values. */
export interface Subject {
  kind: Kind;
  resourceType: string;
  field?: FieldDifference;
  /** The resource's recorded outputs, secrets masked, where the finding's weight depends on what the object is (a file's path). */
  properties?: Record<string, unknown>;
}

export interface SeverityRule {
  id: string;
  severity: Severity;
  /** One line: what happened (SARIF `shortDescription`, the README table). */
  title: string;
  matches(subject: Subject): boolean;
}

/** Positions in an order of privilege; undefined: a value the order cannot place. */
function rankIn(order: readonly unknown[]) {
  return (value: unknown): number | undefined => {
    const index = order.indexOf(value);
    return index < 0 ? undefined : index;
  };
}

const ROLE = rankIn(["reader", "developer", "maintainer"]);
const VISIBILITY = rankIn(["private", "internal", "public"]);
const PUSH = rankIn([false, true]);
/** Who may push, merge or create tags; "not restricted" is the widest a whitelist can be. */
const ACCESS = (value: unknown) =>
  typeof value === "string" && value.startsWith("custom (not restricted") ? 3 : rankIn(["noOne", "maintainers", "developers"])(value);

type Direction = "wider" | "narrower" | "same";

/** The direction from recorded to live; a side the order cannot place counts as wider. */
function direction(rank: (value: unknown) => number | undefined, field: FieldDifference): Direction {
  const from = rank(field.recorded);
  const to = rank(field.live);
  if (from === undefined || to === undefined) return "wider";
  return to > from ? "wider" : to < from ? "narrower" : "same";
}

/**
 * A set (webhook events, an approval rule's users): any member it did not hold before widens it —
 * more leaves the service, or more people may approve or merge.
 */
function setDirection(field: FieldDifference): Direction {
  const before = new Set(Array.isArray(field.recorded) ? field.recorded : []);
  const after = Array.isArray(field.live) ? field.live : [];
  if (after.some((event) => !before.has(event))) return "wider";
  return after.length < before.size ? "narrower" : "same";
}

/** How an approval rule's change moves: fewer approvals, a gate off, more users, another branch or mode is wider. */
function approvalDirection(field: FieldDifference): Direction {
  switch (field.field) {
    case "requiredApprovals":
    case "requiredReviews":
      return direction((value) => (typeof value === "number" ? -value : undefined), field);
    case "resetApprovalsOnPush":
    case "resetReviewsOnPush":
    case "requirePipelinePass":
    case "addOnlyFromLists":
      return direction(rankIn([true, false]), field);
    case "approvers":
    case "reviewers":
    case "mergers":
    case "extraApprovers":
    case "extraReviewers":
      return setDirection(field);
    default:
      return "wider";
  }
}

/**
 * A settings object's safeguards: each field's value that asks more of a merge or a push. A change
 * away from it (or to a value the table cannot place) loosens the safeguard; a number listed in
 * `floors` loosens when it drops.
 */
function safeguardLoosened(type: string, safe: Record<string, unknown>, floors: readonly string[] = []) {
  return (subject: Subject): boolean => {
    const field = subject.field;
    if (subject.kind !== "changed" || subject.resourceType !== type || field === undefined) return false;
    if (floors.includes(field.field)) return direction((value) => (typeof value === "number" ? -value : undefined), field) === "wider";
    return field.field in safe && field.live !== safe[field.field];
  };
}

const MERGE_REQUEST_SAFEGUARDS = {
  requireResolvedDiscussions: true,
  forbidSelfMerge: true,
  forbidSelfApproval: true,
  forbidSelfReview: true,
  allowForceMerge: false,
  onlyAssigneeCanMerge: true,
  requireLinkedWorkItem: true,
  requireLinkedWorkItemChecksPass: true,
};

const PROTECTIONS = new Set(["ProtectedBranch", "ProtectedTag"]);
/** An allowlist entry's permissions: allowed is wider than refused. */
const TRUSTED_IP_FLAGS = new Set(["allowView", "allowDownload", "allowUpload"]);
/** Its addresses: whether another address, range or block holds more addresses cannot be told from the change alone. */
const TRUSTED_IP_ADDRESS = new Set(["type", "start", "end"]);
/** A repository's hooks and a project's, which send the same events out for more repositories. */
const WEBHOOKS = new Set(["Webhook", "ProjectWebhook"]);
const ACCESS_FIELDS = new Set(["pushAccess", "mergeAccess", "createAccess"]);
/** Fields that name or describe an object and change no one's access. */
const DESCRIPTIVE: Record<string, readonly string[]> = {
  Repository: ["description"],
  Webhook: ["name", "description"],
  ProjectWebhook: ["name", "description"],
  DeployKey: ["title"],
  SSHKey: ["title"],
  Member: ["userName"],
  Label: ["name", "color", "description", "expiresAt", "textColor"],
  TrustedIpAddress: ["remark"],
};

const is = (kind: Kind, ...types: string[]) => (subject: Subject) => subject.kind === kind && types.includes(subject.resourceType);
const changed = (type: string | Set<string>, fields: string | Set<string>, test: (field: FieldDifference) => boolean) => (subject: Subject) =>
  subject.kind === "changed" &&
  (typeof type === "string" ? subject.resourceType === type : type.has(subject.resourceType)) &&
  subject.field !== undefined &&
  (typeof fields === "string" ? subject.field.field === fields : fields.has(subject.field.field)) &&
  test(subject.field);

/** A repository file that decides who reviews or what runs (provider/repository-file.ts says which). */
const controlFile = (subject: Subject) => subject.resourceType === "RepositoryFile" && typeof subject.properties?.filePath === "string" && controlsReviewOrCi(subject.properties.filePath);

/** Evaluated in order; a finding takes the most severe rule any of its fields matches (the first of equals). */
export const RULES: readonly SeverityRule[] = [
  // high: wider access, or code at risk
  { id: "repository-deleted", severity: "high", title: "A repository is gone: it held code no state can bring back", matches: is("deleted", "Repository") },
  { id: "repository-visibility-widened", severity: "high", title: "A repository was made visible to more people (private → internal → public)", matches: changed("Repository", "visibility", (f) => direction(VISIBILITY, f) === "wider") },
  { id: "member-role-raised", severity: "high", title: "A member's role was raised, or changed to a role no program word names", matches: changed("Member", "role", (f) => direction(ROLE, f) === "wider") },
  { id: "member-unmanaged", severity: "high", title: "A member no resource declares was added", matches: is("unmanaged", "Member") },
  { id: "deploy-key-push-granted", severity: "high", title: "A deploy key can now push", matches: changed("DeployKey", "canPush", (f) => direction(PUSH, f) === "wider") },
  { id: "deploy-key-replaced", severity: "high", title: "A deploy key's id now holds another key", matches: changed("DeployKey", new Set(["key", "fingerprint"]), () => true) },
  { id: "deploy-key-unmanaged", severity: "high", title: "A deploy key no resource declares was added", matches: is("unmanaged", "DeployKey") },
  { id: "protection-loosened", severity: "high", title: "A protection now lets more people push, merge or create tags (or a whitelist no level names)", matches: changed(PROTECTIONS, ACCESS_FIELDS, (f) => direction(ACCESS, f) === "wider") },
  { id: "protection-removed", severity: "high", title: "A protection rule was removed", matches: is("deleted", ...PROTECTIONS) },
  { id: "webhook-target-changed", severity: "high", title: "A webhook now sends events to another URL", matches: changed(WEBHOOKS, "url", () => true) },
  { id: "webhook-scope-widened", severity: "high", title: "A webhook now sends more events (or branches matched by another filter)", matches: (s) => changed(WEBHOOKS, "events", (f) => setDirection(f) === "wider")(s) || changed(WEBHOOKS, "branchFilter", () => true)(s) },
  { id: "webhook-removed", severity: "high", title: "A webhook was removed", matches: is("deleted", ...WEBHOOKS) },
  { id: "webhook-unmanaged", severity: "high", title: "A webhook no resource declares sends events out", matches: is("unmanaged", ...WEBHOOKS) },
  { id: "control-file-changed", severity: "high", title: "A CODEOWNERS or CI configuration file was changed or removed", matches: (s) => (s.kind === "changed" || s.kind === "deleted") && controlFile(s) },
  { id: "approval-rule-removed", severity: "high", title: "An approval rule was removed: merges need fewer approvals", matches: is("deleted", "ApprovalRule") },
  {
    id: "approval-rule-loosened",
    severity: "high",
    title: "An approval rule asks less (fewer approvals, a gate off, more people listed, another branch or mode)",
    matches: (s) => s.kind === "changed" && s.resourceType === "ApprovalRule" && s.field !== undefined && approvalDirection(s.field) === "wider",
  },
  { id: "tag-moved", severity: "high", title: "A tag now names another commit: the release it marks means other code", matches: changed("Tag", "commitId", () => true) },
  {
    id: "merge-request-safeguard-loosened",
    severity: "high",
    title: "A merge-request safeguard was loosened (self-merge or self-approval allowed, discussions or work items no longer required, force merge allowed, a lower score)",
    matches: safeguardLoosened("MergeRequestSettings", MERGE_REQUEST_SAFEGUARDS, ["minimumScore"]),
  },
  {
    id: "repository-policy-loosened",
    severity: "high",
    title: "A repository policy was loosened (forking allowed, developers may create branches, more branch creators, another branch or tag name rule)",
    matches: (s) =>
      safeguardLoosened("RepositoryPolicy", { forkForbidden: true, developersCannotCreateBranches: true })(s) ||
      changed("RepositoryPolicy", new Set(["branchNamePattern", "tagNamePattern"]), () => true)(s) ||
      changed("RepositoryPolicy", "branchCreators", (f) => setDirection(f) === "wider")(s),
  },
  {
    id: "file-push-widened",
    severity: "high",
    title: "A file push permission now lets more people push to the files it covers, or covers other files",
    matches: (s) =>
      changed("FilePushPermission", "pushAccess", (f) => direction(ACCESS, f) === "wider")(s) ||
      changed("FilePushPermission", "pushUsers", (f) => setDirection(f) === "wider")(s) ||
      changed("FilePushPermission", "path", () => true)(s),
  },
  { id: "file-push-removed", severity: "high", title: "A file push permission was removed: whoever may write to the repository may push to those files", matches: is("deleted", "FilePushPermission") },
  { id: "trusted-ip-widened", severity: "high", title: "A trusted address now covers other addresses, or may do more (view, download, commit)", matches: (s) => changed("TrustedIpAddress", TRUSTED_IP_ADDRESS, () => true)(s) || changed("TrustedIpAddress", TRUSTED_IP_FLAGS, (f) => direction(PUSH, f) === "wider")(s) },
  // Removing the last entry lets every address in: which it was cannot be told from one finding.
  { id: "trusted-ip-removed", severity: "high", title: "A trusted address was removed (the last one removed lets every address in)", matches: is("deleted", "TrustedIpAddress") },
  { id: "trusted-ip-unmanaged", severity: "high", title: "An address no resource declares may reach the repository's code", matches: is("unmanaged", "TrustedIpAddress") },
  // medium: narrower access, and any other setting
  { id: "repository-visibility-narrowed", severity: "medium", title: "A repository was made visible to fewer people", matches: changed("Repository", "visibility", (f) => direction(VISIBILITY, f) !== "wider") },
  { id: "member-role-lowered", severity: "medium", title: "A member's role was lowered", matches: changed("Member", "role", (f) => direction(ROLE, f) !== "wider") },
  { id: "member-removed", severity: "medium", title: "A member was removed", matches: is("deleted", "Member") },
  { id: "deploy-key-push-revoked", severity: "medium", title: "A deploy key can no longer push", matches: changed("DeployKey", "canPush", (f) => direction(PUSH, f) !== "wider") },
  { id: "deploy-key-removed", severity: "medium", title: "A deploy key was removed", matches: is("deleted", "DeployKey") },
  { id: "ssh-key-removed", severity: "medium", title: "An SSH key of the account was removed", matches: is("deleted", "SSHKey") },
  { id: "protection-tightened", severity: "medium", title: "A protection now lets fewer people push, merge or create tags", matches: changed(PROTECTIONS, ACCESS_FIELDS, (f) => direction(ACCESS, f) !== "wider") },
  { id: "protection-unmanaged", severity: "medium", title: "A protection rule no resource declares restricts a branch or tag", matches: is("unmanaged", ...PROTECTIONS) },
  { id: "webhook-scope-narrowed", severity: "medium", title: "A webhook sends fewer events", matches: changed(WEBHOOKS, "events", (f) => setDirection(f) !== "wider") },
  { id: "approval-rule-tightened", severity: "medium", title: "An approval rule asks more", matches: (s) => s.kind === "changed" && s.resourceType === "ApprovalRule" },
  { id: "approval-rule-unmanaged", severity: "medium", title: "An approval rule no resource declares restricts merges", matches: is("unmanaged", "ApprovalRule") },
  { id: "file-changed", severity: "medium", title: "A file the program writes was changed or removed", matches: (s) => (s.kind === "changed" || s.kind === "deleted") && s.resourceType === "RepositoryFile" },
  { id: "file-push-tightened", severity: "medium", title: "A file push permission now lets fewer people push to the files it covers", matches: changed("FilePushPermission", new Set(["pushAccess", "pushUsers"]), () => true) },
  { id: "file-push-unmanaged", severity: "medium", title: "A file push permission no resource declares restricts pushes to some files", matches: is("unmanaged", "FilePushPermission") },
  { id: "trusted-ip-narrowed", severity: "medium", title: "A trusted address may do less (view, download, commit)", matches: changed("TrustedIpAddress", TRUSTED_IP_FLAGS, (f) => direction(PUSH, f) !== "wider") },
  { id: "branch-removed", severity: "medium", title: "A branch was removed: commits only it held may be unreachable", matches: is("deleted", "Branch") },
  { id: "tag-removed", severity: "medium", title: "A tag was removed: commits only it held may be unreachable", matches: is("deleted", "Tag") },
  // low: names and descriptions, and objects that grant nothing
  { id: "descriptive-field-changed", severity: "low", title: "A name, title or description changed", matches: (s) => s.kind === "changed" && s.field !== undefined && (DESCRIPTIVE[s.resourceType] ?? []).includes(s.field.field) },
  { id: "label-removed", severity: "low", title: "A label was removed", matches: is("deleted", "Label") },
  { id: "label-unmanaged", severity: "low", title: "A label no resource declares was added", matches: is("unmanaged", "Label") },
  // anything else
  { id: "setting-changed", severity: "medium", title: "Another setting changed", matches: (s) => s.kind === "changed" },
  { id: "resource-removed", severity: "medium", title: "Another resource was removed", matches: (s) => s.kind === "deleted" },
  { id: "object-unmanaged", severity: "high", title: "An object no resource declares was added", matches: (s) => s.kind === "unmanaged" },
  // preview: what the program would do
  { id: "planned-repository-loss", severity: "high", title: "The program would replace or delete a repository", matches: (s) => (s.kind === "replace" || s.kind === "delete") && resourceOfType(s.resourceType)?.report.holder === "none" },
  { id: "planned-replace-or-delete", severity: "medium", title: "The program would replace or delete a resource", matches: (s) => s.kind === "replace" || s.kind === "delete" },
  { id: "planned-change", severity: "low", title: "The program would create or update a resource", matches: () => true },
];

const ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** The rule of one subject: the first that matches (the last row matches everything). */
function ruleOf(subject: Subject): SeverityRule {
  return RULES.find((rule) => rule.matches(subject))!;
}

/** The finding's rule: the most severe any of its fields gives, or (no fields to weigh) its kind's. */
export function classify(finding: Pick<Finding, "kind" | "resourceType" | "fields">, properties?: Record<string, unknown>): SeverityRule {
  const { kind, resourceType } = finding;
  const candidates =
    kind === "changed" && finding.fields.length > 0 ? finding.fields.map((field) => ruleOf({ kind, resourceType, field, properties })) : [ruleOf({ kind, resourceType, properties })];
  return candidates.reduce((best, rule) => (ORDER[rule.severity] < ORDER[best.severity] ? rule : best));
}

/** The finding with its severity and rule set. */
export function ranked<F extends Pick<Finding, "kind" | "resourceType" | "fields">>(finding: F, properties?: Record<string, unknown>): F & { severity: Severity; rule: string } {
  const rule = classify(finding, properties);
  return { ...finding, severity: rule.severity, rule: rule.id };
}

/** `--fail-on`: which severities make the run exit 2. */
export const FAIL_ON = ["high", "medium", "low"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** True when a finding is at least as severe as `threshold`. */
export function atLeast(severity: Severity, threshold: FailOn): boolean {
  return ORDER[severity] <= ORDER[threshold];
}
