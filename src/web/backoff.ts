/** Reconnect delays: doubling from `minMs` up to `maxMs`, each jittered, back to `minMs` after a success. */
export interface Backoff {
  /** The delay before the next attempt, in ms. */
  next(): number;
  /** Forgets the failures: the next delay is the shortest again. */
  reset(): void;
}

/** What the backoff needs: its bounds and a random source in [0, 1). */
export interface BackoffDeps {
  readonly random: () => number;
  readonly minMs?: number;
  readonly maxMs?: number;
}

/**
 * Creates a backoff of 0.5 s → 10 s by default. Jitter ("equal jitter"): half the step is fixed and half random,
 * so a game restart does not bring every browser back in the same millisecond, and no delay is below half a step.
 */
export function createBackoff(deps: BackoffDeps): Backoff {
  const min = deps.minMs ?? 500;
  const max = deps.maxMs ?? 10_000;
  let failures = 0;
  return {
    next() {
      const step = Math.min(max, min * 2 ** failures);
      failures = Math.min(failures + 1, 30);
      return Math.round(step / 2 + (step / 2) * deps.random());
    },
    reset() {
      failures = 0;
    },
  };
}
