import type { ManualClock } from "./clock.ts";

/** Cancels a scheduled timer; calling it again does nothing. */
export type CancelTimer = () => void;

/** Scheduling, passed in as a dependency so tests move time by hand instead of waiting. */
export interface Timers {
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => void): CancelTimer;
  /** Runs `fn` every `ms`. */
  every(ms: number, fn: () => void): CancelTimer;
}

/** Real timers; they never keep the process alive on their own. */
export function systemTimers(): Timers {
  return {
    after(ms, fn) {
      const t = setTimeout(fn, ms);
      t.unref();
      return () => clearTimeout(t);
    },
    every(ms, fn) {
      const t = setInterval(fn, ms);
      t.unref();
      return () => clearInterval(t);
    },
  };
}

/** Timers that fire only when a test moves them, moving a manual clock along. */
export interface ManualTimers extends Timers {
  /** Moves the clock by `ms`, running whatever falls due, in order. */
  advance(ms: number): void;
  /** Moves the clock to the soonest pending timer and runs it; false when none is pending. */
  fireNext(): boolean;
  /** The delays of the pending timers from now, soonest first. */
  pending(): number[];
}

interface Job {
  at: number;
  readonly every: number | undefined;
  readonly fn: () => void;
  live: boolean;
  readonly order: number;
}

/** Creates manual timers on `clock`. */
export function manualTimers(clock: ManualClock): ManualTimers {
  let jobs: Job[] = [];
  let order = 0;
  const add = (ms: number, fn: () => void, every: number | undefined): CancelTimer => {
    const job: Job = { at: clock.now() + ms, every, fn, live: true, order: order++ };
    jobs.push(job);
    return () => {
      job.live = false;
    };
  };
  const soonest = (until: number): Job | undefined => {
    jobs = jobs.filter((j) => j.live);
    return jobs.filter((j) => j.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
  };
  const run = (job: Job) => {
    clock.set(Math.max(clock.now(), job.at));
    if (job.every === undefined) job.live = false;
    else job.at += job.every;
    job.fn();
  };
  return {
    after: (ms, fn) => add(ms, fn, undefined),
    every: (ms, fn) => add(ms, fn, Math.max(1, ms)),
    advance(ms) {
      const end = clock.now() + ms;
      for (let job = soonest(end); job; job = soonest(end)) run(job);
      clock.set(end);
    },
    fireNext() {
      const job = soonest(Number.POSITIVE_INFINITY);
      if (!job) return false;
      run(job);
      return true;
    },
    pending: () =>
      jobs
        .filter((j) => j.live)
        .map((j) => j.at - clock.now())
        .sort((a, b) => a - b),
  };
}
