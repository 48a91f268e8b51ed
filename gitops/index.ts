/**
 * `pulumi-codeartsrepo/gitops`: drift detection, change previews and the pruning of reviewed
 * unmanaged objects for scripted CI jobs, the library behind `codeartsrepo drift`, `preview` and
 * `prune`. A separate entry point, so that a Pulumi program importing the resources never loads
 * the Automation API.
 */
export { detectDrift, remediateDrift, DriftOptions, RemediationResult } from "./drift";
export { previewChanges, PreviewOptions } from "./preview";
export { DriftReport, PreviewReport, GitopsReport, Finding, FieldDifference, SECRET_PLACEHOLDER, hasFindings } from "./report";
export { toMarkdown, toJUnit, toText } from "./formats";
export { toSarif, SarifOptions } from "./sarif";
export { IgnoreRule, parseIgnoreFile, parseIgnoreRules, applyIgnoreRules } from "./ignore";
export { GitopsError, StackOptions } from "./stack";
export { pruneUnmanaged, PruneOptions, PruneEntry, PruneAction, SkipCause } from "./prune";
