import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

/** Runs a callback at the end of the current event-loop turn, after the turn's I/O callbacks. */
export type AtTurnEnd = (fn: () => void) => void;

/** Callbacks held to the end of the turn, which can also be run early. */
export interface TurnEnd {
  /** Holds a callback to the end of the turn. */
  readonly atTurnEnd: AtTurnEnd;
  /**
   * Runs every callback held now, at once: a fan-out of one event calls it after each connection it reached,
   * so each connection's write follows its own routing rather than the last connection's.
   */
  flush(): void;
  /**
   * True for the first caller of a turn, false for the others until the turn ends: only the first fan-out of a
   * turn flushes as it goes, so a busy turn's many events still leave each connection one write.
   */
  early(): boolean;
}

/**
 * Creates a TurnEnd whose callbacks of one turn all run from one `schedule` (setImmediate by default),
 * in the order they were given, so a fan-out to many connections costs one timer, not one per connection.
 * Invariant: a callback that throws is reported to `failed` and the turn's other callbacks still run. One
 * connection's failing write (its socket or compressor already gone) must not strand the held output of every
 * connection behind it in the same turn: a connection with held bytes schedules no further write, so it would
 * never be written to again.
 */
export function createTurnEnd(
  failed: (error: unknown) => void,
  schedule: (run: () => void) => void = setImmediate,
): TurnEnd {
  let waiting: (() => void)[] = [];
  let scheduled = false;
  let earlyTaken = false;
  const run = (): void => {
    // A fan-out flushes once per connection, most of them with nothing held: those make no new list.
    if (waiting.length === 0) return;
    const now = waiting;
    waiting = [];
    for (const fn of now) {
      try {
        fn();
      } catch (error) {
        failed(error);
      }
    }
  };
  return {
    atTurnEnd: (fn) => {
      if (!scheduled) {
        scheduled = true;
        schedule(() => {
          scheduled = false;
          run();
        });
      }
      waiting.push(fn);
    },
    flush: run,
    early() {
      if (earlyTaken) return false;
      earlyTaken = true;
      schedule(() => {
        earlyTaken = false;
      });
      return true;
    },
  };
}

/** The `failed` of a gateway's TurnEnd: a connection's failed write is logged. */
export function turnEndFailed(log: Pick<Logger, "warn">): (error: unknown) => void {
  return (error) =>
    log.warn("a connection's output write failed at the end of a turn", { error: describeError(error) });
}
