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
}

const allAt = (streams: readonly string[], position: number) =>
  Object.fromEntries(streams.map((s) => [s, position]));

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
