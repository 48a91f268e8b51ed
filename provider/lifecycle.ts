/**
 * The diff and delete mechanics every resource shares, so that each resource file says only what
 * is its own: which fields replace, which update, which form its natural key, and which call
 * deletes it. (Creating without duplicates and explaining a conflict are in recovery.ts.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { CodeArtsOperationError, isNotFound } from "../api/errors";
import { UNKNOWN, changedFields } from "./validation";

/** A resource's fields by what a change to them means; `T` is its inputs. */
export interface DiffFields<T> {
  /** Fields no call changes: a difference replaces the resource. */
  readonly replace: readonly (keyof T & string)[];
  /** Fields that change in place (with a call, or only in state). */
  readonly update: readonly (keyof T & string)[];
  /**
   * The fields the service holds unique (within the parent): a replacement that keeps every one of
   * them must delete the old object first, or the service would refuse the new one. Absent: two
   * objects never collide, so the new one is always created first.
   */
  readonly naturalKey?: readonly (keyof T & string)[];
}

/**
 * The plan for a resource described by its field lists. `extra` carries what the lists cannot
 * compare: a replacing field compared in its own way (a key's normal form) or a change seen
 * another way (a token's hash).
 */
export function fieldDiff<T extends object>(
  olds: { [F in keyof T]?: unknown },
  news: Partial<T>,
  fields: DiffFields<T>,
  extra: { replaces?: readonly string[]; changed?: boolean } = {},
): pulumi.dynamic.DiffResult {
  const before = olds as Partial<T>;
  const replaces = [...(extra.replaces ?? []), ...changedFields(before, news, fields.replace)];
  const changes = replaces.length > 0 || extra.changed === true || changedFields(before, news, fields.update).length > 0;
  const keepsNaturalKey = fields.naturalKey !== undefined && !fields.naturalKey.some((field) => replaces.includes(field));
  return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && keepsNaturalKey };
}

/**
 * `fieldDiff` for a kind whose replacement loses what the service holds (a branch's or a tag's
 * commits): a replacement the program did not allow with `allowReplace` fails the preview, naming
 * each field with both values, what is lost (`loss`), and the ways out.
 */
export function diffAllowingReplace<T extends { allowReplace: boolean }>(
  olds: { [F in keyof T]?: unknown },
  news: T,
  fields: DiffFields<T>,
  object: { type: string; name: unknown; repositoryId: unknown; loss: string },
): pulumi.dynamic.DiffResult {
  const diff = fieldDiff(olds, news, fields);
  const replaces = diff.replaces as (keyof T & string)[];
  if (replaces.length === 0 || news.allowReplace) return diff;
  const shown = (value: unknown) => (value === UNKNOWN ? "(known after apply)" : JSON.stringify(value));
  const changes = replaces.map((field) => `${field} from ${shown(olds[field])} to ${shown(news[field])}`).join(", ");
  throw new CodeArtsOperationError(
    `${object.type} "${object.name}" of repository ${object.repositoryId} would be replaced (${changes}): ${object.loss}. ` +
      `Set allowReplace: true on this ${object.type} to accept that, or put the old value back.`,
    "diff",
  );
}

/**
 * A deletion where an object (or its parent) already gone is success: "gone" when the service
 * answered 404. A V4 delete may also answer `{status: "fail"}` (DeleteProtected*Response): that
 * is a failure, whatever the HTTP status.
 */
export async function deleteUnlessGone(deletion: () => Promise<unknown>, what = "the deletion"): Promise<"deleted" | "gone"> {
  const answer = await unlessGone(async () => ({ answer: await deletion() }));
  if (answer === undefined) return "gone";
  if ((answer.answer as { status?: string } | undefined)?.status === "fail") {
    throw new CodeArtsOperationError(`The service answered status "fail" to ${what}; nothing was deleted as far as it says.`, what);
  }
  return "deleted";
}

/** A read where 404 (the object or its parent is gone) means "not there": undefined. */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
