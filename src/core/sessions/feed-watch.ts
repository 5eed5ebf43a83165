import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { ConnectionEnd, FeedQueue } from "./feed-queue.ts";
import type { LiveConnections, LiveOutput } from "./live-connections.ts";
import { replaySelection } from "./replay-selection.ts";
import type { ChangeHearer, Following, StreamChange } from "./session-following.ts";
import { positionOf, type StreamPositions, setPosition } from "./stream-positions.ts";

/**
 * One connection's output on a gateway's feed: its streams, its replay, and what it was sent. It is its own
 * entry among the live outputs, which is also how the hub finds a connection's watch.
 */
export interface FeedWatch extends LiveOutput {
  /** Every stream whose events may be for this connection now. */
  streams(): string[];
  /**
   * Offers a live event of one of its streams: true when the feed should carry it for this connection now
   * (the caller groups it with the feed's other connections); false when it is not for it, already sent, or
   * held back until the replay or a catch-up in progress is queued.
   */
  offer(event: StoredEvent): boolean;
  /**
   * Queues the replay, then the live events held back meanwhile; resolves once all of it is queued. Call it
   * right after creating the watch, before anything else can run, so no catch-up is released before it.
   */
  replay(): Promise<void>;
  /** The cursors to store once everything up to `position` was received (ended streams stop at their end). */
  cursorsAt(position: number): Record<string, number>;
  /**
   * Records that everything up to `position` was received: its cursors (cursorsAt), or undefined when
   * `position` is not past the last one recorded.
   */
  acknowledge(position: number): Record<string, number> | undefined;
  /** Ends the watch with no final item; the hub hears it through `onEnd`. */
  end(): void;
  readonly ended: boolean;
}

/** What a watch needs. */
export interface FeedWatchDeps {
  readonly sessionId: string;
  readonly connectionId: string;
  readonly queue: FeedQueue;
  readonly events: EventStore;
  readonly live: LiveConnections<FeedWatch>;
  readonly log: Logger;
  readonly replayLimit: number;
  /** The character's own stream, replayed first when the replay bound cuts. */
  readonly privateStream: string;
  /** The character watched: its own connects and disconnects are not counted in a replay's summary. */
  readonly characterId: string;
  /** The streams the character follows (location, `char:`, channels) when the watch starts. */
  readonly followed: readonly string[];
  /** Where the replay starts, per stream. */
  readonly start: Readonly<Record<string, number>>;
  readonly following: Following;
  /** Events held back during a replay or catch-up, past which the feed ends as too slow. */
  readonly heldBound: number;
  /** Runs a replay's read and queueing in turn with the other watches' (a few at a time per core). */
  readonly replayTurn: <T>(task: () => Promise<T>) => Promise<T>;
  /** The position of the last event dispatched to the watches, so a catch-up knows where live ones begin. */
  readonly dispatched: () => number;
  /** Whether a replay whose oldest event has this timestamp shows times (the player's setting); never by default. */
  readonly stampReplay?: (characterId: string, oldest: number | undefined) => Promise<boolean>;
  /** Called when the streams change, so the index follows. */
  readonly onStreams: (watch: FeedWatch) => void;
  /** Called once when the watch ended (detach, boot, switch, end of the feed). */
  readonly onEnd: (watch: FeedWatch) => void;
}

const CATCH_UP_BATCH = 256;
/** A replay queues this many events at a time, each batch once the feed has at most REPLAY_ROOM items waiting. */
const REPLAY_BATCH = 256;
const REPLAY_ROOM = 4096;

const allAt = (streams: readonly string[], position: number) =>
  Object.fromEntries(streams.map((s) => [s, position]));

/**
 * `streams`, each as the equal string of `names` when there is one: a connection then keeps one copy of each
 * stream's name, not one per list or map that holds it.
 */
const sameNames = (streams: readonly string[], names: readonly string[]) =>
  streams.map((stream) => names.find((name) => name === stream) ?? stream);

