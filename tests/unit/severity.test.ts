import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FieldDifference, Finding } from "../../gitops/report";
import { RULES, atLeast, classify } from "../../gitops/severity";

type Example = Pick<Finding, "kind" | "resourceType" | "fields"> & { properties?: Record<string, unknown> };

const field = (name: string, recorded: unknown, live: unknown): FieldDifference => ({ field: name, recorded, live, desired: recorded });
const changed = (resourceType: string, ...fields: FieldDifference[]): Example => ({ kind: "changed", resourceType, fields });
const of = (kind: Finding["kind"], resourceType: string): Example => ({ kind, resourceType, fields: [] });

/** At least one finding per rule, and the rule it must get: a rule no example reaches is dead. */
const EXAMPLES: [string, Example][] = [
  ["repository-deleted", of("deleted", "Repository")],
  ["repository-visibility-widened", changed("Repository", field("visibility", "private", "public"))],
  ["repository-visibility-widened", changed("Repository", field("visibility", "private", "internal"))],
  ["member-role-raised", changed("Member", field("role", "developer", "maintainer"))],
  ["member-role-raised", changed("Member", field("role", "reader", "developer"))],
  // A role no program word names: the direction cannot be told, so it is read as a widening.
  ["member-role-raised", changed("Member", field("role", "developer", "unknown(Release manager)"))],
  ["member-unmanaged", of("unmanaged", "Member")],
  ["deploy-key-push-granted", changed("DeployKey", field("canPush", false, true))],
  ["deploy-key-replaced", changed("DeployKey", field("fingerprint", "SHA256:a", "SHA256:b"))],
  ["deploy-key-unmanaged", of("unmanaged", "DeployKey")],
  ["protection-loosened", changed("ProtectedBranch", field("pushAccess", "noOne", "maintainers"))],
  ["protection-loosened", changed("ProtectedBranch", field("mergeAccess", "maintainers", "custom (not restricted: whoever may write to the repository)"))],
  ["protection-loosened", changed("ProtectedTag", field("createAccess", "maintainers", "custom (roles: Administrator; users: eve)"))],
  ["protection-removed", of("deleted", "ProtectedBranch")],
  ["protection-removed", of("deleted", "ProtectedTag")],
  ["webhook-target-changed", changed("Webhook", field("url", "https://ci.example.com/a", "https://collector.example.net/b"))],
  ["webhook-scope-widened", changed("Webhook", field("events", ["push"], ["push", "note"]))],
  ["webhook-scope-widened", changed("Webhook", field("branchFilter", "^master$", ".*"))],
  ["webhook-removed", of("deleted", "Webhook")],
  ["webhook-unmanaged", of("unmanaged", "Webhook")],
  // A project's hook sends the events of every repository in the project: ranked as a repository's.
  ["webhook-target-changed", changed("ProjectWebhook", field("url", "https://ci.example.com/a", "https://collector.example.net/b"))],
  ["webhook-scope-widened", changed("ProjectWebhook", field("events", ["push"], ["push", "mergeRequest"]))],
  ["webhook-scope-widened", changed("ProjectWebhook", field("branchFilter", "^master$", ".*"))],
  ["webhook-removed", of("deleted", "ProjectWebhook")],
  ["webhook-unmanaged", of("unmanaged", "ProjectWebhook")],
  ["webhook-scope-narrowed", changed("ProjectWebhook", field("events", ["push", "note"], ["note"]))],
  ["descriptive-field-changed", changed("ProjectWebhook", field("description", "CI", "ci"))],
  ["approval-rule-removed", of("deleted", "ApprovalRule")],
  ["approval-rule-loosened", changed("ApprovalRule", field("requiredApprovals", 2, 1))],
  ["approval-rule-loosened", changed("ApprovalRule", field("requirePipelinePass", true, false))],
  ["approval-rule-loosened", changed("ApprovalRule", field("approvers", [1002], [1002, 1009]))],
  ["approval-rule-loosened", changed("ApprovalRule", field("branch", "master", "main"))],
  ["approval-rule-tightened", changed("ApprovalRule", field("requiredApprovals", 1, 2))],
  ["approval-rule-tightened", changed("ApprovalRule", field("approvers", [1002, 1009], [1002]))],
  ["approval-rule-unmanaged", of("unmanaged", "ApprovalRule")],
  ["merge-request-safeguard-loosened", changed("MergeRequestSettings", field("forbidSelfMerge", true, false))],
  ["merge-request-safeguard-loosened", changed("MergeRequestSettings", field("allowForceMerge", false, true))],
  ["merge-request-safeguard-loosened", changed("MergeRequestSettings", field("minimumScore", 3, 1))],
  ["setting-changed", changed("MergeRequestSettings", field("forbidSelfMerge", false, true))],
  ["setting-changed", changed("MergeRequestSettings", field("mergeMethod", "ff", "merge"))],
  ["repository-policy-loosened", changed("RepositoryPolicy", field("forkForbidden", true, false))],
  ["repository-policy-loosened", changed("RepositoryPolicy", field("branchNamePattern", "^(feature|fix)/", ".*"))],
  ["repository-policy-loosened", changed("RepositoryPolicy", field("branchCreators", ["1001"], ["1001", "1002"]))],
  ["setting-changed", changed("RepositoryPolicy", field("developersCannotCreateBranches", false, true))],
  ["setting-changed", changed("RepositoryPolicy", field("generatePreMergeRef", true, false))],
  ["file-push-widened", changed("FilePushPermission", field("pushAccess", "maintainers", "developers"))],
  ["file-push-widened", changed("FilePushPermission", field("pushAccess", "noOne", "custom (users: mallory)"))],
  ["file-push-widened", changed("FilePushPermission", field("path", "CODEOWNERS", "docs/*"))],
  ["file-push-widened", changed("FilePushPermission", field("pushUsers", [1002], [1002, 1009]))],
  ["file-push-tightened", changed("FilePushPermission", field("pushUsers", [1002, 1009], [1002]))],
  ["file-push-removed", of("deleted", "FilePushPermission")],
  ["file-push-tightened", changed("FilePushPermission", field("pushAccess", "developers", "noOne"))],
  ["file-push-unmanaged", of("unmanaged", "FilePushPermission")],
  ["repository-visibility-narrowed", changed("Repository", field("visibility", "public", "private"))],
  ["member-role-lowered", changed("Member", field("role", "maintainer", "reader"))],
  ["member-removed", of("deleted", "Member")],
  ["deploy-key-push-revoked", changed("DeployKey", field("canPush", true, false))],
  ["deploy-key-removed", of("deleted", "DeployKey")],
  ["ssh-key-removed", of("deleted", "SSHKey")],
  ["protection-tightened", changed("ProtectedBranch", field("pushAccess", "developers", "noOne"))],
  ["protection-unmanaged", of("unmanaged", "ProtectedBranch")],
  ["webhook-scope-narrowed", changed("Webhook", field("events", ["push", "note"], ["push"]))],
  ["branch-removed", of("deleted", "Branch")],
  ["tag-moved", changed("Tag", field("commitId", "4e1b2c3", "9f8a7b6"))],
  ["tag-removed", of("deleted", "Tag")],
  ["control-file-changed", { ...changed("RepositoryFile", field("content", "* @lead", "* @anyone")), properties: { filePath: "CODEOWNERS" } }],
  ["control-file-changed", { ...changed("RepositoryFile", field("content", "a", "b")), properties: { filePath: "docs/CODEOWNERS" } }],
  ["control-file-changed", { ...of("deleted", "RepositoryFile"), properties: { filePath: ".gitlab-ci.yml" } }],
  ["control-file-changed", { ...changed("RepositoryFile", field("content", "a", "b")), properties: { filePath: ".cloudbuild/build.yml" } }],
  ["file-changed", { ...changed("RepositoryFile", field("content", "a", "b")), properties: { filePath: "docs/CONTRIBUTING.md" } }],
  ["file-changed", { ...of("deleted", "RepositoryFile"), properties: { filePath: "ci/README.md" } }],
  ["descriptive-field-changed", changed("Repository", field("description", "a", "b"))],
  ["descriptive-field-changed", changed("Webhook", field("name", "ci", "ci-old"))],
  ["trusted-ip-widened", changed("TrustedIpAddress", field("start", "10.0.0.0/24", "0.0.0.0/0"))],
  ["trusted-ip-widened", changed("TrustedIpAddress", field("allowUpload", false, true))],
  ["trusted-ip-removed", of("deleted", "TrustedIpAddress")],
  ["trusted-ip-unmanaged", of("unmanaged", "TrustedIpAddress")],
  ["trusted-ip-narrowed", changed("TrustedIpAddress", field("allowDownload", true, false))],
  ["descriptive-field-changed", changed("TrustedIpAddress", field("remark", "office", "vpn"))],
  ["label-removed", of("deleted", "Label")],
  ["label-unmanaged", of("unmanaged", "Label")],
  ["setting-changed", changed("Webhook", field("tokenType", "X-Repo-Token", "X-Gitlab-Token"))],
  ["resource-removed", of("deleted", "RepositoryStatistics")],
  ["object-unmanaged", of("unmanaged", "SomethingNew")],
  ["planned-repository-loss", of("replace", "Repository")],
  ["planned-repository-loss", of("delete", "Repository")],
  ["planned-replace-or-delete", of("delete", "Member")],
  ["planned-change", of("update", "Member")],
  ["planned-change", of("create", "Repository")],
];

