/**
 * The Pulumi side of drift and preview: opening an existing stack with the Automation API, reading
 * its state and config, and turning engine values into report values (secrets masked).
 */
import { isDeepStrictEqual } from "node:util";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { ProviderConfig, environmentSource, firstOf, resolveConfig, stackConfigSource } from "../api/config";
import { SECRET_PLACEHOLDER } from "./report";
import { IgnoreRule } from "./ignore";
import { typeNameOf } from "../provider/registry";

export interface StackOptions {
  /** The Pulumi project directory (holding Pulumi.yaml). Default: the current directory. */
  cwd?: string;
  /** The stack to check. Default: the selected stack. */
  stack?: string;
  /** A stack config file other than `Pulumi.<stack>.yaml` (the CLI's `--config-file`). */
  configFile?: string;
  /** Extra environment for the Pulumi CLI and the provider (credentials, backend, passphrase). */
  env?: Record<string, string>;
  /** Objects and fields to leave out of the report (see {@link parseIgnoreFile}). */
  ignore?: IgnoreRule[];
}

/** A failure of the run itself (bad stack, credentials, API): never drift. Exit code 1. */
export class GitopsError extends Error {
  override readonly name = "GitopsError";
}


/** The signature key Pulumi marks a secret value with, in state and in engine events. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/**
 * Outputs that are derived from a secret (the webhook token's salted hash) and shown masked;
 * fields that are the provider's bookkeeping, not settings anyone changes (never reported).
 */
const SECRET_DERIVED: Record<string, readonly string[]> = { Webhook: ["tokenHash", "tokenSalt"] };
const BOOKKEEPING: Record<string, readonly string[]> = { "*": ["__provider", "createdAt", "updatedAt", "adoptExisting", "allowReplace"], Member: ["roleId", "memberId"], RepositoryFile: ["blobId", "lastCommitId"] };

export interface StackResource {
  urn: string;
  /** `Member`, `Webhook`, …: the type after the provider prefix. */
  resourceType: string;
  /** The name in the program: the URN's last part. */
  name: string;
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** The outputs a report never shows but may reason from (a member's `roleId`), none of them secret. */
  bookkeeping: Record<string, unknown>;
}

/** The type name of one of this package's resources, dynamic or plugin (provider/registry.ts). */
export const resourceTypeOf = typeNameOf;

export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** This package's resources in a state (or an engine event's `old`/`new`), secrets masked. */
export function codeartsResources(resources: ReadonlyArray<Record<string, any>>): StackResource[] {
  return resources.flatMap((resource) => {
    const resourceType = resourceTypeOf(String(resource.type ?? ""));
    if (!resourceType || resource.custom === false || resource.delete) return [];
    return [asStackResource(resource)];
  });
}

export function asStackResource(resource: Record<string, any>): StackResource {
  const resourceType = resourceTypeOf(String(resource.type)) ?? String(resource.type);
  return {
    urn: resource.urn,
    resourceType,
    name: nameOfUrn(resource.urn),
    id: resource.id || undefined,
    inputs: reportable(resourceType, resource.inputs ?? {}),
    outputs: reportable(resourceType, resource.outputs ?? {}),
    bookkeeping: bookkeepingOf(resourceType, resource.outputs ?? {}),
  };
}

/** A value with every secret replaced by {@link SECRET_PLACEHOLDER}. */
export function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, masked(item)]));
  }
  return value;
}

/** Properties as a report may show them: secrets and secret-derived values masked, bookkeeping dropped. */
function reportable(resourceType: string, properties: Record<string, unknown>): Record<string, unknown> {
  const hidden = new Set([...BOOKKEEPING["*"], ...(BOOKKEEPING[resourceType] ?? [])]);
  const derived = new Set(SECRET_DERIVED[resourceType] ?? []);
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (hidden.has(key)) continue;
    shown[key] = derived.has(key) && value !== undefined && value !== null ? SECRET_PLACEHOLDER : masked(value);
  }
  return shown;
}

/** The resource-specific bookkeeping outputs, plain (a secret one is left out). */
function bookkeepingOf(resourceType: string, properties: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of BOOKKEEPING[resourceType] ?? []) {
    const value = properties[key];
    if (value !== undefined && masked(value) === value) kept[key] = value;
  }
  return kept;
}

/** The fields whose values differ between two property sets, in a stable order. */
export function differingFields(a: Record<string, unknown>, b: Record<string, unknown>, only?: Iterable<string>): string[] {
  const keys = only ? [...only] : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((key) => !isDeepStrictEqual(a[key] ?? null, b[key] ?? null)).sort();
}

