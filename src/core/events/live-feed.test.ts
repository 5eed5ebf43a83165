import { describe, expect, test } from "bun:test";
import { collectingLogger } from "#shared/log/logger.ts";
import type { StoredEvent } from "./event.ts";
import { testEvent } from "./event-store.contract.ts";
import { createLiveFeed, type LiveFeed } from "./live-feed.ts";

const event = (position: number): StoredEvent => ({
  ...testEvent("location:hall", { n: position }, `E${position}`),
  position,
  version: position,
});

/** A table of committed events and a feed over it that counts its reads. */
function tableFeed() {
  const table: StoredEvent[] = [];
  const reads: number[] = [];
  const feed = createLiveFeed({
    read: async (after, limit) => {
      reads.push(after);
      return table.filter((e) => e.position > after).slice(0, limit);
    },
    log: collectingLogger().logger,
  });
  const commit = (...positions: number[]) => {
    const events = positions.map(event);
    table.push(...events);
    return events;
  };
  return { table, reads, feed, commit };
}

/** Reads `count` positions from a subscription after `after`, then stops it. */
async function take(
  feed: LiveFeed,
  after: number,
  count: number,
  whenWaiting: () => void,
): Promise<number[]> {
  const stop = new AbortController();
  const seen: number[] = [];
  const iterator = feed.subscribe(after, stop.signal)[Symbol.asyncIterator]();
  const first = iterator.next();
  // The subscription has read the table and waits for a wake-up before anything is committed.
  await Promise.resolve();
  await Promise.resolve();
  whenWaiting();
  for (let next = await first; !next.done; next = await iterator.next()) {
    seen.push(next.value.position);
    if (seen.length === count) break;
  }
  stop.abort();
  await iterator.return?.(undefined);
  return seen;
}

describe("live feed", () => {
  test("a subscriber caught up takes the events a wake-up carries without reading the store again", async () => {
    const { reads, feed, commit } = tableFeed();
    commit(1, 2);
    const seen = await take(feed, 2, 2, () => feed.wake(commit(3, 4)));
    expect({ seen, reads }).toEqual({ seen: [3, 4], reads: [2] });
  });

  test("a subscriber behind the carried events reads the ones before them from the store", async () => {
    const { reads, feed, commit } = tableFeed();
    const seen = await take(feed, 0, 3, () => {
      commit(1);
      feed.wake(commit(2, 3).slice(1));
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(reads).toEqual([0, 0]);
  });

  test("a wake-up without events makes every subscriber read the store, even after carried ones", async () => {
    const { feed, commit } = tableFeed();
    const seen = await take(feed, 0, 2, () => {
      feed.wake(commit(1));
      commit(2);
      feed.wake();
    });
    expect(seen).toEqual([1, 2]);
  });

  test("carried events with a gap before them are not taken past the gap", async () => {
    const { reads, feed, commit } = tableFeed();
    const seen = await take(feed, 0, 3, () => {
      feed.wake(commit(1));
      commit(2);
      feed.wake(commit(3));
    });
    expect(seen).toEqual([1, 2, 3]);
    expect(reads.length).toBe(2);
  });
});
