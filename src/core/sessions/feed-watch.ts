import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { FeedQueue } from "./feed-queue.ts";
import type { LiveConnections } from "./live-connections.ts";
import { replaySelection } from "./replay-selection.ts";
import type { Following } from "./session-following.ts";

/** One connection's output on a gateway's feed: its streams, its replay, and what it was sent. */
export interface FeedWatch {
  readonly sessionId: string;
  readonly connectionId: string;
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
  readonly live: LiveConnections;
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
 * Creates a watch. Invariant: live events are held back from the moment the watch is indexed until its
 * replay is queued, and then only those of each stream after what the replay covered are sent, so the
 * connection sees no gap and no duplicate. A stream joined at P is caught up from the store for the events after P that were
 * dispatched before it was indexed, while the ones dispatched after are held back the same way.
 */
export function createFeedWatch(deps: FeedWatchDeps): FeedWatch {
  const { sessionId, connectionId, queue, following } = deps;
  let followed = [...deps.followed];
  let held: StoredEvent[] | undefined = [];
  let ended = false;
  let busy = 0;
  let steps: Promise<void> = Promise.resolve();
  // Per stream, the position up to which this connection was sent (or deliberately skipped) its events.
  const covered = new Map<string, number>();
  const controller = new AbortController();
  const handle = deps.live.start(sessionId, connectionId, controller.signal);

  const streams = () => [...new Set([...followed, ...following.streams()])];
  const accept = (event: StoredEvent) =>
    following.has(event.stream) ? following.accepts(event) : followed.includes(event.stream);
  const send = (event: StoredEvent) => {
    if (!ended) queue.push({ kind: "event", event, connectionIds: [connectionId] });
  };
  /** True (and now covered) when the event is for this connection and was neither sent nor skipped yet. */
  const take = (event: StoredEvent) => {
    if (event.position <= (covered.get(event.stream) ?? 0) || !accept(event)) return false;
    covered.set(event.stream, event.position);
    return true;
  };
  const release = () => {
    const taken = held ?? [];
    held = undefined;
    // Caught-up and live events meet here: sent in position order, each once.
    taken.sort((a, b) => a.position - b.position);
    for (const event of taken) if (take(event)) send(event);
  };
  const run = (step: () => Promise<void>) => {
    held ??= [];
    busy += 1;
    const done = steps.then(step).finally(() => {
      busy -= 1;
      if (busy === 0) release();
    });
    steps = done.catch(() => {});
    return done;
  };

  async function catchUp(from: Record<string, number>, cutoff: number) {
    let cursors = from;
    for (;;) {
      const batch = await deps.events.readStreams(cursors, CATCH_UP_BATCH);
      for (const event of batch) {
        if (event.position > cutoff) return;
        held?.push(event);
      }
      const last = batch.at(-1)?.position;
      if (batch.length < CATCH_UP_BATCH || last === undefined || ended) return;
      cursors = allAt(Object.keys(from), last);
    }
  }

  /** Queues the replay, in batches that wait for room on the feed, so a burst of replays stays bounded. */
  async function queueReplay() {
    // A watch that ended while it waited its turn (its player hung up) costs the store nothing.
    if (ended) return;
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
    if (ended) return;
    const count = selection.replayed.length;
    const { skipped, presence } = selection;
    const start = { kind: "replayStart", count, skipped, presence, timestamps } as const;
    queue.push({ kind: "connection", connectionId, item: start });
    // Invariant: every event at or below `position` of these streams was committed before the read, so it
    // was replayed, skipped or summed up; a live one the broadcaster dispatches later is a duplicate.
    const position = selection.last;
    for (const stream of Object.keys(cursors))
      covered.set(stream, Math.max(covered.get(stream) ?? 0, position));
    const replayed = selection.replayed.filter(accept);
    for (let i = 0; i < replayed.length; i += REPLAY_BATCH) {
      await queue.room(REPLAY_ROOM);
      if (ended) return;
      for (const event of replayed.slice(i, i + REPLAY_BATCH)) send(event);
    }
    queue.push({
      kind: "connection",
      connectionId,
      item: { kind: "replayEnd", count, lastPosition: position },
    });
  }

  following.onChange((_now, change, at) => {
    followed = [...followed.filter((s) => !change.remove?.includes(s)), ...(change.add ?? [])];
    watch.onStreamsChanged();
    if (at === undefined || !change.add?.length || ended) return;
    // Events of a joined stream dispatched before the index changed are read back from the store.
    const cutoff = deps.dispatched();
    run(() => catchUp(allAt(change.add ?? [], at), cutoff)).catch((error: unknown) => {
      deps.log.warn("feed catch-up failed", { sessionId, error: describeError(error) });
      queue.end(new HoloError("unavailable", "The feed lost events; open a new one."));
    });
  });

  const finish = () => {
    if (ended) return;
    ended = true;
    held = undefined;
    const final = handle.final;
    if (final) queue.push({ kind: "connection", connectionId, item: final });
    following[Symbol.dispose]();
    handle[Symbol.dispose]();
    deps.onEnd(watch);
  };
  handle.signal.addEventListener("abort", finish, { once: true });

  const watch = {
    sessionId,
    connectionId,
    streams,
    onStreamsChanged: () => deps.onStreams(watch),
    offer(event: StoredEvent) {
      if (ended) return false;
      if (held) {
        held.push(event);
        if (held.length > deps.heldBound)
          queue.end(new HoloError("resource_exhausted", "The feed fell too far behind; open a new one."));
        return false;
      }
      return take(event);
    },
    replay: () => run(() => deps.replayTurn(queueReplay)),
    cursorsAt: (at: number) => ({ ...allAt(followed, at), ...following.cursorsAt(at) }),
    end: () => controller.abort(),
    get ended() {
      return ended;
    },
  };
  if (handle.signal.aborted) finish();
  return watch;
}
