/**
 * The report `codeartsrepo drift` and `codeartsrepo preview` write as JSON, and `detectDrift()` /
 * `previewChanges()` return: one versioned shape, checked by {@link GitopsReport}. Version 1 only
 * ever gains optional fields; a change that could break a reader is version 2.
 */
import { z } from "zod";

/** What a secret value is shown as, everywhere: the report never holds a secret or a value derived from one. */
export const SECRET_PLACEHOLDER = "[secret]";

/** Any JSON value: what a field held (null: nothing, or not applicable). */
const FieldValue: z.ZodType<unknown> = z.unknown();

export const FieldDifference = z.object({
  /** The field's name in the program (`role`, `pushAccess`, …). */
  field: z.string(),
  /** The value in the stack's state (null: none recorded, e.g. an unmanaged object). */
  recorded: FieldValue,
  /** The value the service holds now (null: gone, or not read, as in a preview without refresh). */
  live: FieldValue,
  /** The value the program declares (null: the program does not declare it). */
  desired: FieldValue,
  /** Preview only: a change to this field replaces the resource. */
  forcesReplacement: z.boolean().optional(),
  /** Why a live value is shown as it is: e.g. why a role stays `unknown(…)` (no evidence names it). */
  note: z.string().optional(),
});
export type FieldDifference = z.infer<typeof FieldDifference>;

export const ObjectIdentity = z.object({
  repositoryId: z.number().int(),
  repositoryUuid: z.string(),
  /** The id the kind's list gives it (a member: the IAM user id; a key or webhook: its number; a rule: its name). */
  id: z.string(),
  name: z.string(),
  fingerprint: z.string().optional(),
});
export type ObjectIdentity = z.infer<typeof ObjectIdentity>;

export const DRIFT_KINDS = ["changed", "deleted", "unmanaged"] as const;
export const CHANGE_KINDS = ["create", "update", "replace", "delete"] as const;
export const SEVERITIES = ["high", "medium", "low"] as const;

export const Finding = z.object({
  /** Drift: changed / deleted / unmanaged. Preview: create / update / replace / delete. */
  kind: z.enum([...DRIFT_KINDS, ...CHANGE_KINDS]),
  /** The resource class (`Member`, `Webhook`, …), also for an unmanaged object no resource declares. */
  resourceType: z.string(),
  /** The resource's name in the program; for an unmanaged object, the service's name for it. */
  name: z.string(),
  /** The resource's URN; null for an unmanaged object. */
  urn: z.string().nullable(),
  /** What it is in CodeArts terms: "payments-svc · member alice". */
  object: z.string(),
  severity: z.enum(SEVERITIES),
  /** The severity rule that ranked it (gitops/severity.ts; a SARIF rule id). */
  rule: z.string().optional(),
  /** The stack it was found in: set on every finding of a report over several stacks. */
  stack: z.string().optional(),
  /**
   * An unmanaged object as the service listed it, for `codeartsrepo prune`: the repository, the id
   * the kind's list gives it, its name, and (a key) its fingerprint. Prune removes it only while
   * the live object still shows all of them.
   */
  identity: ObjectIdentity.optional(),
  fields: z.array(FieldDifference),
});
export type Finding = z.infer<typeof Finding>;
export type DriftKind = (typeof DRIFT_KINDS)[number];
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];

const common = {
  version: z.literal(1),
  /** The stack as the backend names it (`dev`, `org/project/prod`); several, comma-separated, in a report over several stacks. */
  stack: z.string(),
  /** The stacks a report over several stacks covers (`--stacks`, `--all-stacks`). */
  stacks: z.array(z.string()).optional(),
  /** ISO 8601, when the run finished. */
  generatedAt: z.iso.datetime(),
  findings: z.array(Finding),
  /** What the report cannot see (a webhook token cannot be read back), and what was left out. */
  notes: z.array(z.string()).default([]),
};

export const DriftReport = z.object({
  ...common,
  command: z.literal("drift").default("drift"),
  summary: z.object({
    /** CodeArts Repo resources in the stack. */
    resources: z.number().int().min(0),
    changed: z.number().int().min(0),
    deleted: z.number().int().min(0),
    unmanaged: z.number().int().min(0),
  }),
});
export type DriftReport = z.output<typeof DriftReport>;

export const PreviewReport = z.object({
  ...common,
  command: z.literal("preview"),
  summary: z.object({
    resources: z.number().int().min(0),
    create: z.number().int().min(0),
    update: z.number().int().min(0),
    replace: z.number().int().min(0),
    delete: z.number().int().min(0),
  }),
});
export type PreviewReport = z.output<typeof PreviewReport>;

/** Either report; `command` tells them apart (a drift report without it is a drift report). */
export const GitopsReport = z.union([PreviewReport, DriftReport]);
export type GitopsReport = DriftReport | PreviewReport;

/** True when the report has something to act on (drift found, or changes planned). */
export function hasFindings(report: GitopsReport): boolean {
  return report.findings.length > 0;
}

const KIND_ORDER: Record<Finding["kind"], number> = { deleted: 0, changed: 1, unmanaged: 2, delete: 3, replace: 4, update: 5, create: 6 };

/** Findings in report order: by stack (a report over several), the most disruptive kind first, then by object and name. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.stack ?? "").localeCompare(b.stack ?? "") || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.object.localeCompare(b.object) || a.name.localeCompare(b.name),
  );
}