describe("severity by the direction of privilege (gitops/severity.ts)", () => {
  it.each(EXAMPLES)("ranks %s", (rule, example) => {
    const got = classify(example, example.properties);
    expect(got.id).toBe(rule);
    expect(got.severity).toBe(RULES.find((candidate) => candidate.id === rule)!.severity);
  });

  it("has an example for every rule, and unique rule ids", () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(EXAMPLES.map(([rule]) => rule))].sort()).toEqual([...ids].sort());
  });

  it("ranks a finding by its most severe field: a renamed webhook that now posts elsewhere is high", () => {
    const finding = changed("Webhook", field("name", "ci", "ci2"), field("url", "https://a.example", "https://b.example"));
    expect(classify(finding)).toMatchObject({ id: "webhook-target-changed", severity: "high" });
    expect(classify(changed("Webhook", field("name", "ci", "ci2")))).toMatchObject({ severity: "low" });
  });

  it("--fail-on compares severities: high only, medium and up, anything", () => {
    expect([atLeast("high", "high"), atLeast("medium", "high"), atLeast("low", "high")]).toEqual([true, false, false]);
    expect([atLeast("high", "medium"), atLeast("medium", "medium"), atLeast("low", "medium")]).toEqual([true, true, false]);
    expect([atLeast("high", "low"), atLeast("medium", "low"), atLeast("low", "low")]).toEqual([true, true, true]);
  });

  it("is the README's severity table, row for row", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const start = readme.indexOf("<!-- severity-rules:start -->");
    const end = readme.indexOf("<!-- severity-rules:end -->");
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const rows = readme
      .slice(start, end)
      .split("\n")
      .filter((line) => /^\| `/.test(line))
      .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
    expect(rows).toEqual(RULES.map((rule) => [`\`${rule.id}\``, rule.severity, rule.title]));
  });
});
