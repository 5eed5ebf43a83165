import type { Clock } from "#shared/util/clock.ts";

/** Token buckets keyed by string, with bounded memory. */
export interface TokenBuckets {
  /** Milliseconds until `key` has a token; 0 when it has one now. */
  waitMs(key: string): number;
  /** Takes one token from `key` (going no lower than zero). */
  take(key: string): void;
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
  return {
    waitMs(key) {
      const tokens = level(key);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * config.refillMs);
    },
    take(key) {
      const tokens = Math.max(0, level(key) - 1);
      buckets.delete(key);
      if (buckets.size >= maxKeys) prune();
      buckets.set(key, { tokens, at: clock.now() });
    },
    get size() {
      return buckets.size;
    },
  };
}
