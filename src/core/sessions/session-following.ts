import type { StoredEvent } from "#core/events/event.ts";
import { createLeanMultimap } from "./lean-multimap.ts";
import {
  deletePosition,
  hasPosition,
  positionOf,
  type StreamPositions,
  setPosition,
  streamPositions,
  streamsOf,
} from "./stream-positions.ts";

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
  /** `listener` hears every change, and each left stream once it is done. */
  onChange(listener: ChangeHearer): void;
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

/**
 * Hears a change of what an output follows: the new stream list, the change and its position (undefined when a
 * left stream is done). An object with a method, so a watch that lives as long as its output hears it without
 * a closure of its own.
 */
export interface ChangeHearer {
  followChanged(streams: readonly string[], change: StreamChange, position: number | undefined): void;
}

// A class, not closures: every open output holds one for its life, so its methods are shared. Its ends and
// applied changes are made at the first one, since most outputs never leave a stream while open.
class Output implements Following {
  readonly #registry: Registry;
  readonly #sessionId: string;
  #starts: StreamPositions;
  #ends: Map<string, number> | undefined;
  /** Per stream, the position of the last change applied to it: a change is applied once, in order. */
  #changed: Map<string, number> | undefined;
  /** One listener (the usual case) is kept as itself, more as a list. */
  #listeners: ChangeHearer | ChangeHearer[] | undefined;

  constructor(
    registry: Registry,
    sessionId: string,
    starts: Readonly<Record<string, number>>,
    ends: Readonly<Record<string, number>>,
  ) {
    this.#registry = registry;
    this.#sessionId = sessionId;
    this.#starts = streamPositions(Object.entries(starts));
    for (const [stream, position] of Object.entries(ends)) this.#endAt(stream, position);
  }

  #endAt(stream: string, position: number) {
    this.#ends ??= new Map();
    this.#ends.set(stream, position);
  }

  #tell(change: StreamChange, position: number | undefined) {
    const listeners = this.#listeners;
    if (Array.isArray(listeners))
      for (const listener of listeners) listener.followChanged(this.streams(), change, position);
    else listeners?.followChanged(this.streams(), change, position);
  }

  streams() {
    return streamsOf(this.#starts);
  }

  has(stream: string) {
    return hasPosition(this.#starts, stream);
  }

  accepts(event: StoredEvent) {
    const start = positionOf(this.#starts, event.stream);
    const end = this.#ends?.get(event.stream);
    return start !== undefined && event.position > start && (end === undefined || event.position <= end);
  }

  cursorsAt(position: number) {
    const cursors: Record<string, number> = {};
    let pruned = false;
    for (const stream of streamsOf(this.#starts)) {
      const end = this.#ends?.get(stream);
      cursors[stream] = end === undefined ? position : Math.min(position, end);
      if (end !== undefined && position >= end) {
        deletePosition(this.#starts, stream);
        this.#ends?.delete(stream);
        pruned = true;
      }
    }
    if (pruned) this.#tell({}, undefined);
    return cursors;
  }

  onChange(listener: ChangeHearer) {
    const listeners = this.#listeners;
    if (listeners === undefined) this.#listeners = listener;
    else if (Array.isArray(listeners)) listeners.push(listener);
    else this.#listeners = [listeners, listener];
  }

  /** Applies a change effective after `position` to this output. */
  change(change: StreamChange, position: number) {
    // Invariant: the feed applies a change when it dispatches the event that caused it, and the command
    // that caused it applies it again later; a change no newer than the last one of its stream is done.
    const fresh = (stream: string) => {
      this.#changed ??= new Map();
      if ((this.#changed.get(stream) ?? -1) >= position) return false;
      this.#changed.set(stream, position);
      return true;
    };
    const add = (change.add ?? []).filter(fresh);
    const remove = (change.remove ?? []).filter(fresh);
    if (add.length === 0 && remove.length === 0) return;
    for (const stream of add) {
      this.#starts = setPosition(this.#starts, stream, position);
      this.#ends?.delete(stream);
    }
    for (const stream of remove) if (hasPosition(this.#starts, stream)) this.#endAt(stream, position);
    this.#tell({ ...(add.length ? { add } : {}), ...(remove.length ? { remove } : {}) }, position);
  }

  [Symbol.dispose]() {
    this.#registry.close(this.#sessionId, this);
  }
}

// A session with one open output (the usual case) costs no Set.
class Registry implements FollowRegistry {
  readonly #open = createLeanMultimap<string, Output>();

  open(sessionId: string, starts: Readonly<Record<string, number>>, ends: Readonly<Record<string, number>>) {
    const output = new Output(this, sessionId, starts, ends);
    this.#open.add(sessionId, output);
    return output;
  }

  close(sessionId: string, output: Output) {
    this.#open.delete(sessionId, output);
  }

  change(sessionId: string, change: StreamChange, position: number) {
    for (const output of this.#open.valuesOf(sessionId)) output.change(change, position);
  }
}

/**
 * Creates the registry. Invariant: a stream left at position P keeps delivering events up to P and a
 * stream joined at P delivers only events after P, so the output crosses a move with no gap and no
 * event from a room the character was not in.
 */
export function createFollowRegistry(): FollowRegistry {
  return new Registry();
}

/** The store's form of a change: add and end positions per stream. */
export function storeChange(change: StreamChange, position: number) {
  const at = (streams: readonly string[] = []) => Object.fromEntries(streams.map((s) => [s, position]));
  return { add: at(change.add), end: at(change.remove) };
}
