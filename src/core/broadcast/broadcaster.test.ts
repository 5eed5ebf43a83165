import { expect, test } from "bun:test";
import { testEvent } from "#core/events/event-store.contract.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { type BroadcastItem, createBroadcaster, type Subscription } from "./broadcaster.ts";

async function take(sub: Subscription, count: number): Promise<BroadcastItem[]> {
  const items: BroadcastItem[] = [];
  while (items.length < count) items.push(await sub.next());
  return items;
}
const positions = (items: BroadcastItem[]) =>
  items.map((i) => (i.kind === "event" ? i.event.position : i.kind));

test("each subscriber gets the events of its streams, in position order", async () => {
  await using events = createMemoryEventStore({ log: collectingLogger().logger });
  await using broadcaster = createBroadcaster({ events, log: collectingLogger().logger, afterPosition: 0 });
  using room = broadcaster.subscribe(["location:1"]);
  using both = broadcaster.subscribe(["location:1", "char:a"]);
  for (const stream of ["location:1", "char:a", "location:2", "location:1"])
    await events.append(testEvent(stream));
  expect(positions(await take(room, 2))).toEqual([1, 4]);
  expect(positions(await take(both, 3))).toEqual([1, 2, 4]);
});

test("a slow subscriber is marked lagging and never holds up a fast one", async () => {
  await using events = createMemoryEventStore({ log: collectingLogger().logger });
  await using broadcaster = createBroadcaster({
    events,
    log: collectingLogger().logger,
    afterPosition: 0,
    queueCapacity: 3,
  });
  using slow = broadcaster.subscribe(["location:1"]);
  using fast = broadcaster.subscribe(["location:1"]);
  const seen: number[] = [];
  const reading = (async () => {
    while (seen.length < 10) {
      const item = await fast.next();
      if (item.kind === "event") seen.push(item.event.position);
    }
  })();
  for (let i = 0; i < 10; i++) await events.append(testEvent("location:1"));
  await reading;
  expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect((await slow.next()).kind).toBe("lagging");
});

test("an aborted wait and a disposed broadcaster end the subscription", async () => {
  const events = createMemoryEventStore({ log: collectingLogger().logger });
  const broadcaster = createBroadcaster({ events, log: collectingLogger().logger, afterPosition: 0 });
  const sub = broadcaster.subscribe(["location:1"]);
  const controller = new AbortController();
  const waiting = sub.next(controller.signal);
  controller.abort();
  expect((await waiting).kind).toBe("closed");
  const pending = sub.next();
  await broadcaster[Symbol.asyncDispose]();
  expect((await pending).kind).toBe("closed");
  await events.close();
});

test("a listener hears every committed event once, in position order, until it is disposed", async () => {
  await using events = createMemoryEventStore({ log: collectingLogger().logger });
  await using broadcaster = createBroadcaster({ events, log: collectingLogger().logger, afterPosition: 0 });
  const heard: number[] = [];
  const listening = broadcaster.listen((event) => heard.push(event.position));
  using sub = broadcaster.subscribe(["location:1", "char:a", "location:2"]);
  for (const stream of ["location:1", "char:a", "location:2"]) await events.append(testEvent(stream));
  // Listeners are called before the subscribers' queues, so the third item means all three were heard.
  await take(sub, 3);
  expect(heard).toEqual([1, 2, 3]);
  listening[Symbol.dispose]();
  await events.append(testEvent("location:1"));
  await take(sub, 1);
  expect(heard).toEqual([1, 2, 3]);
});
