/**
 * Per-API token buckets: `limit` calls a minute per key, refilled continuously. The service allows
 * 600 calls per minute per API per region; the client uses `reserve` so one Pulumi run never
 * exceeds that by itself, and the emulator uses `tryTake` to throttle like the API gateway.
 */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();

  /** @param limitPerMinute read on every call, so it can change at run time; ≤ 0 means unlimited. */
  constructor(private readonly limitPerMinute: () => number) {}

  private refill(key: string, now: number, limit: number) {
    const bucket = this.buckets.get(key) ?? { tokens: limit, at: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) * limit) / 60_000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Takes a call now if one is free and returns 0; otherwise takes nothing and returns the ms until one is. */
  tryTake(key: string, now = Date.now()): number {
    const limit = this.limitPerMinute();
    if (limit <= 0) return 0;
    const bucket = this.refill(key, now, limit);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60_000) / limit);
  }

  /** Reserves the next call (possibly in the future) and returns the ms to wait before making it. */
  reserve(key: string, now = Date.now()): number {
    const limit = this.limitPerMinute();
    if (limit <= 0) return 0;
    const bucket = this.refill(key, now, limit);
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens * 60_000) / limit);
  }
}
