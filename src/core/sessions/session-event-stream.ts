import type { Character } from "#core/accounts/account-store.ts";
import type { Subscription } from "#core/broadcast/broadcaster.ts";
import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { SessionRecord } from "./session-store.ts";

/** A connection attached to a session, with the new single-use resume token. */
export interface Attached {
  readonly session: SessionRecord;
  readonly character: Character;
  readonly resumeToken: string;
  readonly resumed: boolean;
}

/** One item of a connection's output (mirrors SubscribeResponse). */
export type StreamItem =
  | { readonly kind: "replayStart"; readonly count: number; readonly skipped: number }
  | { readonly kind: "event"; readonly event: StoredEvent }
  | { readonly kind: "replayEnd"; readonly count: number; readonly lastPosition: number }
  /** The last item of a booted connection's stream: show the text and close the socket. */
  | { readonly kind: "closed"; readonly text: string }
  /** The last item of a connection that now plays another character (`play`): follow that session. */
  | { readonly kind: "switched"; readonly attached: Attached };

/** What one connection's output stream reads from. */
export interface SessionStreamDeps {
  readonly events: EventStore;
  /** Registered before the replay is read, so nothing committed after the read is missed. */
  readonly subscription: Subscription;
  /** Where to start, per stream. */
  readonly cursors: Readonly<Record<string, number>>;
  readonly replayLimit: number;
  /**
   * The character's own stream (pages, whispers): when the replay bound cuts, it is replayed first, cut fairly
   * across senders, and the other streams fill the slots left with their newest events.
   */
  readonly privateStream?: string;
  /** The streams followed now, when they can change while streaming (channel join, leave); else the cursors' keys. */
  readonly streams?: () => readonly string[];
  /** Whether an event of a followed stream is for this output (see session-following.ts); all are by default. */
  readonly accept?: (event: StoredEvent) => boolean;
  /**
   * Streams joined since the last catch-up, with the position each was joined at; a catch-up re-reads them
   * from there, so their events committed before the subscription changed are not missed. Taken once.
   */
  readonly rewind?: () => Readonly<Record<string, number>>;
  /** Called after an event was handed on: the consumer asked for the next item. */
  readonly delivered: (position: number) => void;
  readonly signal: AbortSignal;
}

const CATCH_UP_BATCH = 256;

const allAt = (streams: readonly string[], position: number) =>
  Object.fromEntries(streams.map((s) => [s, position]));

/** What replaySelection reads: the store, where to start per stream, the bound and the private stream. */
export type ReplayDeps = Pick<SessionStreamDeps, "events" | "cursors" | "replayLimit" | "privateStream">;

/**
 * The events to replay and how many are skipped. With no cut, the newest `replayLimit`. With a cut, the
 * private stream goes first, by fair share among its senders (a flood of pages from one cannot push out
 * someone else's single page), then the newest events of the other streams. Everything is read up to one
 * position, so "skipped" counts exactly the events not replayed.
 */
export async function replaySelection(deps: ReplayDeps, streams: readonly string[]) {
  const { events, cursors, replayLimit: limit } = deps;
  const newest = await events.readStreams(cursors, limit, { newest: true });
  const last = newest.at(-1)?.position;
  if (last === undefined || newest.length < limit) return { replayed: newest, last, skipped: 0 };
  const total = (await events.countAfter(cursors)) - (await events.countAfter(allAt(streams, last)));
  const mine = deps.privateStream;
  const from = mine === undefined ? undefined : cursors[mine];
  if (total <= limit || mine === undefined || from === undefined)
    return { replayed: newest, last, skipped: Math.max(0, total - newest.length) };
  const own = await events.readFairShare(mine, from, last, limit);
  // Invariant: the newest `limit` events hold at least `limit - own.length` of the other streams' events.
  const room = limit - own.length;
  const others = room > 0 ? newest.filter((e) => e.stream !== mine).slice(-room) : [];
  const replayed = [...own, ...others].sort((a, b) => a.position - b.position);
  return { replayed, last, skipped: Math.max(0, total - replayed.length) };
}

/**
 * The replay of missed events (at most `replayLimit`, chosen by replaySelection, framed by replayStart/replayEnd),
 * then live events with no gap and no duplicate: live events are deduplicated by position, and a lagging
 * subscription catches up by reading the store after the last position delivered. Ends when the signal
 * aborts or the subscription closes.
 */
export async function* sessionStream(deps: SessionStreamDeps): AsyncGenerator<StreamItem> {
  const { events, subscription, signal } = deps;
  const accept = deps.accept ?? (() => true);
  const streams = Object.keys(deps.cursors);
  const { replayed, last, skipped } = await replaySelection(deps, streams);
  yield { kind: "replayStart", count: replayed.length, skipped };
  let position = Math.max(last ?? 0, ...Object.values(deps.cursors));
  for (const event of replayed) {
    if (!accept(event)) continue;
    yield { kind: "event", event };
    deps.delivered(event.position);
  }
  yield { kind: "replayEnd", count: replayed.length, lastPosition: position };

  while (!signal.aborted) {
    const item = await subscription.next(signal);
    if (item.kind === "closed") return;
    if (item.kind === "event") {
      if (item.event.position <= position || !accept(item.event)) continue;
      yield item;
      position = item.event.position;
      deps.delivered(position);
      continue;
    }
    // Lagging: the queue was dropped, or a stream was joined; the store has everything after `position`.
    let from: Record<string, number> = {
      ...allAt(deps.streams?.() ?? streams, position),
      ...deps.rewind?.(),
    };
    for (;;) {
      const batch = await events.readStreams(from, CATCH_UP_BATCH);
      for (const event of batch) {
        // Invariant: a rewound stream's events may sit below `position`; never seen before, so delivered.
        position = Math.max(position, event.position);
        if (!accept(event)) continue;
        yield { kind: "event", event };
        deps.delivered(position);
      }
      if (batch.length < CATCH_UP_BATCH || signal.aborted) break;
      from = allAt(deps.streams?.() ?? streams, batch.at(-1)?.position ?? position);
    }
  }
}
