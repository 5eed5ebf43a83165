import { expect, test } from "bun:test";
import { testEvent } from "#core/events/event-store.contract.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { type Broadcaster, createBroadcaster } from "./broadcaster.ts";

/** Resolves once the broadcaster dispatched `position` to its listeners. */
function dispatched(broadcaster: Broadcaster, position: number): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  const listening = broadcaster.listen((event) => {
    if (event.position < position) return;
    listening[Symbol.dispose]();
    resolve();
  });
  return promise;
}

test("a listener hears every committed event once, in position order, until it is disposed", async () => {
  await using events = createMemoryEventStore({ log: collectingLogger().logger });
  await using broadcaster = createBroadcaster({ events, log: collectingLogger().logger, afterPosition: 0 });
  const heard: number[] = [];
  const listening = broadcaster.listen((event) => heard.push(event.position));
  const third = dispatched(broadcaster, 3);
  for (const stream of ["location:1", "char:a", "location:2"]) await events.append(testEvent(stream));
  // Listeners are called in the order they were added, so the later one hearing the third means all three were heard.
  await third;
  expect(heard).toEqual([1, 2, 3]);
  listening[Symbol.dispose]();
  const fourth = dispatched(broadcaster, 4);
  await events.append(testEvent("location:1"));
  await fourth;
  expect(heard).toEqual([1, 2, 3]);
  expect(broadcaster.position).toBe(4);
});

test("a listener that throws is logged and the others still hear the event", async () => {
  const { logger, lines } = collectingLogger();
  await using events = createMemoryEventStore({ log: logger });
  await using broadcaster = createBroadcaster({ events, log: logger, afterPosition: 0 });
  using _failing = broadcaster.listen(() => {
    throw new Error("boom");
  });
  const heard = dispatched(broadcaster, 1);
  await events.append(testEvent("location:1"));
  await heard;
  expect(lines().some((l) => JSON.stringify(l).includes("broadcast listener failed"))).toBe(true);
});
