/** Runs a callback at the end of the current event-loop turn, after the turn's I/O callbacks. */
export type AtTurnEnd = (fn: () => void) => void;

/**
 * Creates an AtTurnEnd whose callbacks of one turn all run from one `schedule` (setImmediate by default),
 * in the order they were given, so a fan-out to many connections costs one timer, not one per connection.
 */
export function createTurnEnd(schedule: (run: () => void) => void = setImmediate): AtTurnEnd {
  let waiting: (() => void)[] = [];
  const run = (): void => {
    const now = waiting;
    waiting = [];
    for (const fn of now) fn();
  };
  return (fn) => {
    if (waiting.length === 0) schedule(run);
    waiting.push(fn);
  };
}
