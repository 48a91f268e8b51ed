/**
 * The report as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run whose rules
 * are the severity table (gitops/severity.ts), one result per finding. Like the other formats it is
 * made from the report alone, which already has every secret masked; the rule table and the
 * package's name and version are all it adds.
 */
import { createHash } from "node:crypto";
import { ownManifest } from "../importer/generate";
import { displayValue } from "./formats";
import type { FieldDifference, Finding, GitopsReport, Severity } from "./report";
import { RULES, SeverityRule, classify } from "./severity";

export interface SarifOptions {
  /**
   * The config file of a stack, as a path relative to the repository's root with forward slashes
   * (`infra/Pulumi.dev.yaml`): each result points there, since drift has no line of code to point at.
   */
  stackFile: (stack: string) => string;
}

/** The OASIS standard's schema (errata 01), which tests/data/sarif-schema-2.1.0.json holds. */
const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { high: "error", medium: "warning", low: "note" };

/** GitHub code scanning files an alert as high from 7.0, medium from 4.0, low below. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: "8.0", medium: "5.0", low: "2.0" };

/** What a severity means, for a rule's full description (the README's "Severity" says the same). */
const SEVERITY_MEANING: Record<Severity, string> = {
  high: "Ranked high: it widens who can read or write, or puts code at risk.",
  medium: "Ranked medium: it narrows access, or changes another setting.",
  low: "Ranked low: it names or describes an object, or grants nothing.",
};

/** What the fields of a finding do not say by themselves. */
const KIND_TEXT: Record<Finding["kind"], string | undefined> = {
  changed: undefined,
  deleted: "deleted outside the program",
  unmanaged: "declared by no resource",
  create: "the program would create it",
  update: "the program would update it",
  replace: "the program would replace it",
  delete: "the program would delete it",
};

/**
 * The key of the fingerprint in `partialFingerprints`: our own, versioned as the SARIF spec
 * suggests. Not `primaryLocationLineHash`: GitHub's upload recomputes that one from the line's text,
 * and every result here points at line 1 of the same file.
 */
const FINGERPRINT_KEY = "codeartsrepoFinding/v1";

const pascalCase = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

/** One line however a value is written: a description may hold line breaks. */
const oneLine = (value: unknown) => displayValue(value).replace(/\s*\r?\n\s*/g, " ");

function fieldText(field: FieldDifference, preview: boolean): string {
  const change = preview
    ? `${oneLine(field.recorded)} → ${oneLine(field.desired)}${field.forcesReplacement ? " (replaces)" : ""}`
    : `recorded ${oneLine(field.recorded)}, live ${oneLine(field.live)}, program ${oneLine(field.desired)}`;
  return `${field.field} ${change}${field.note ? ` (${field.note})` : ""}`;
}

/** `payments-svc · member bob (Member bob): role recorded developer, live maintainer, program developer` */
function messageOf(finding: Finding, preview: boolean): string {
  const what = [KIND_TEXT[finding.kind], ...finding.fields.map((field) => fieldText(field, preview))].filter((part) => part !== undefined);
  const where = finding.stack ? `${finding.stack}: ` : "";
  return `${where}${finding.object} (${finding.resourceType} ${finding.name})${what.length > 0 ? `: ${what.join("; ")}` : ""}`;
}

/** The finding's rule in the table; a report read back from JSON may lack `rule`, or name one no longer in the table: ranked anew. */
function ruleIndexOf(finding: Finding): number {
  const index = RULES.findIndex((rule) => rule.id === finding.rule);
  return index >= 0 ? index : RULES.indexOf(classify(finding));
}

/** Stays the same from one night to the next while the same object drifts the same way, so code scanning keeps one alert. */
function fingerprintOf(stack: string, finding: Finding, ruleId: string): string {
  return createHash("sha256")
    .update(JSON.stringify([stack, finding.urn ?? finding.object, ruleId]))
    .digest("hex");
}

/** A path as a URI reference: each segment percent-encoded (a space is not allowed in a URI). */
const uriOf = (path: string) => path.split("/").map(encodeURIComponent).join("/");

function descriptorOf(rule: SeverityRule) {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. ${SEVERITY_MEANING[rule.severity]}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { "security-severity": SECURITY_SEVERITY[rule.severity], tags: ["security", "drift"] },
  };
}

/** Where the package says it lives, if it says so with a web address (a SARIF `informationUri` must be absolute). */
export function informationUriOf(manifest: { homepage?: string; repository?: string | { url?: string } }): string | undefined {
  const repository = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  const candidates = [manifest.homepage, repository?.replace(/^git\+/, "").replace(/\.git$/, "")];
  return candidates.find((candidate) => candidate !== undefined && /^https?:\/\/[^\s/]+/.test(candidate));
}

/** The report as a SARIF 2.1.0 log: JSON text, indented by two spaces, ending with a line break. */
export function toSarif(report: GitopsReport, options: SarifOptions): string {
  const manifest = ownManifest();
  const informationUri = informationUriOf(manifest);
  const preview = report.command === "preview";
  const results = report.findings.map((finding) => {
    const ruleIndex = ruleIndexOf(finding);
    const ruleId = RULES[ruleIndex].id;
    const stack = finding.stack ?? report.stack;
    return {
      ruleId,
      ruleIndex,
      level: LEVEL[finding.severity],
      message: { text: messageOf(finding, preview) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: uriOf(options.stackFile(stack)) }, region: { startLine: 1 } },
          logicalLocations: [{ name: finding.name, fullyQualifiedName: finding.urn ?? finding.object, kind: "resource" }],
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(stack, finding, ruleId) },
      properties: { kind: finding.kind, resourceType: finding.resourceType, object: finding.object, severity: finding.severity, stack },
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "codeartsrepo", ...(informationUri ? { informationUri } : {}), version: manifest.version, rules: RULES.map(descriptorOf) } },
        // Code scanning keeps one set of alerts per category (the id up to its last "/"): drift and
        // preview, and each stack's upload, must not close each other's alerts.
        automationDetails: { id: `${report.command}/${report.stack}/` },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
        results,
        properties: { command: report.command, stack: report.stack, ...(report.stacks ? { stacks: report.stacks } : {}), summary: report.summary, notes: report.notes },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
