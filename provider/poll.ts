/**
 * Waiting for what the service does in the background (a repository being created, a statistics
 * run): one backoff, one deadline rule and one sleep for every resource that polls.
 */

/** How the waits between polls grow. */
export interface Backoff {
  firstDelayMs: number;
  /** Each wait is the last one times this, up to maxDelayMs. */
  factor: number;
  maxDelayMs: number;
}

/** How long the provider waits between polls of something the service does in the background. */
export interface PollSchedule extends Backoff {
  /** Give up this long after the first poll's wait began. */
  timeoutMs: number;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One attempt's answer: done with a value, or not yet, with what the timeout should say. */
export type Attempt<T, N = undefined> = { done: true; value: T } | { done: false; note?: N };

export interface PollOptions<T, N> {
  backoff: Backoff;
  /** The time (Date.now()) after which no more waiting is done; several polls may share one. */
  deadline: number;
  /**
   * Wait before each attempt, the first included: for something just started, which cannot be
   * done at once; the first attempt is then always made, however short the deadline. Otherwise
   * the first attempt is made at once and each wait follows an attempt.
   */
  waitFirst?: boolean;
  /** May throw: an error ends the poll. */
  attempt: () => Promise<Attempt<T, N>>;
  /** The error to throw when time is up, given the note of the last attempt. */
  onTimeout: (note: N | undefined) => Error;
}

/**
 * Attempts until one is done. Each round is one wait and one attempt; a round whose attempt is
 * not done gives up when its wait, counted from now, would end past the deadline.
 */
export async function poll<T, N = undefined>({ backoff, deadline, waitFirst = false, attempt, onTimeout }: PollOptions<T, N>): Promise<T> {
  let delay = backoff.firstDelayMs;
  for (;;) {
    if (waitFirst) await sleep(delay);
    const answer = await attempt();
    if (answer.done) return answer.value;
    if (Date.now() + delay > deadline) throw onTimeout(answer.note);
    if (!waitFirst) await sleep(delay);
    delay = Math.min(backoff.maxDelayMs, Math.round(delay * backoff.factor));
  }
}
