import { expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { testEvent } from "#core/events/event-store.contract.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { createFeedQueue, type FeedItem } from "./feed-queue.ts";

const stored = (position: number): StoredEvent => ({
  ...testEvent("location:1"),
  position,
  version: position,
});
const live = (position: number): FeedItem => ({
  kind: "event",
  event: stored(position),
  connectionIds: ["c1"],
});
const replayStart: FeedItem = {
  kind: "connection",
  connectionId: "c1",
  item: { kind: "replayStart", count: 0, skipped: 0, presence: 0, timestamps: false },
};

test("items come out in the order they went in, across many reads", async () => {
  const queue = createFeedQueue({ liveBound: 10_000 });
  const taken: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 1; i <= 2000; i++) queue.push(live(round * 2000 + i), true);
    for (let i = 0; i < 2000; i++) {
      const item = await queue.next();
      if (item?.kind === "event") taken.push(item.event.position);
    }
  }
  expect(taken).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
  expect(queue.size).toBe(0);
});

test("a reader waiting on an empty queue wakes for the next item, and an aborted wait returns nothing", async () => {
  const queue = createFeedQueue({ liveBound: 10 });
  const waiting = queue.next();
  const item = live(1);
  queue.push(item, true);
  expect(await waiting).toBe(item);
  const controller = new AbortController();
  const aborted = queue.next(controller.signal);
  controller.abort();
  expect(await aborted).toBeUndefined();
  expect(queue.ended).toBe(false);
});

test("live events past the bound end the queue with resource_exhausted; replay items do not count", async () => {
  const ends: unknown[] = [];
  const queue = createFeedQueue({ liveBound: 3, onEnd: (error) => ends.push(error) });
  for (let i = 0; i < 10; i++) queue.push(replayStart);
  for (let i = 1; i <= 3; i++) queue.push(live(i), true);
  expect(queue.ended).toBe(false);
  for (let i = 0; i < 11; i++) await queue.next();
  queue.push(live(4), true);
  expect(queue.ended).toBe(false);
  queue.push(live(5), true);
  queue.push(live(6), true);
  expect(queue.ended).toBe(true);
  expect(isHoloError(queue.error, "resource_exhausted")).toBe(true);
  expect(ends).toHaveLength(1);
  expect(await queue.next()).toBeUndefined();
});

test("room waits until the reader brings the queue down to the limit, and an end releases it", async () => {
  const queue = createFeedQueue({ liveBound: 10_000 });
  for (let i = 1; i <= 5; i++) queue.push(live(i));
  let roomy = false;
  const waiting = queue.room(2).then(() => {
    roomy = true;
  });
  await queue.next();
  await queue.next();
  await Promise.resolve();
  expect(roomy).toBe(false);
  await queue.next();
  await waiting;
  expect(queue.size).toBe(2);
  for (let i = 6; i <= 10; i++) queue.push(live(i));
  const released = queue.room(0);
  queue.end();
  await released;
});

test("takeWaiting takes what waits now, in order, up to its limit, and frees room and the live bound", async () => {
  const queue = createFeedQueue({ liveBound: 3 });
  queue.push(live(1), true);
  queue.push(live(2), true);
  queue.push(replayStart);
  const roomy = queue.room(1);
  const positions = (items: FeedItem[]) => items.map((i) => (i.kind === "event" ? i.event.position : i.kind));
  expect(positions(queue.takeWaiting(2))).toEqual([1, 2]);
  await roomy;
  queue.push(live(3), true);
  queue.push(live(4), true);
  expect(queue.ended).toBe(false);
  expect(positions(queue.takeWaiting(10))).toEqual(["connection", 3, 4]);
  expect(queue.takeWaiting(10)).toEqual([]);
});
