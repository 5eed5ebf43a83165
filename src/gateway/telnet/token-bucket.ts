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
  return new Bucket(config, clock);
}

// A class, not a closure per method: every connection holds one bucket for its life, so its methods are shared.
// Its settings are copied into fields, so the connection's settings object can go.
class Bucket implements TokenBucket {
  readonly #capacity: number;
  readonly #perSecond: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(config: TokenBucketConfig, clock: Clock) {
    this.#capacity = config.capacity;
    this.#perSecond = config.perSecond;
    this.#clock = clock;
    this.#tokens = config.capacity;
    this.#last = clock.now();
  }

  get balance(): number {
    this.#refill();
    return this.#tokens;
  }

  spend(n: number): boolean {
    this.#refill();
    this.#tokens -= n;
    return this.#tokens >= 0;
  }

  msUntilPositive(): number {
    this.#refill();
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.#perSecond);
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) * this.#perSecond) / 1000);
    this.#last = now;
  }
}
