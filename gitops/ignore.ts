/**
 * The ignore file (`--ignore FILE`): objects and fields a drift or preview report leaves out.
 *
 * One rule per line; `#` starts a comment; blank lines are skipped. A rule is
 *
 *     <resourceType> <name> [<field>]
 *
 * `resourceType` is the resource class (`Member`, `Webhook`, `DeployKey`, `ProtectedBranch`,
 * `ProtectedTag`, `Repository`, `Branch`, `SSHKey`, …) and `name` the resource's name in the
 * program — or, for an unmanaged object, the name the report gives it (a user name, a webhook's
 * name, a deploy key's title, a branch or tag name). Both may use `*` for any run of characters.
 * With a `field`, only that field is left out (a `changed` or `update` finding left with no field
 * is dropped: nothing else differed); without one, the whole object is.
 */
import { readFileSync } from "node:fs";
import type { Finding } from "./report";

export interface IgnoreRule {
  resourceType: string;
  name: string;
  field?: string;
  /** Where the rule was written, for error messages: `file:line`. */
  source?: string;
}

export function parseIgnoreRules(text: string, source = "ignore file"): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "") return;
    const parts = line.split(/\s+/);
    if (parts.length < 2 || parts.length > 3) {
      throw new Error(`${source}:${index + 1}: expected "<resourceType> <name> [<field>]", got "${line}"`);
    }
    const [resourceType, name, field] = parts;
    rules.push({ resourceType, name, field, source: `${source}:${index + 1}` });
  });
  return rules;
}

export function parseIgnoreFile(path: string): IgnoreRule[] {
  return parseIgnoreRules(readFileSync(path, "utf8"), path);
}

/** Findings that exist only because some field differs: the ones a field rule can empty. */
const FIELD_FINDINGS = new Set<Finding["kind"]>(["changed", "update"]);

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
}

/** The findings with what the rules name left out, and how many objects and fields they left out. */
export function applyIgnoreRules(findings: Finding[], rules: IgnoreRule[]): { findings: Finding[]; ignoredObjects: number; ignoredFields: number } {
  let ignoredObjects = 0;
  let ignoredFields = 0;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const matching = rules.filter((rule) => glob(rule.resourceType).test(finding.resourceType) && glob(rule.name).test(finding.name));
    if (matching.some((rule) => rule.field === undefined)) {
      ignoredObjects++;
      continue;
    }
    const fieldRules = matching.map((rule) => glob(rule.field!));
    if (!FIELD_FINDINGS.has(finding.kind) || fieldRules.length === 0) {
      kept.push(finding);
      continue;
    }
    const fields = finding.fields.filter((field) => !fieldRules.some((pattern) => pattern.test(field.field)));
    ignoredFields += finding.fields.length - fields.length;
    if (fields.length > 0) kept.push({ ...finding, fields });
  }
  return { findings: kept, ignoredObjects, ignoredFields };
}
