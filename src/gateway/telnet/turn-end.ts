/** Runs a callback at the end of the current event-loop turn, after the turn's I/O callbacks. */
export type AtTurnEnd = (fn: () => void) => void;

/**
 * Creates an AtTurnEnd whose callbacks of one turn all run from one `schedule` (setImmediate by default),
 * in the order they were given, so a fan-out to many connections costs one timer, not one per connection.
 * Invariant: a callback that throws is reported to `failed` and the turn's other callbacks still run. One
 * connection's failing write (its socket or compressor already gone) must not strand the held output of every
 * connection behind it in the same turn: a connection with held bytes schedules no further write, so it would
 * never be written to again.
 */
export function createTurnEnd(
  failed: (error: unknown) => void,
  schedule: (run: () => void) => void = setImmediate,
): AtTurnEnd {
  let waiting: (() => void)[] = [];
  const run = (): void => {
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
  return (fn) => {
    if (waiting.length === 0) schedule(run);
    waiting.push(fn);
  };
}
