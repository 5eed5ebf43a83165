import type { Clock } from "#shared/util/clock.ts";

/** A token bucket that may go into debt: take what was used, then wait until the balance is back above zero. */
export interface TokenBucket {
  /** Spends `n` tokens; false when the balance is now negative (the caller should stop reading). */
  spend(n: number): boolean;
  /** Milliseconds until the balance is non-negative again; 0 when it already is. */
  msUntilPositive(): number;
  readonly balance: number;
}

/** Settings for a token bucket. */
export interface TokenBucketConfig {
  readonly capacity: number;
  readonly perSecond: number;
}

/** Creates a full bucket that refills at `perSecond` up to `capacity`. */
export function createTokenBucket(config: TokenBucketConfig, clock: Clock): TokenBucket {
  let tokens = config.capacity;
  let last = clock.now();
  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(config.capacity, tokens + ((now - last) * config.perSecond) / 1000);
    last = now;
  };
  return {
    spend(n) {
      refill();
      tokens -= n;
      return tokens >= 0;
    },
    msUntilPositive() {
      refill();
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / config.perSecond);
    },
    get balance() {
      refill();
      return tokens;
    },
  };
}
