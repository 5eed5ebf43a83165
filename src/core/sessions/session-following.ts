import type { StoredEvent } from "#core/events/event.ts";

/** A change of the streams a session follows: what it starts and stops following. */
export interface StreamChange {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

/** The change of followed streams an event causes for a character, when it causes one. */
export type FollowChangeOf = (
  event: StoredEvent,
) => { readonly characterId: string; readonly change: StreamChange } | undefined;

/** What one open output stream follows now, kept in step with StreamChanges while it is open. */
export interface Following extends Disposable {
  /** Every stream to subscribe to and read: followed ones and ones being left. */
  streams(): string[];
  /** Whether `stream` is one of streams(), without making the list: asked for every recipient of every event. */
  has(stream: string): boolean;
  /** Whether the event belongs to this output: after its stream's start and not past its end. */
  accepts(event: StoredEvent): boolean;
  /** The cursors to store once everything up to `position` was delivered (ended streams stop at their end). */
  cursorsAt(position: number): Record<string, number>;
  /** Called after every change (and when a left stream is done), with the new stream list, the change and its position. */
  onChange(listener: ChangeListener): void;
}

/** The open outputs of every session, so a change reaches the live ones at once. */
export interface FollowRegistry {
  /** Starts tracking one output of `sessionId` from its start cursors and the ends still pending. */
  open(
    sessionId: string,
    starts: Readonly<Record<string, number>>,
    ends: Readonly<Record<string, number>>,
  ): Following;
  /** Applies a change, effective after `position`, to the session's open outputs. */
  change(sessionId: string, change: StreamChange, position: number): void;
}

/** Hears a change of what an output follows; `position` is undefined when a left stream is done. */
export type ChangeListener = (
  streams: readonly string[],
  change: StreamChange,
  position: number | undefined,
) => void;

interface Entry {
  readonly starts: Map<string, number>;
  /** Per stream, the position of the last change applied to it: a change is applied once, in order. */
  readonly changed: Map<string, number>;
  readonly ends: Map<string, number>;
  readonly listeners: ChangeListener[];
}

/**
 * Creates the registry. Invariant: a stream left at position P keeps delivering events up to P and a
 * stream joined at P delivers only events after P, so the output crosses a move with no gap and no
 * event from a room the character was not in.
 */
export function createFollowRegistry(): FollowRegistry {
  const open = new Map<string, Set<Entry>>();
  const streamsOf = (e: Entry) => [...e.starts.keys()];
  return {
    open(sessionId, starts, ends) {
      const entry: Entry = {
        starts: new Map(Object.entries(starts)),
        ends: new Map(Object.entries(ends)),
        changed: new Map(),
        listeners: [],
      };
      const set = open.get(sessionId) ?? new Set();
      set.add(entry);
      open.set(sessionId, set);
      return {
        streams: () => streamsOf(entry),
        has: (stream) => entry.starts.has(stream),
        accepts(event) {
          const start = entry.starts.get(event.stream);
          const end = entry.ends.get(event.stream);
          return (
            start !== undefined && event.position > start && (end === undefined || event.position <= end)
          );
        },
        cursorsAt(position) {
          const cursors: Record<string, number> = {};
          let pruned = false;
          for (const stream of [...entry.starts.keys()]) {
            const end = entry.ends.get(stream);
            cursors[stream] = end === undefined ? position : Math.min(position, end);
            if (end !== undefined && position >= end) {
              entry.starts.delete(stream);
              entry.ends.delete(stream);
              pruned = true;
            }
          }
          if (pruned) for (const listener of entry.listeners) listener(streamsOf(entry), {}, undefined);
          return cursors;
        },
        onChange: (listener) => void entry.listeners.push(listener),
        [Symbol.dispose]() {
          set.delete(entry);
          if (set.size === 0) open.delete(sessionId);
        },
      };
    },
    change(sessionId, change, position) {
      for (const entry of open.get(sessionId) ?? []) {
        // Invariant: the feed applies a change when it dispatches the event that caused it, and the command
        // that caused it applies it again later; a change no newer than the last one of its stream is done.
        const fresh = (stream: string) => {
          if ((entry.changed.get(stream) ?? -1) >= position) return false;
          entry.changed.set(stream, position);
          return true;
        };
        const add = (change.add ?? []).filter(fresh);
        const remove = (change.remove ?? []).filter(fresh);
        if (add.length === 0 && remove.length === 0) continue;
        for (const stream of add) {
          entry.starts.set(stream, position);
          entry.ends.delete(stream);
        }
        for (const stream of remove) if (entry.starts.has(stream)) entry.ends.set(stream, position);
        const applied = { ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) };
        for (const listener of entry.listeners) listener(streamsOf(entry), applied, position);
      }
    },
  };
}

/** The store's form of a change: add and end positions per stream. */
export function storeChange(change: StreamChange, position: number) {
  const at = (streams: readonly string[] = []) => Object.fromEntries(streams.map((s) => [s, position]));
  return { add: at(change.add), end: at(change.remove) };
}
