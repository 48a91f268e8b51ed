/**
 * Input validation for `check`: a zod schema per resource turns a program's inputs into the plain
 * values the provider works with, or into field-level failures Pulumi prints at preview, before
 * any API call.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsArgumentError } from "../api/errors";

/**
 * Pulumi's marker for a value not known until apply (an output of a resource not yet created).
 * Such fields are validated at `up`, when they are known.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value is, or holds (a list of outputs, say), a value not known until apply: the field is checked then. */
export function holdsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(holdsUnknown);
  return false;
}

export type CheckResult<T> = { inputs: T; failures: [] } | { inputs: Record<string, unknown>; failures: pulumi.dynamic.CheckFailure[] };

export function checkInputs<S extends z.ZodObject>(schema: S, news: Record<string, unknown>): CheckResult<z.output<S>> {
  const given: Record<string, unknown> = {};
  const unknownKeys: Record<string, true> = {};
  for (const key of Object.keys(schema.shape)) {
    if (holdsUnknown(news[key])) unknownKeys[key] = true;
    else if (news[key] !== undefined && news[key] !== null) given[key] = news[key];
  }
  const parsed = schema.partial(unknownKeys as never).safeParse(given);
  if (!parsed.success) {
    const failures = parsed.error.issues.map((issue) => ({
      property: issue.path.length > 0 ? issue.path.map(String).join(".") : "(inputs)",
      // A missing enum field fails as invalid_value, not invalid_type: both mean "not given".
      reason:
        (issue.code === "invalid_type" || issue.code === "invalid_value") && given[String(issue.path[0])] === undefined
          ? "is required"
          : issue.message,
    }));
    return { inputs: news, failures };
  }
  const inputs: Record<string, unknown> = { ...parsed.data };
  for (const key of Object.keys(unknownKeys)) inputs[key] = UNKNOWN;
  return { inputs: inputs as z.output<S>, failures: [] };
}

/** Names of fields whose values differ, comparing JSON forms (inputs are plain JSON values). */
export function changedFields<T extends object>(olds: Partial<T>, news: Partial<T>, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((field) => JSON.stringify(olds[field] ?? null) !== JSON.stringify(news[field] ?? null));
}

/** The parent repository of a child resource, as the program passed it (see sdk/common.ts). */
export const RepositoryIdentity = {
  /** The integer id of the repository, as v2/V4 calls name it. */
  repositoryId: z.number().int("must be a whole number").positive("must be a repository id (a positive whole number)"),
  /** The 32-character uuid of the repository, as v1/v2 calls name it. */
  repositoryUuid: z.string().regex(/^[0-9a-fA-F]{32}$/, "must be a repository uuid: 32 hexadecimal characters"),
};

/**
 * Arguments of a function a program calls (not a resource): parsed with the same rules, and a
 * failure names the function, each field and its rule in one error.
 */
export function parseArguments<S extends z.ZodType>(schema: S, args: unknown, functionName: string): z.output<S> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(arguments)"} ${issue.message}`);
  throw new CodeArtsArgumentError(`${functionName}: ${problems.join("; ")}`);
}

/** A user as the member lists number it (the number in a Member's `memberId`). */
const USER_ID_RULE = "must be a numeric user id (the number in a Member's memberId)";
const UserId = z.number({ message: USER_ID_RULE }).int(USER_ID_RULE).positive(USER_ID_RULE);
/** A set of users, compared as a set: sorted, each once. */
export const UserIds = z.array(UserId).transform((ids) => [...new Set(ids)].sort((a, b) => a - b));
