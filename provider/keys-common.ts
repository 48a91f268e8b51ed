/**
 * What DeployKey and SSHKey share beyond the key format: checking inputs without echoing a pasted
 * private key, and a diff in which every change replaces and the key is compared by its normal
 * form.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { fingerprintMatches, parseSshPublicKey, sameSshPublicKey } from "./ssh-public-key";
import { checkInputs } from "./validation";
import { DiffFields, fieldDiff } from "./lifecycle";

/**
 * `checkInputs`, except that a private key given as `key` is reported without naming the
 * property: the engine prints a named property's value next to the failure, and a private key
 * must not reach the terminal or CI logs.
 */
export async function checkKeyInputs<S extends z.ZodObject>(schema: S, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const result = checkInputs(schema, news);
  const parsed = typeof news.key === "string" ? parseSshPublicKey(news.key) : undefined;
  const looksPrivate = parsed?.ok === false && parsed.privateKey === true;
  if (!looksPrivate) return result;
  return {
    inputs: result.inputs,
    failures: result.failures.map((failure) => (failure.property === "key" ? { property: "", reason: `key ${failure.reason}` } : failure)),
  };
}

export interface KeyState {
  key: string;
  /** The fingerprint last seen: computed at create, or the service's when a refresh saw another key. */
  fingerprint?: string;
  adoptExisting: boolean;
}

/**
 * Neither service can change a key in place, so any change but adoptExisting replaces it. The key
 * counts as changed only when it is another key (comments and spacing do not count), or when a
 * refresh found another key live under this resource's id. When the same key stays in the same
 * scope the service would refuse it twice, so the old one is deleted first.
 */
export function keyDiff<T extends KeyState>(olds: T, news: T, replaceOnChange: readonly (keyof T & string)[], scope: readonly (keyof T & string)[]): pulumi.dynamic.DiffResult {
  // After an import the state's inputs hold no key text either (a refresh diffs with them).
  const liveKeyDiffers = olds.fingerprint !== undefined && olds.fingerprint !== "" && news.key !== undefined && !fingerprintMatches(olds.fingerprint, news.key);
  // An imported deploy key has no text in state (the service does not return it): its fingerprint decides.
  const textDiffers = olds.key === undefined && !!olds.fingerprint ? false : !sameSshPublicKey(olds.key, news.key);
  const keyChanged = textDiffers || liveKeyDiffers;
  const fields: DiffFields<T> = { replace: replaceOnChange, update: ["adoptExisting"], naturalKey: ["key", ...scope] };
  return fieldDiff(olds, news, fields, { replaces: keyChanged ? ["key"] : [] });
}
