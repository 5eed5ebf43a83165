import type { Timers } from "#shared/util/timers.ts";

/** Timers on the browser's setTimeout and setInterval. */
export function browserTimers(): Timers {
  return {
    after(ms, fn) {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    every(ms, fn) {
      const t = setInterval(fn, ms);
      return () => clearInterval(t);
    },
  };
}
