import type { ManualClock } from "#shared/util/clock.ts";

/** Scheduling, passed in so tests move time by hand. Each call returns a function that cancels it. */
export interface Timers {
  after(ms: number, fn: () => void): () => void;
  every(ms: number, fn: () => void): () => void;
}

/** Real timers; they do not keep the process alive on their own. */
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

/** Timers driven by a manual clock: `advance(ms)` moves the clock and runs whatever fell due, in order. */
export interface ManualTimers extends Timers {
  advance(ms: number): void;
  readonly pending: number;
}

/** Creates manual timers on `clock`. */
export function manualTimers(clock: ManualClock): ManualTimers {
  interface Job {
    at: number;
    every: number | undefined;
    fn: () => void;
    live: boolean;
  }
  let jobs: Job[] = [];
  const add = (ms: number, fn: () => void, every: number | undefined): (() => void) => {
    const job: Job = { at: clock.now() + ms, every, fn, live: true };
    jobs.push(job);
    return () => {
      job.live = false;
    };
  };
  return {
    after: (ms, fn) => add(ms, fn, undefined),
    every: (ms, fn) => add(ms, fn, Math.max(1, ms)),
    advance(ms) {
      const end = clock.now() + ms;
      for (;;) {
        jobs = jobs.filter((j) => j.live);
        const due = jobs.filter((j) => j.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        clock.set(Math.max(clock.now(), due.at));
        if (due.every === undefined) due.live = false;
        else due.at += due.every;
        due.fn();
      }
      clock.set(end);
    },
    get pending() {
      return jobs.filter((j) => j.live).length;
    },
  };
}
