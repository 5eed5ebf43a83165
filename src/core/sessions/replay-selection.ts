import type { Actor, StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";

/** What replaySelection reads: the store, where to start per stream, the bound and the private stream. */
export interface ReplayDeps {
  readonly events: EventStore;
  /** Where to start, per stream. */
  readonly cursors: Readonly<Record<string, number>>;
  readonly replayLimit: number;
  /**
   * The character's own stream (pages, whispers): when the replay bound cuts, it is replayed first, cut fairly
   * across senders, and the other streams fill the slots left with their newest events.
   */
  readonly privateStream?: string;
  /** The character replayed to: its own connects and disconnects are not counted in `presence`. */
  readonly self?: Actor;
}

/**
 * Arrivals and departures (connects, disconnects, channel joins and leaves) are left out of a replay and summed
 * up in one line: after a long absence they would fill the replay and push out what was said. In a busy game a
 * returning player would otherwise be sent one "has joined the channel" line per newcomer, up to the bound.
 */
export const presenceTypes: readonly string[] = [
  "connect",
  "disconnect",
  "crowd_presence",
  "channel.join",
  "channel.leave",
];

/** What a replay sends: its events, the position it covers, and what it leaves out. */
export interface ReplaySelection {
  readonly replayed: StoredEvent[];
  /** Every event of the streams at or below this position was read: replayed, skipped or summed up. */
  readonly last: number;
  /** Missed events left out by the replay bound. */
  readonly skipped: number;
  /** Others' arrivals and departures left out (presenceTypes). */
  readonly presence: number;
}

/**
 * The events to replay and how many are skipped. With no cut, the newest `replayLimit`. With a cut, the
 * private stream goes first, by fair share among its senders (a flood of pages from one cannot push out
 * someone else's single page), then the newest events of the other streams. Everything is read up to one
 * position, the store's last when the reads begin, so "skipped" and "presence" count exactly the events not
 * replayed and every later one is dispatched live.
 */
export async function replaySelection(deps: ReplayDeps): Promise<ReplaySelection> {
  const { events, cursors, replayLimit: limit } = deps;
  const last = Math.max(await events.lastPosition(), ...Object.values(cursors));
  const quiet = { exceptTypes: presenceTypes, upTo: last };
  const newest = await events.readStreams(cursors, limit, { ...quiet, newest: true });
  const total = newest.length < limit ? newest.length : await events.countAfter(cursors, quiet);
  const presence = await events.countAfter(cursors, {
    onlyTypes: presenceTypes,
    upTo: last,
    ...(deps.self ? { notBy: deps.self } : {}),
  });
  const mine = deps.privateStream;
  const from = mine === undefined ? undefined : cursors[mine];
  if (total <= limit || mine === undefined || from === undefined)
    return { replayed: newest, last, skipped: total - newest.length, presence };
  const own = await events.readFairShare(mine, from, last, limit);
  // Invariant: the newest `limit` events hold at least `limit - own.length` of the other streams' events.
  const room = limit - own.length;
  const others = room > 0 ? newest.filter((e) => e.stream !== mine).slice(-room) : [];
  const replayed = [...own, ...others].sort((a, b) => a.position - b.position);
  return { replayed, last, skipped: total - replayed.length, presence };
}
