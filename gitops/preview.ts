/**
 * `previewChanges()`: what `pulumi up` would change, per resource and per field, for the
 * merge-request job. Dynamic providers give the engine no per-field diff (`detailedDiff` is null),
 * so the fields are computed here: the state's value against the program's.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { applyIgnoreRules } from "./ignore";
import { RepositoryNames, describeObject } from "./objects";
import { ranked } from "./severity";
import { ChangeKind, Finding, PreviewReport, sortFindings } from "./report";
import { StackOptions, StackResource, asGitopsError, asStackResource, differingFields, eventLog, openStack, recordedResources, reportValue, resourceTypeOf } from "./stack";

export interface PreviewOptions extends StackOptions {
  /** Refresh first (`pulumi preview --refresh`), so the plan starts from what is live. */
  refresh?: boolean;
}

/** Engine step operations and the change each one is; steps not listed (same, read, the halves of a replacement) add nothing. */
const CHANGES: Record<string, ChangeKind> = { create: "create", update: "update", replace: "replace", delete: "delete" };

function changeFindings(events: EngineEvent[], recorded: StackResource[]): Finding[] {
  const findings: Finding[] = [];
  const steps = events.flatMap((event) => (event.resourcePreEvent?.metadata ? [event.resourcePreEvent.metadata] : []));
  const planned = steps.filter((step) => resourceTypeOf(step.type) && CHANGES[step.op]);
  // Objects are named with the repositories as they will be: recorded, and those the plan creates.
  const repositories = new RepositoryNames([...recorded, ...planned.flatMap((step) => (step.new ? [asStackResource(step.new as unknown as Record<string, unknown>)] : []))]);
  for (const step of planned) {
    const kind = CHANGES[step.op];
    const before = step.old ? asStackResource(step.old as unknown as Record<string, unknown>) : undefined;
    const after = step.new ? asStackResource(step.new as unknown as Record<string, unknown>) : undefined;
    const subject = (after ?? before)!;
    const replaceKeys = new Set(step.keys ?? []);
    let fields: Finding["fields"];
    if (kind === "create") {
      fields = Object.keys(after!.inputs).sort().map((field) => ({ field, recorded: null, live: null, desired: reportValue(after!.inputs[field]) }));
    } else if (kind === "delete") {
      fields = [];
    } else {
      // The provider compares the state's outputs with the program's inputs: so does the report.
      // An input the outputs leave out (a webhook's token) is compared with the recorded input;
      // a secret is masked on both sides, so its change shows as the step with no field.
      const recorded = { ...before!.inputs, ...before!.outputs };
      const changed = new Set([...differingFields(recorded, after!.inputs, Object.keys(after!.inputs)), ...replaceKeys]);
      fields = [...changed].sort().map((field) => ({
        field,
        recorded: reportValue(recorded[field]),
        live: null,
        desired: reportValue(after!.inputs[field]),
        ...(kind === "replace" ? { forcesReplacement: replaceKeys.has(field) } : {}),
      }));
    }
    findings.push(
      ranked({
        kind,
        resourceType: subject.resourceType,
        name: subject.name,
        urn: step.urn,
        object: describeObject(subject.resourceType, { ...subject.outputs, ...subject.inputs }, repositories, subject.name),
        fields,
      }),
    );
  }
  return findings;
}

/** Previews the program against an existing stack. Throws {@link GitopsError} when the preview itself fails. */
export async function previewChanges(options: PreviewOptions = {}): Promise<PreviewReport> {
  const stack = await openStack(options);
  const recorded = await recordedResources(stack).catch((error) => Promise.reject(asGitopsError(error, "cannot read the stack's state")));
  const plan = eventLog();
  try {
    await stack.preview({ refresh: options.refresh, configFile: options.configFile, onEvent: plan.onEvent });
  } catch (error) {
    throw asGitopsError(error, "preview failed");
  }
  const { findings, ignoredObjects, ignoredFields } = applyIgnoreRules(changeFindings(plan.events, recorded), options.ignore ?? []);
  const notes: string[] = [];
  if (ignoredObjects + ignoredFields > 0) notes.push(`Left out by the ignore rules: ${ignoredObjects} object(s), ${ignoredFields} field(s).`);
  const count = (kind: ChangeKind) => findings.filter((finding) => finding.kind === kind).length;
  const planned = new Set(plan.events.flatMap((event) => (event.resourcePreEvent && resourceTypeOf(event.resourcePreEvent.metadata.type) ? [event.resourcePreEvent.metadata.urn] : [])));
  return PreviewReport.parse({
    version: 1,
    command: "preview",
    stack: stack.name,
    generatedAt: new Date().toISOString(),
    summary: { resources: planned.size, create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete") },
    findings: sortFindings(findings),
    notes,
  });
}
