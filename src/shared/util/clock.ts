/** The source of time, passed in as a dependency so tests control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The wall clock. */
export function systemClock(): Clock {
  return { now: () => Date.now() };
}

/** A clock that moves only when told to, for tests. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Creates a manual clock starting at `start` ms. */
export function manualClock(start = 1_700_000_000_000): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
