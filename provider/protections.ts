/**
 * What ProtectedBranch and ProtectedTag share: their inputs' access-level vocabulary, their ids,
 * and finding one rule in a repository's V4 protection list.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "./client";
import { isNotFound } from "./errors";
import { apiClient } from "./runtime";
import { changedFields } from "./validation";
import { ACCESS_LEVEL_NAMES, AccessLevelName, PROTECTION_LIST_PAGE_SIZE, ProtectionRuleV4 } from "./wire-branches";

/** "noOne" | "developers" | "maintainers": who may act (the v2 levels 0, 30, 40). */
export const AccessLevelInput = z.enum(ACCESS_LEVEL_NAMES as [AccessLevelName, ...AccessLevelName[]], {
  message: `must be one of ${ACCESS_LEVEL_NAMES.map((name) => `"${name}"`).join(", ")}`,
});

/** A rule's resource id: the repository's integer id and the rule name (":" cannot occur in a ref name). */
export function protectionId(repositoryId: number, name: string): string {
  return `${repositoryId}:${name}`;
}

/**
 * The rule with exactly this name, read from the repository's V4 list. The list route coalesces,
 * so a refresh of many rules in one repository costs one call per page, not one per rule.
 */
export async function findProtectionRule(
  client: CodeArtsClient,
  list: "listProtectedBranches" | "listProtectedTags",
  repositoryId: number,
  name: string,
): Promise<ProtectionRuleV4 | undefined> {
  for (let offset = 0; ; offset += PROTECTION_LIST_PAGE_SIZE) {
    const rules = await client.call(list, {
      params: { repository_id: repositoryId },
      query: { offset, limit: PROTECTION_LIST_PAGE_SIZE },
    });
    const match = rules.find((rule) => rule.name === name);
    if (match) return match;
    // The V4 protection lists declare no total: a short page is the last one.
    if (rules.length < PROTECTION_LIST_PAGE_SIZE) return undefined;
  }
}

/** For read: the live rule, or undefined when it or its repository is gone; other errors are thrown. */
export async function liveProtectionRule(
  list: "listProtectedBranches" | "listProtectedTags",
  repositoryId: number,
  name: string,
): Promise<ProtectionRuleV4 | undefined> {
  try {
    return await findProtectionRule(apiClient(), list, repositoryId, name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** For delete: a rule (or repository) already gone is success. */
export async function deleteUnlessGone(deletion: () => Promise<unknown>): Promise<void> {
  try {
    await deletion();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * For diff: the listed fields replace, the others update in place. A rule's natural key is its
 * repository and name, so a replacement that keeps both must delete the old rule first.
 */
export function protectionDiff<T extends { repositoryId: number }>(
  olds: T,
  news: T,
  fields: { replace: readonly (keyof T & string)[]; update: readonly (keyof T & string)[]; name: keyof T & string },
): pulumi.dynamic.DiffResult {
  const replaces = changedFields(olds, news, fields.replace);
  const changes = replaces.length > 0 || changedFields(olds, news, fields.update).length > 0;
  const keepsNaturalKey = !replaces.includes("repositoryId") && !replaces.includes(fields.name);
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && keepsNaturalKey };
}
