import type { ManualClock } from "./clock.ts";

/** A handle returned by Timers.set, for Timers.clear. */
export type TimerHandle = { readonly id: number };

/** One-shot timers, passed in as a dependency so tests can fire them without waiting. */
export interface Timers {
  set(callback: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** Timers backed by setTimeout. */
export function systemTimers(): Timers {
  let next = 0;
  const live = new Map<number, ReturnType<typeof setTimeout>>();
  return {
    set(callback, ms) {
      const id = ++next;
      live.set(
        id,
        setTimeout(() => {
          live.delete(id);
          callback();
        }, ms),
      );
      return { id };
    },
    clear(handle) {
      clearTimeout(live.get(handle.id));
      live.delete(handle.id);
    },
  };
}

/** Timers that fire only when a test advances them, moving a manual clock along. */
export interface ManualTimers extends Timers {
  /** The delays of the pending timers, soonest first. */
  pending(): number[];
  /** Moves the clock to the soonest pending timer and fires it; false when none is pending. */
  fireNext(): boolean;
}

/** Creates manual timers that share `clock`. */
export function manualTimers(clock: ManualClock): ManualTimers {
  let next = 0;
  const live = new Map<number, { at: number; callback: () => void }>();
  const soonest = () => [...live.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
  return {
    set(callback, ms) {
      const id = ++next;
      live.set(id, { at: clock.now() + ms, callback });
      return { id };
    },
    clear(handle) {
      live.delete(handle.id);
    },
    pending: () => [...live.values()].map((t) => t.at - clock.now()).sort((a, b) => a - b),
    fireNext() {
      const entry = soonest();
      if (entry === undefined) return false;
      live.delete(entry[0]);
      if (entry[1].at > clock.now()) clock.set(entry[1].at);
      entry[1].callback();
      return true;
    },
  };
}