/**
 * Creates a watch. Invariant: live events are held back from the moment the watch is indexed until its
 * replay is queued, and then only those of each stream after what the replay covered are sent, so the
 * connection sees no gap and no duplicate. A stream joined at P is caught up from the store for the events after P that were
 * dispatched before it was indexed, while the ones dispatched after are held back the same way.
 */
export function createFeedWatch(deps: FeedWatchDeps): FeedWatch {
  return new Watch(deps);
}

// A class, not closures: every connection holds one watch for its life, so its methods are shared. It is also
// its own entry among the live outputs, which saves an entry, an AbortController and a listener per connection.
class Watch implements FeedWatch, ChangeHearer {
  readonly sessionId: string;
  readonly connectionId: string;
  readonly #queue: FeedQueue;
  readonly #events: EventStore;
  readonly #live: LiveConnections<FeedWatch>;
  readonly #log: Logger;
  readonly #following: Following;
  readonly #heldBound: number;
  readonly #dispatched: () => number;
  readonly #onStreams: (watch: FeedWatch) => void;
  readonly #onEnd: (watch: FeedWatch) => void;
  /** What only the replay needs (its start, the character), let go once it is under way. */
  #replayDeps: FeedWatchDeps | undefined;
  /** Never changed in place: a change of streams makes a new list. */
  #followed: readonly string[];
  #held: StoredEvent[] | undefined = [];
  #ended = false;
  /** The last position the connection acknowledged. */
  #acknowledged = 0;
  #busy = 0;
  /** The last step queued while one is running; none when idle. */
  #steps: Promise<void> | undefined;
  // Per stream, the position up to which this connection was sent (or deliberately skipped) its events.
  #covered: StreamPositions = [];

  constructor(deps: FeedWatchDeps) {
    this.#queue = deps.queue;
    this.#events = deps.events;
    this.#live = deps.live;
    this.#log = deps.log;
    this.#following = deps.following;
    this.#heldBound = deps.heldBound;
    this.#dispatched = deps.dispatched;
    this.#onStreams = deps.onStreams;
    this.#onEnd = deps.onEnd;
    this.#replayDeps = deps;
    this.sessionId = deps.sessionId;
    this.connectionId = deps.connectionId;
    this.#followed = sameNames(deps.followed, deps.following.streams());
    deps.live.start(this);
    deps.following.onChange(this);
  }

  get ended() {
    return this.#ended;
  }

