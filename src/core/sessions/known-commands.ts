import type { CommandKey } from "./session-store.ts";

/** The most ranges of sequence numbers kept for one session before it is read from the store again. */
const MAX_RANGES = 64;

/**
 * Which commands have a stored record, known in memory for the sessions this core created (it wrote every
 * record they have), so a new command needs no store read to learn it is new. Sessions loaded from the
 * store, or whose records no longer fit in MAX_RANGES runs of sequence numbers, are not known: for them
 * every lookup answers "maybe" and the store is asked.
 */
export interface KnownCommands {
  /** Starts knowing a session just created: it has no command records. */
  created(sessionId: string): void;
  /** False only when the session is known and holds no record of the key. */
  mayExist(key: CommandKey): boolean;
  /** Notes a record stored for the key. */
  recorded(key: CommandKey): void;
  /** Stops knowing a session (deleted, or its records uncertain after a failed write). */
  forget(sessionId: string): void;
}

/** Sorted, disjoint, non-adjacent ranges of sequence numbers, flat: [lo, hi, lo, hi, ...]. */
type Ranges = number[];

/**
 * A known session's ranges per connection, flat: [connectionId, ranges, connectionId, ranges, ...]. Every
 * session keeps one for its life, and a session has a connection or two: a list of them costs a fraction of
 * a Map's table, and flat ranges no array per range.
 */
type Known = (string | Ranges)[];

/** Adds `n` to the ranges, merging neighbours. */
function insert(ranges: Ranges, n: number): void {
  let i = 0;
  while (i < ranges.length && (ranges[i + 1] as number) < n - 1) i += 2;
  const lo = ranges[i];
  if (lo === undefined || lo > n + 1) {
    ranges.splice(i, 0, n, n);
    return;
  }
  ranges[i] = Math.min(lo, n);
  const hi = Math.max(ranges[i + 1] as number, n);
  ranges[i + 1] = hi;
  const next = ranges[i + 2];
  if (next !== undefined && next <= hi + 1) {
    ranges[i + 1] = Math.max(hi, ranges[i + 3] as number);
    ranges.splice(i + 2, 2);
  }
}

const rangesOf = (known: Known, connectionId: string): Ranges | undefined => {
  for (let i = 0; i < known.length; i += 2) if (known[i] === connectionId) return known[i + 1] as Ranges;
  return undefined;
};

/** How many ranges the session holds over all its connections. */
const size = (known: Known) => {
  let n = 0;
  for (let i = 1; i < known.length; i += 2) n += (known[i] as Ranges).length / 2;
  return n;
};

/** Creates the record of known commands. */
export function createKnownCommands(): KnownCommands {
  // A created session's list is made at its first record: one never sent a command costs none.
  const sessions = new Map<string, Known | null>();
  return {
    created: (sessionId) => void sessions.set(sessionId, null),
    mayExist(key) {
      const known = sessions.get(key.sessionId);
      if (known === undefined) return true;
      const ranges = known && rangesOf(known, key.connectionId);
      if (!ranges) return false;
      for (let i = 0; i < ranges.length; i += 2)
        if ((ranges[i] as number) <= key.sequence && key.sequence <= (ranges[i + 1] as number)) return true;
      return false;
    },
    recorded(key) {
      if (!sessions.has(key.sessionId)) return;
      let known = sessions.get(key.sessionId);
      if (!known) {
        known = [];
        sessions.set(key.sessionId, known);
      }
      let ranges = rangesOf(known, key.connectionId);
      if (!ranges) {
        ranges = [];
        known.push(key.connectionId, ranges);
      }
      insert(ranges, key.sequence);
      if (size(known) > MAX_RANGES) sessions.delete(key.sessionId);
    },
    forget: (sessionId) => void sessions.delete(sessionId),
  };
}
