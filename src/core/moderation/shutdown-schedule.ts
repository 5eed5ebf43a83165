import type { Clock } from "#shared/util/clock.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";

/** The seconds left at which a pending shutdown is announced again. */
export const COUNTDOWN_MARKS = [60, 30, 10, 5] as const;

/** What a scheduled shutdown does as it runs down. */
export interface ShutdownSteps {
  /** Called at each countdown mark below the delay, with the seconds left. */
  announce(secondsLeft: number): void;
  /** Called once the delay is over. */
  fire(): void;
}

/** One pending shutdown at a time: `@shutdown` schedules it, `@shutdown/cancel` calls it off. */
export interface ShutdownSchedule {
  /** Replaces any pending shutdown with one in `seconds`. */
  schedule(seconds: number, steps: ShutdownSteps): void;
  /** Calls off the pending shutdown; false when there was none. */
  cancel(): boolean;
  /** Whole seconds left of the pending shutdown, or undefined when none is pending. */
  secondsLeft(): number | undefined;
  /** Calls off whatever is pending, for good (the game is stopping anyway). */
  close(): void;
}

/** Creates the schedule over injected timers, so tests move time by hand. */
export function createShutdownSchedule(deps: {
  readonly timers: Timers;
  readonly clock: Clock;
}): ShutdownSchedule {
  let pending: { readonly at: number; readonly cancels: CancelTimer[] } | undefined;
  const cancel = () => {
    if (!pending) return false;
    for (const stop of pending.cancels) stop();
    pending = undefined;
    return true;
  };
  return {
    schedule(seconds, steps) {
      cancel();
      const cancels = COUNTDOWN_MARKS.filter((mark) => mark < seconds).map((mark) =>
        deps.timers.after((seconds - mark) * 1000, () => steps.announce(mark)),
      );
      cancels.push(
        deps.timers.after(seconds * 1000, () => {
          pending = undefined;
          steps.fire();
        }),
      );
      pending = { at: deps.clock.now() + seconds * 1000, cancels };
    },
    cancel,
    secondsLeft: () =>
      pending === undefined ? undefined : Math.max(0, Math.ceil((pending.at - deps.clock.now()) / 1000)),
    close: () => {
      cancel();
    },
  };
}
