import type { Actor, NewEvent, StoredEvent } from "./event.ts";

/** Per-call options of EventStore.append. */
export interface AppendOptions {
  /**
   * The stream's version the batch expects before it: 0 for an empty stream, else the
   * version of its last event. Only allowed when every event of the batch is in one stream;
   * a mismatch throws HoloError("conflict").
   */
  readonly expectedVersion?: number;
}

/** Per-call options of EventStore.readStreams and countAfter. */
export interface ReadStreamsOptions {
  /** Return the newest `limit` events instead of the oldest (still in position order). */
  readonly newest?: boolean;
  /** Leave out events of these types (at most MAX_EXCEPT_TYPES). */
  readonly exceptTypes?: readonly string[];
  /** Only events at or below this position. */
  readonly upTo?: number;
}

/** Per-call options of EventStore.countAfter: the filters of readStreams, and two more. */
export interface CountAfterOptions extends Pick<ReadStreamsOptions, "exceptTypes" | "upTo"> {
  /** Count only events of these types (at most MAX_EXCEPT_TYPES). */
  readonly onlyTypes?: readonly string[];
  /** Leave out the events this actor caused. */
  readonly notBy?: Actor;
}

/**
 * The durable, ordered log of game events: an append returns once it is durable, and positions follow commit order.
 *
 * Errors: malformed events, oversized payloads and bad options throw HoloError("invalid_argument")
 * before the store is touched; an unreachable store throws HoloError("unavailable"). An append whose
 * outcome is unknown also throws "unavailable": retrying it with the same ids is safe.
 */
export interface EventStore extends AsyncDisposable {
  /**
   * Appends one event or an atomic batch and resolves once it is durable, with the stored events in
   * input order. Idempotent by event id: when every id is already stored, the stored events are
   * returned (expectedVersion is then not checked); a batch mixing stored and new ids throws "conflict".
   */
  append(events: NewEvent | readonly NewEvent[], options?: AppendOptions): Promise<StoredEvent[]>;
  /** Events of `stream` with position > afterPosition, in position order, at most `limit`. */
  replay(stream: string, afterPosition: number, limit: number): Promise<StoredEvent[]>;
  /**
   * The union of events with position > that stream's cursor, over every stream in `cursors`,
   * in position order, at most `limit` (the oldest ones, or the newest with options.newest).
   */
  readStreams(
    cursors: Readonly<Record<string, number>>,
    limit: number,
    options?: ReadStreamsOptions,
  ): Promise<StoredEvent[]>;
  /**
   * Events of `stream` with afterPosition < position ≤ upToPosition, in position order, at most `limit`. When
   * there are more, the cut is fair across actors (read-streams.ts fairShareCut): each actor keeps its newest
   * events and the actors with the most lose theirs first, so one flood cannot push out others' events.
   */
  readFairShare(
    stream: string,
    afterPosition: number,
    upToPosition: number,
    limit: number,
  ): Promise<StoredEvent[]>;
  /** How many events readStreams would return with no limit, so callers can say how many were skipped. */
  countAfter(cursors: Readonly<Record<string, number>>, options?: CountAfterOptions): Promise<number>;
  /** The position of the last event of `stream`, or of any stream when omitted; 0 when none. */
  lastPosition(stream?: string): Promise<number>;
  /** The version of the last event of `stream`; 0 when the stream is empty. */
  lastVersion(stream: string): Promise<number>;
  /**
   * Every event with position > afterPosition, in position order, then live ones as they commit,
   * never skipping one that commits late. Ends (without throwing) when `signal` aborts or the store closes.
   */
  subscribe(afterPosition: number, signal: AbortSignal): AsyncIterable<StoredEvent>;
  /** Stops accepting appends, settles those in flight, and ends subscriptions. */
  close(): Promise<void>;
}
