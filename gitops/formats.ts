/**
 * The report as Markdown (a CI job summary or a merge-request comment) and as JUnit XML (one
 * failing test case per finding, so a CI test view lists them). Both come from the report object
 * only, which already has every secret masked.
 */
import type { FieldDifference, Finding, GitopsReport } from "./report";

/** Longest value shown in a Markdown cell; the JSON report has the whole value. */
const CELL_LIMIT = 120;

/** A value as one line of text: strings as they are, anything else as JSON; null as "—". */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function cell(value: unknown): string {
  const text = displayValue(value);
  const short = text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT - 1)}…` : text;
  // A cell ends at `|` and a line break; backticks would open code spans across cells.
  return short.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/`/g, "'").replace(/\r?\n/g, " ");
}

/** The one-line summary: "3 changed, 1 deleted, 2 unmanaged (9 resources)". */
export function summaryLine(report: GitopsReport): string {
  const { resources, ...counts } = report.summary as Record<string, number>;
  const parts = Object.entries(counts).filter(([, count]) => count > 0).map(([kind, count]) => `${count} ${kind}`);
  const what = report.command === "preview" ? "no changes" : "no drift";
  return `${parts.length > 0 ? parts.join(", ") : what} (${resources} resources)`;
}

/** "high (member-role-raised)": the severity and the rule that gave it. */
function severityText(finding: Finding): string {
  return finding.rule ? `${finding.severity} (${finding.rule})` : finding.severity;
}

function fieldNames(finding: Finding): string {
  return finding.fields.map((field) => field.field + (field.forcesReplacement ? " (replaces)" : "")).join(", ");
}

function fieldTable(fields: FieldDifference[], preview: boolean): string[] {
  if (fields.length === 0) return [];
  const header = preview ? "| Field | Now | Program |\n|---|---|---|" : "| Field | Recorded | Live | Program |\n|---|---|---|---|";
  const rows = fields.map((field) =>
    preview
      ? `| ${cell(field.field)}${field.forcesReplacement ? " **(replaces)**" : ""} | ${cell(field.recorded)} | ${cell(field.desired)} |`
      : `| ${cell(field.field)} | ${cell(field.recorded)} | ${cell(field.live)} | ${cell(field.desired)} |`,
  );
  return [header, ...rows, ""];
}

/**
 * Markdown: a title with the counts, a short table (one row per finding), then the per-field detail
 * collapsed. An empty string when there is nothing to report: nothing to post.
 */
export function toMarkdown(report: GitopsReport): string {
  if (report.findings.length === 0) return "";
  const preview = report.command === "preview";
  const title = preview ? `codeartsrepo preview — stack \`${report.stack}\`` : `codeartsrepo drift — stack \`${report.stack}\``;
  const several = (report.stacks?.length ?? 0) > 0;
  const stackCell = (finding: Finding) => (several ? ` ${cell(finding.stack ?? report.stack)} |` : "");
  const lines = [
    `### ${title}`,
    "",
    `**${summaryLine(report)}**`,
    "",
    `| |${several ? " Stack |" : ""} Object | Resource | Fields | Severity |`,
    `|---|${several ? "---|" : ""}---|---|---|---|`,
  ];
  for (const finding of report.findings) {
    lines.push(`| ${finding.kind} |${stackCell(finding)} ${cell(finding.object)} | ${cell(`${finding.resourceType} ${finding.name}`)} | ${cell(fieldNames(finding))} | ${severityText(finding)} |`);
  }
  lines.push("", "<details><summary>Details per field</summary>", "");
  for (const finding of report.findings) {
    lines.push(`#### ${finding.kind}: ${cell(finding.object)}${finding.stack ? ` (stack ${cell(finding.stack)})` : ""}`, "", `\`${finding.resourceType} ${finding.name}\`${finding.urn ? "" : " (declared by no resource in the stack)"}`, "");
    lines.push(...fieldTable(finding.fields, preview));
    for (const field of finding.fields) if (field.note) lines.push(`> ${cell(field.field)}: ${field.note}`, "");
  }
  lines.push("</details>", "");
  for (const note of report.notes) lines.push(`> ${note}`, "");
  return lines.join("\n");
}

/** Text safe inside an XML attribute or element (characters XML 1.0 cannot carry are dropped). */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function failureText(finding: Finding): string {
  const lines = [`${finding.kind} ${finding.resourceType} ${finding.name}${finding.urn ? ` (${finding.urn})` : ""}${finding.rule ? ` [${finding.rule}]` : ""}`];
  for (const field of finding.fields) {
    lines.push(`  ${field.field}: recorded ${displayValue(field.recorded)}, live ${displayValue(field.live)}, program ${displayValue(field.desired)}`);
    if (field.note) lines.push(`    (${field.note})`);
  }
  return lines.join("\n");
}

/**
 * JUnit XML: one test suite for the stack, one failing test case per finding (class = the finding's
 * kind and resource type, name = the object). A clean run is one passing case, so a CI test view
 * shows the check ran.
 */
export function toJUnit(report: GitopsReport): string {
  const suite = `codeartsrepo ${report.command} ${report.stack}`;
  const cases = report.findings.map((finding) => {
    const message = `${finding.kind}${finding.fields.length > 0 ? `: ${fieldNames(finding)}` : ""} (${[finding.severity, finding.rule].filter(Boolean).join(", ")})`;
    const stack = finding.stack ? `${xmlEscape(finding.stack)}.` : "";
    return [
      `    <testcase classname="codeartsrepo.${report.command}.${stack}${xmlEscape(finding.resourceType)}" name="${xmlEscape(finding.object)}">`,
      `      <failure type="${finding.kind}" message="${xmlEscape(message)}">${xmlEscape(failureText(finding))}</failure>`,
      "    </testcase>",
    ].join("\n");
  });
  if (cases.length === 0) cases.push(`    <testcase classname="codeartsrepo.${report.command}" name="${xmlEscape(`${report.stack}: ${summaryLine(report)}`)}"/>`);
  const notes = report.notes.length > 0 ? [`    <system-out>${xmlEscape(report.notes.join("\n"))}</system-out>`] : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suite)}" tests="${Math.max(1, report.findings.length)}" failures="${report.findings.length}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${Math.max(1, report.findings.length)}" failures="${report.findings.length}" errors="0" timestamp="${xmlEscape(report.generatedAt)}">`,
    ...cases,
    ...notes,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** A short plain-text report for the terminal. */
export function toText(report: GitopsReport): string {
  const lines = [`codeartsrepo ${report.command} — stack ${report.stack}: ${summaryLine(report)}`];
  for (const finding of report.findings) {
    const where = finding.stack ? `${finding.stack}: ` : "";
    lines.push(`  ${finding.kind.padEnd(9)} ${where}${finding.object}  [${finding.resourceType} ${finding.name}, ${severityText(finding)}]`);
    for (const field of finding.fields) {
      lines.push(
        report.command === "preview"
          ? `      ${field.field}: ${displayValue(field.recorded)} → ${displayValue(field.desired)}${field.forcesReplacement ? " (replaces)" : ""}`
          : `      ${field.field}: recorded ${displayValue(field.recorded)}, live ${displayValue(field.live)}, program ${displayValue(field.desired)}`,
      );
      if (field.note) lines.push(`        why: ${field.note}`);
    }
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join("\n") + "\n";
}
