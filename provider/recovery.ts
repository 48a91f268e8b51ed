/**
 * Creating without duplicates when the answer is lost. A create that times out, loses its
 * connection or gets a 5xx may still have taken effect; retrying it blindly can make a second
 * object. So after such a failure, look the object up by its natural key first, and only create
 * again if it is not there.
 */
import { CodeArtsApiError, CodeArtsNetworkError } from "../api/errors";

/** The create may or may not have happened. */
export function outcomeUnknown(error: unknown): boolean {
  return error instanceof CodeArtsNetworkError || (error instanceof CodeArtsApiError && error.httpStatus >= 500);
}

export async function createWithoutDuplicates<T>(steps: {
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
