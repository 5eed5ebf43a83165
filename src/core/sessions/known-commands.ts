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

type Ranges = [number, number][];

/** Adds `n` to sorted, disjoint, non-adjacent ranges, merging neighbours. */
function insert(ranges: Ranges, n: number): void {
  let i = 0;
  while (i < ranges.length && (ranges[i] as [number, number])[1] < n - 1) i += 1;
  const at = ranges[i];
  if (!at || at[0] > n + 1) {
    ranges.splice(i, 0, [n, n]);
    return;
  }
  at[0] = Math.min(at[0], n);
  at[1] = Math.max(at[1], n);
  const next = ranges[i + 1];
  if (next && next[0] <= at[1] + 1) {
    at[1] = Math.max(at[1], next[1]);
    ranges.splice(i + 1, 1);
  }
}

/** Creates the record of known commands. */
export function createKnownCommands(): KnownCommands {
  // A created session's map of ranges is made at its first record: one never sent a command costs none.
  const sessions = new Map<string, Map<string, Ranges> | null>();
  const size = (connections: Map<string, Ranges>) =>
    [...connections.values()].reduce((n, r) => n + r.length, 0);
  return {
    created: (sessionId) => void sessions.set(sessionId, null),
    mayExist(key) {
      const connections = sessions.get(key.sessionId);
      if (connections === undefined) return true;
      return (connections?.get(key.connectionId) ?? []).some(
        ([lo, hi]) => lo <= key.sequence && key.sequence <= hi,
      );
    },
    recorded(key) {
      if (!sessions.has(key.sessionId)) return;
      let connections = sessions.get(key.sessionId);
      if (!connections) {
        connections = new Map();
        sessions.set(key.sessionId, connections);
      }
      const ranges = connections.get(key.connectionId) ?? [];
      connections.set(key.connectionId, ranges);
      insert(ranges, key.sequence);
      if (size(connections) > MAX_RANGES) sessions.delete(key.sessionId);
    },
    forget: (sessionId) => void sessions.delete(sessionId),
  };
}