  streams() {
    return [...new Set([...this.#followed, ...this.#following.streams()])];
  }

  offer(event: StoredEvent) {
    if (this.#ended) return false;
    const held = this.#held;
    if (held) {
      held.push(event);
      if (held.length > this.#heldBound)
        this.#queue.end(new HoloError("resource_exhausted", "The feed fell too far behind; open a new one."));
      return false;
    }
    return this.#take(event);
  }

  replay() {
    const deps = this.#replayDeps;
    this.#replayDeps = undefined;
    if (!deps) return Promise.resolve();
    return this.#run(() => deps.replayTurn(() => this.#queueReplay(deps)));
  }

  cursorsAt(at: number) {
    return { ...allAt(this.#followed, at), ...this.#following.cursorsAt(at) };
  }

  acknowledge(position: number) {
    if (position <= this.#acknowledged) return undefined;
    this.#acknowledged = position;
    return this.cursorsAt(position);
  }

  end() {
    this.#finish(undefined);
  }

  close(final?: ConnectionEnd) {
    this.#finish(final);
  }

  #accept(event: StoredEvent) {
    const following = this.#following;
    return following.has(event.stream) ? following.accepts(event) : this.#followed.includes(event.stream);
  }

  #send(event: StoredEvent) {
    if (!this.#ended) this.#queue.push({ kind: "event", event, connectionIds: [this.connectionId] });
  }

  /** True (and now covered) when the event is for this connection and was neither sent nor skipped yet. */
  #take(event: StoredEvent) {
    if (event.position <= (positionOf(this.#covered, event.stream) ?? 0) || !this.#accept(event))
      return false;
    this.#covered = setPosition(this.#covered, event.stream, event.position);
    return true;
  }

  #release() {
    const taken = this.#held ?? [];
    this.#held = undefined;
    // Caught-up and live events meet here: sent in position order, each once.
    taken.sort((a, b) => a.position - b.position);
    for (const event of taken) if (this.#take(event)) this.#send(event);
  }

  #run(step: () => Promise<void>) {
    this.#held ??= [];
    this.#busy += 1;
    const done = (this.#steps ?? Promise.resolve()).then(step).finally(() => {
      this.#busy -= 1;
      if (this.#busy > 0) return;
      // Every step queued has run: the next one starts afresh, and no settled promise is kept meanwhile.
      this.#steps = undefined;
      this.#release();
    });
    this.#steps = done.catch(() => {});
    return done;
  }

  async #catchUp(from: Record<string, number>, cutoff: number) {
    let cursors = from;
    for (;;) {
      const batch = await this.#events.readStreams(cursors, CATCH_UP_BATCH);
      for (const event of batch) {
        if (event.position > cutoff) return;
        this.#held?.push(event);
      }
      const last = batch.at(-1)?.position;
      if (batch.length < CATCH_UP_BATCH || last === undefined || this.#ended) return;
      cursors = allAt(Object.keys(from), last);
    }
  }

  /** Queues the replay, in batches that wait for room on the feed, so a burst of replays stays bounded. */
  async #queueReplay(deps: FeedWatchDeps) {
    // A watch that ended while it waited its turn (its player hung up) costs the store nothing.
    if (this.#ended) return;
    const { queue } = deps;
    const { connectionId } = this;
    const cursors = deps.start;
    const selection = await replaySelection({
      events: deps.events,
      cursors,
      replayLimit: deps.replayLimit,
      privateStream: deps.privateStream,
      self: { kind: "character", id: deps.characterId },
    });
    const oldest = selection.replayed[0]?.timestamp;
    const timestamps = (await deps.stampReplay?.(deps.characterId, oldest)) ?? false;
    if (this.#ended) return;
    const count = selection.replayed.length;
    const { skipped, presence } = selection;
    const start = { kind: "replayStart", count, skipped, presence, timestamps } as const;
    queue.push({ kind: "connection", connectionId, item: start });
    // Invariant: every event at or below `position` of these streams was committed before the read, so it
    // was replayed, skipped or summed up; a live one the broadcaster dispatches later is a duplicate.
    const position = selection.last;
    for (const stream of sameNames(Object.keys(cursors), this.#following.streams()))
      this.#covered = setPosition(
        this.#covered,
        stream,
        Math.max(positionOf(this.#covered, stream) ?? 0, position),
      );
    const replayed = selection.replayed.filter((event) => this.#accept(event));
    for (let i = 0; i < replayed.length; i += REPLAY_BATCH) {
      await queue.room(REPLAY_ROOM);
      if (this.#ended) return;
      for (const event of replayed.slice(i, i + REPLAY_BATCH)) this.#send(event);
    }
    queue.push({
      kind: "connection",
      connectionId,
      item: { kind: "replayEnd", count, lastPosition: position },
    });
  }

  /** Hears a change of the streams followed (ChangeHearer); not for callers. */
  followChanged(_streams: readonly string[], change: StreamChange, at: number | undefined) {
    this.#followed = [...this.#followed.filter((s) => !change.remove?.includes(s)), ...(change.add ?? [])];
    this.#onStreams(this);
    if (at === undefined || !change.add?.length || this.#ended) return;
    // Events of a joined stream dispatched before the index changed are read back from the store.
    const cutoff = this.#dispatched();
    this.#run(() => this.#catchUp(allAt(change.add ?? [], at), cutoff)).catch((error: unknown) => {
      this.#log.warn("feed catch-up failed", { sessionId: this.sessionId, error: describeError(error) });
      this.#queue.end(new HoloError("unavailable", "The feed lost events; open a new one."));
    });
  }

  #finish(final: ConnectionEnd | undefined) {
    if (this.#ended) return;
    this.#ended = true;
    this.#held = undefined;
    this.#replayDeps = undefined;
    if (final) this.#queue.push({ kind: "connection", connectionId: this.connectionId, item: final });
    this.#following[Symbol.dispose]();
    this.#live.stop(this);
    this.#onEnd(this);
  }
}
