import type { Clock } from "#shared/util/clock.ts";

/**
 * Token buckets keyed by string, with bounded memory: at most `maxKeys` keys are tracked, full buckets are
 * forgotten first and then the oldest, so a stranger inventing keys cannot grow the map without bound.
 */
export interface TokenBuckets {
  /** Milliseconds until `key` has a token; 0 when it has one now. */
  waitMs(key: string): number;
  /** Takes one token from `key` (going no lower than zero). */
  take(key: string): void;
  /** Gives one token back to `key` (going no higher than the burst). */
  give(key: string): void;
  /** Keys tracked now. */
  readonly size: number;
}

/** How the buckets fill. */
export interface TokenBucketConfig {
  /** Tokens a full bucket holds. */
  readonly burst: number;
  /** Milliseconds to regain one token. */
  readonly refillMs: number;
  /** Keys tracked at most; full buckets are forgotten first. Defaults to 10,000. */
  readonly maxKeys?: number;
}

/** A bucket config allowing `count` per `periodMs`, all at once if need be. */
export function perPeriod(count: number, periodMs: number, maxKeys?: number): TokenBucketConfig {
  return { burst: count, refillMs: periodMs / count, ...(maxKeys === undefined ? {} : { maxKeys }) };
}

/** Creates token buckets on the injected clock; an untracked key has a full bucket. */
export function createTokenBuckets(config: TokenBucketConfig, clock: Clock): TokenBuckets {
  const maxKeys = config.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (key: string) => {
    const bucket = buckets.get(key);
    if (!bucket) return config.burst;
    return Math.min(config.burst, bucket.tokens + (clock.now() - bucket.at) / config.refillMs);
  };
  const prune = () => {
    for (const key of buckets.keys()) if (level(key) >= config.burst) buckets.delete(key);
    // Known limitation: if every tracked key is still draining, the oldest are dropped (their bucket refills).
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };
  const set = (key: string, tokens: number) => {
    buckets.delete(key);
    if (tokens >= config.burst) return;
    if (buckets.size >= maxKeys) prune();
    buckets.set(key, { tokens, at: clock.now() });
  };
  return {
    waitMs(key) {
      const tokens = level(key);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * config.refillMs);
    },
    take: (key) => set(key, Math.max(0, level(key) - 1)),
    give: (key) => set(key, Math.min(config.burst, level(key) + 1)),
    get size() {
      return buckets.size;
    },
  };
}

/** A bucket set and the key to spend in it. */
export type BucketKey = readonly [TokenBuckets, string];

/** The outcome of takeTokens: the tokens were taken (and can be given back), or the wait until they can be. */
export type TakeResult =
  | { readonly ok: true; readonly refund: () => void }
  | { readonly ok: false; readonly waitMs: number };

/**
 * Takes one token from every (set, key) when each has one, else none. Take before slow work (a password
 * verify), so attempts running in parallel are counted too; refund when the attempt should not count.
 */
export function takeTokens(keys: readonly BucketKey[]): TakeResult {
  const waitMs = Math.max(0, ...keys.map(([buckets, key]) => buckets.waitMs(key)));
  if (waitMs > 0) return { ok: false, waitMs };
  for (const [buckets, key] of keys) buckets.take(key);
  let refunded = false;
  return {
    ok: true,
    refund() {
      if (refunded) return;
      refunded = true;
      for (const [buckets, key] of keys) buckets.give(key);
    },
  };
}

/** "Try again in 12 seconds." or "Try again in 4 minutes.", rounded up. */
export function tryAgainIn(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  if (seconds < 120) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}