/** A value for the report: undefined becomes null (JSON has no undefined). */
export function reportValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

type Automation = typeof import("@pulumi/pulumi/automation");

/**
 * Loaded on first use, so that a Pulumi program importing this package's resources never loads the
 * Automation API.
 */
export function automation(): Automation {
  return require("@pulumi/pulumi/automation") as Automation;
}

/** The environment the CLI and the provider run with. */
export function engineEnv(options: StackOptions, extra: Record<string, string> = {}): Record<string, string> {
  // `--preview-only` refuses to run with --yes, which PULUMI_SKIP_CONFIRMATIONS implies.
  return { ...options.env, PULUMI_SKIP_CONFIRMATIONS: "false", ...extra };
}

/** Opens the stack, or fails saying which and why (exit 1, never drift). */
export async function openStack(options: StackOptions, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const { LocalWorkspace } = automation();
  const workDir = options.cwd ?? process.cwd();
  try {
    const workspace = await LocalWorkspace.create({ workDir, envVars: engineEnv(options, extraEnv) });
    const name = options.stack ?? (await workspace.stack())?.name;
    if (!name) throw new GitopsError(`no stack selected in ${workDir}: pass --stack`);
    return await LocalWorkspace.selectStack({ stackName: name, workDir }, { envVars: engineEnv(options, extraEnv) });
  } catch (error) {
    throw asGitopsError(error, `cannot open stack ${options.stack ?? "(selected)"} in ${workDir}`);
  }
}

/** The stack's state as recorded, with what tells whether an update is writing it right now. */
export interface RecordedState {
  resources: StackResource[];
  /** Operations an update began and has not recorded the end of, as "creating ci". */
  pending: string[];
  /** The whole checkpoint as exported: any write of an update changes it. */
  checkpoint: string;
}

/** Reads the stack's state (`pulumi stack export`, which takes no lock). */
export async function recordedState(stack: Stack): Promise<RecordedState> {
  const { deployment = {} } = await stack.exportStack();
  const pending: Array<{ type?: string; resource?: { urn?: string } }> = deployment.pending_operations ?? [];
  return {
    resources: codeartsResources(deployment.resources ?? []),
    pending: pending.map((operation) => `${operation.type ?? "operation"} ${nameOfUrn(String(operation.resource?.urn ?? ""))}`),
    checkpoint: JSON.stringify(deployment),
  };
}

/** The stack's resources as its state records them. */
export async function recordedResources(stack: Stack): Promise<StackResource[]> {
  return (await recordedState(stack)).resources;
}

/**
 * The provider settings the stack's config and the environment give, as the provider resolves
 * them (stack config `codeartsrepo:*` first): for the few list reads refresh does not make.
 */
export async function providerConfigOf(stack: Stack, options: StackOptions): Promise<ProviderConfig> {
  const args = ["config", "--json", "--show-secrets", "--stack", stack.name];
  if (options.configFile) args.push("--config-file", options.configFile);
  const workspace = stack.workspace as unknown as { pulumiCommand: { run(args: string[], cwd: string, env: Record<string, string>): Promise<{ stdout: string }> }; workDir: string };
  let config: Record<string, { value?: unknown }>;
  try {
    const { stdout } = await workspace.pulumiCommand.run(args, workspace.workDir, engineEnv(options));
    config = JSON.parse(stdout);
  } catch (error) {
    throw asGitopsError(error, "cannot read the stack's configuration");
  }
  const env = { ...process.env, ...options.env };
  return resolveConfig(firstOf(stackConfigSource({ get: (key) => config[key]?.value }), environmentSource(env)));
}

/** Collects the engine events of one operation. */
export function eventLog(): { events: EngineEvent[]; onEvent: (event: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, onEvent: (event) => events.push(event) };
}

/**
 * An Automation API failure as one readable line: the CLI's own `error:` lines (the provider's
 * message among them), without the command line or the engine's progress output.
 */
export function asGitopsError(error: unknown, context: string): GitopsError {
  if (error instanceof GitopsError) return error;
  const text = String((error as { stderr?: string }).stderr || (error as Error).message || error);
  const reasons = [...new Set(text.split("\n").map((line) => line.trim()).filter((line) => /^error:/i.test(line)).map((line) => line.replace(/^error:\s*/i, "")))];
  return new GitopsError(`${context}: ${reasons.length > 0 ? reasons.join("; ") : text.trim().split("\n").slice(-3).join(" ")}`);
}
