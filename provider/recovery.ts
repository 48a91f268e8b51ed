/**
 * Creating without duplicates when the answer is lost. A create that times out, loses its
 * connection or gets a 5xx may still have taken effect; retrying it blindly can make a second
 * object. So after such a failure, look the object up by its natural key first, and only create
 * again if it is not there.
 *
 * That look-up cannot tell the object the create made from one that held the key before it: only
 * a key seen free just before creating (findBeforeCreate) makes "found after a lost answer" mean
 * "made by this create". Otherwise the program would take over an object it never made, and a
 * later destroy would delete it.
 */
import { CodeArtsApiError, CodeArtsNetworkError, CodeArtsOperationError } from "../api/errors";
import { RouteName, describeCall } from "../api/routes";

/**
 * The object already holding the natural key, looked up before creating: returned to be adopted
 * when the program set adoptExisting, refused (with `conflict`, which says how to adopt) when it
 * did not; undefined when the key is free. The window between this look and the create is the
 * remaining risk: an object someone else makes there under the same key, a lost answer would adopt.
 * A look through a coalesced list may be a few seconds old (COALESCE_TTL_MS, unless this client
 * wrote to that repository since), which widens that window by as much, in exchange for one list
 * read shared by the objects of one parent created together.
 */
async function findBeforeCreate<E>(steps: {
  findExisting: () => Promise<E | undefined>;
  adoptExisting: boolean;
  conflict: (existing: E) => string;
  /** The look-up call, for the error's "where". */
  where: string;
}): Promise<E | undefined> {
  const existing = await steps.findExisting();
  if (existing !== undefined && !steps.adoptExisting) throw new CodeArtsOperationError(steps.conflict(existing), steps.where);
  return existing;
}

/** The create may or may not have happened. */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof CodeArtsNetworkError || (error instanceof CodeArtsApiError && error.httpStatus >= 500);
}

async function createWithoutDuplicates<T>(steps: {
  create: () => Promise<T>;
  /** The object as created, found by its natural key; undefined if it does not exist. */
  findExisting: () => Promise<T | undefined>;
  attempts?: number;
}): Promise<T> {
  const attempts = steps.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps.create();
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= attempts) throw error;
      const existing = await steps.findExisting();
      if (existing !== undefined) return existing;
    }
  }
}

/**
 * A create whose natural key (a name, a key text, a user) was free at the look before it
 * (findBeforeCreate). A lost answer is recovered without a duplicate (createWithoutDuplicates,
 * when `recovered` says what a found object stands for). A refusal (4xx) — the key taken since
 * that look — is explained when the object holding the key is there: the error names it and says
 * how to adopt it, unless the program already asked to adopt, when the refusal is the service's
 * to explain.
 */
async function createOrExplainConflict<T, E>(steps: {
  create: () => Promise<T>;
  /** The object holding the natural key, as listed; undefined if there is none. */
  findExisting: () => Promise<E | undefined>;
  /** The create's answer a found object stands for, after a lost answer; absent when `create` recovers by itself. */
  recovered?: (existing: E) => T;
  adoptExisting: boolean;
  /** The explanation: which object holds the key, and that adoptExisting would manage it. */
  conflict: (existing: E) => string;
  /**
   * Present when the look before the create was answered from what the run knew (CreateOnce.look),
   * which may be older than the refusal: a refusal under adoptExisting is then checked with a real
   * look, and what holds the key is adopted.
   */
  adoptAfterRefusal?: (existing: E) => T | Promise<T>;
  /** The create call, for the error's "where". */
  where: string;
}): Promise<T> {
  const { recovered } = steps;
  try {
    if (!recovered) return await steps.create();
    return await createWithoutDuplicates({
      create: steps.create,
      findExisting: async () => {
        const existing = await steps.findExisting();
        return existing === undefined ? undefined : recovered(existing);
      },
    });
  } catch (error) {
    const adopting = steps.adoptExisting ? steps.adoptAfterRefusal : undefined;
    if (error instanceof CodeArtsApiError && error.httpStatus < 500 && (!steps.adoptExisting || adopting)) {
      const existing = await steps.findExisting().catch(() => undefined);
      if (existing !== undefined && adopting) return adopting(existing);
      if (existing !== undefined) throw new CodeArtsOperationError(`${steps.conflict(existing)} (${error.message})`, steps.where);
    }
    throw error;
  }
}

/** How one object is created once: looked up by its natural key, adopted, refused or created. */
export interface CreateOnce<E, T> {
  /** The object holding the natural key now; also how a lost answer is recovered and a refusal explained. */
  find: () => Promise<E | undefined>;
  /**
   * The look before creating, where the run already knows the answer another way (a listing it
   * took, a repository it created): `find` by default. Recovery and explanations always use `find`.
   */
  look?: () => Promise<E | undefined>;
  adoptExisting: boolean;
  /** Which object holds the key, and that adoptExisting would manage it. */
  conflict: (existing: E) => string;
  /** What adopting the object holding the key yields (a write only where it differs). */
  adopt: (existing: E) => T | Promise<T>;
  create: () => Promise<T>;
  /** The create's answer a found object stands for after a lost answer; absent when `create` recovers by itself. */
  recovered?: (existing: E) => T;
  /** The look-up and the create, by route and path parameters: the errors' "where". */
  routes: { find: RouteName; create: RouteName; params?: Record<string, string | number | undefined> };
}

/**
 * The one create sequence every kind runs: look first (findBeforeCreate), adopt or refuse what
 * holds the key, else create, recovering a lost answer by the same look and explaining a refusal
 * (createOrExplainConflict).
 */
export async function createOnce<E, T>(steps: CreateOnce<E, T>): Promise<T> {
  const { find, adoptExisting, conflict, routes: calls } = steps;
  const existing = await findBeforeCreate({ findExisting: steps.look ?? find, adoptExisting, conflict, where: describeCall(calls.find, calls.params) });
  if (existing !== undefined) return steps.adopt(existing);
  return createOrExplainConflict({
    create: steps.create,
    findExisting: find,
    recovered: steps.recovered,
    adoptExisting,
    conflict,
    adoptAfterRefusal: steps.look && steps.adopt,
    where: describeCall(calls.create, calls.params),
  });
}
