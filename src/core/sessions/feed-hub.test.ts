import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import type { StoredEvent } from "#core/events/event.ts";
import { testEvent } from "#core/events/event-store.contract.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import type { FeedItem, FeedQueue } from "./feed-queue.ts";
import type { GatewayFeed } from "./gateway-feed.ts";
import { createMemorySessionStore } from "./memory-session-store.ts";
import type { SessionStore } from "./session-store.ts";
import { startTestSessionManager, testCharacter } from "./test-support/test-session-manager.ts";

/** A session store that counts every call, to show what a delivery costs the store. */
function countingStore(inner: SessionStore) {
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return value.apply(target, args);
      };
    },
  });
  return { store, calls };
}

async function setup(players: number, feedBound?: number, replayGate?: Promise<void>) {
  const { logger } = collectingLogger();
  const memory = createMemoryEventStore({ log: logger });
  // With a gate, a replay's read waits for it, so a test can commit and dispatch events meanwhile.
  // Counts replays' reads (a replay selects the newest events of its streams); `reached(n)` waits for the nth.
  const waiting: { n: number; resolve: () => void }[] = [];
  const replayReads = {
    count: 0,
    reached: (n: number) =>
      new Promise<void>((resolve) => (replayReads.count >= n ? resolve() : waiting.push({ n, resolve }))),
  };
  const events: EventStore = new Proxy(memory, {
    get(target, name, receiver) {
      if (name === "readStreams")
        return async (...args: Parameters<EventStore["readStreams"]>) => {
          if (args[2]?.newest) {
            replayReads.count += 1;
            for (const w of waiting) if (replayReads.count >= w.n) w.resolve();
            await replayGate;
          }
          return target.readStreams(...args);
        };
      const value = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const characters = Array.from({ length: players }, (_, i) => testCharacter(`C${i}`, `P${i}`));
  const counted = countingStore(createMemorySessionStore());
  const started = await startTestSessionManager(characters, {
    store: counted.store,
    events,
    replayLimit: 1000,
    ...(feedBound === undefined ? {} : { feedBound }),
  });
  const { sessions, broadcaster } = started;
  const say = (text: string) => events.append(testEvent("location:lobby", { text }));
  /** Attaches `character` on `connectionId` and watches it on `feed`; resolves once its replay is queued. */
  const watch = async (feed: GatewayFeed, character: Character, connectionId: string) => {
    const attached = await sessions.attach(character, connectionId);
    await sessions.feeds.watch(feed.id, attached.session.id, connectionId);
    return attached;
  };
  return {
    events,
    broadcaster,
    sessions,
    characters,
    calls: counted.calls,
    store: counted.store,
    replayReads,
    say,
    watch,
    /** Opens a feed, watches every character on it as `k<id>`, and reads the feed through the last replay. */
    async watchEveryone() {
      const feed = sessions.feeds.open("gw");
      for (const c of characters) await watch(feed, c, `k${c.id}`);
      await readUntil(feed.queue, replayEndOf(`k${characters.at(-1)?.id}`));
      return feed;
    },
    [Symbol.asyncDispose]: () => started[Symbol.asyncDispose](),
  };
}

/** Reads feed items until `match`; returns those read. */
async function readUntil(queue: FeedQueue, match: (item: FeedItem) => boolean) {
  const items: FeedItem[] = [];
  for (;;) {
    const item = await queue.next();
    if (!item) throw new Error(`the feed ended: ${queue.error?.message}`);
    items.push(item);
    if (match(item)) return items;
  }
}
const eventAt = (position: number) => (item: FeedItem) =>
  item.kind === "event" && item.event.position === position;
const replayEndOf = (connectionId: string) => (item: FeedItem) =>
  item.kind === "connection" && item.connectionId === connectionId && item.item.kind === "replayEnd";
const eventsIn = (items: readonly FeedItem[]) => items.flatMap((i) => (i.kind === "event" ? [i] : []));

/** Resolves once the broadcaster dispatched `position`: the hub, listening first, has taken it by then. */
function dispatched(broadcaster: Broadcaster, position: number): Promise<void> {
  if (broadcaster.position >= position) return Promise.resolve();
  const { promise, resolve } = Promise.withResolvers<void>();
  const listening = broadcaster.listen((event) => {
    if (event.position < position) return;
    listening[Symbol.dispose]();
    resolve();
  });
  return promise;
}

test("a feed with 1,000 watches is one stream, and a say reaches all of them as one item", async () => {
  await using t = await setup(1000);
  const feed = await t.watchEveryone();
  const [said] = await t.say("hello, everyone");
  const items = eventsIn(await readUntil(feed.queue, eventAt(said?.position ?? 0)));
  expect(items).toHaveLength(1);
  expect(new Set(items[0]?.connectionIds)).toEqual(new Set(t.characters.map((c) => `k${c.id}`)));
  expect(t.sessions.feeds.status()).toEqual({ feeds: 1, watches: 1000 });
});

test("a stream's audience is the connections watching it now, and drops as they detach", async () => {
  await using t = await setup(3);
  await t.watchEveryone();
  expect(t.sessions.feeds.audience("location:lobby")).toBe(3);
  expect(t.sessions.feeds.audience("location:elsewhere")).toBe(0);
  const first = t.characters[0] as Character;
  const session = (await t.store.list()).find((s) => s.characterId === first.id);
  await t.sessions.detach(session?.id ?? "", `k${first.id}`);
  expect(t.sessions.feeds.audience("location:lobby")).toBe(2);
});

test("delivering events on a feed writes nothing to the session store", async () => {
  await using t = await setup(2);
  const feed = await t.watchEveryone();
  t.calls.length = 0;
  let last: StoredEvent | undefined;
  for (let i = 0; i < 100; i++) [last] = await t.say(`line ${i}`);
  const items = eventsIn(await readUntil(feed.queue, eventAt(last?.position ?? 0)));
  expect(items).toHaveLength(100);
  expect(t.calls).toEqual([]);
});

test("a watch sees its replay then live events with no gap and no duplicate while events are appended", async () => {
  await using t = await setup(1);
  const [alice] = t.characters;
  if (!alice) throw new Error("no character");
  const attached = await t.sessions.attach(alice, "a1");
  const feed = t.sessions.feeds.open("gw");
  const halfway = Promise.withResolvers<void>();
  const appending = (async () => {
    for (let i = 1; i <= 300; i++) {
      await t.say(`line ${i}`);
      if (i === 100) halfway.resolve();
    }
  })();
  await halfway.promise;
  await t.sessions.feeds.watch(feed.id, attached.session.id, "a1", 0);
  await appending;
  const last = await t.events.lastPosition();
  const items = await readUntil(feed.queue, eventAt(last));
  const positions = eventsIn(items).map((i) => i.event.position);
  expect(positions).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  expect(items[0]).toMatchObject({ connectionId: "a1", item: { kind: "replayStart" } });
});

test("a feed over its bound ends with resource_exhausted, and another feed is unaffected", async () => {
  await using t = await setup(2, 8);
  const [alice, bob] = t.characters;
  if (!alice || !bob) throw new Error("no characters");
  const slow = t.sessions.feeds.open("slow");
  const fast = t.sessions.feeds.open("fast");
  const a = await t.watch(slow, alice, "a1");
  const b = await t.watch(fast, bob, "b1");
  await readUntil(fast.queue, replayEndOf("b1"));
  let last: StoredEvent | undefined;
  for (let i = 0; i < 20; i++) {
    [last] = await t.say(`line ${i}`);
    // The fast gateway reads as events come, so its queue never holds more than one.
    await readUntil(fast.queue, eventAt(last?.position ?? 0));
  }
  expect(slow.ended).toBe(true);
  expect(isHoloError(slow.queue.error, "resource_exhausted")).toBe(true);
  expect(await slow.queue.next()).toBeUndefined();
  expect(fast.ended).toBe(false);
  expect(t.sessions.feeds.status()).toEqual({ feeds: 1, watches: 1 });
  expect((await t.store.get(a.session.id))?.detachedAt).toBeDefined();
  expect((await t.store.get(b.session.id))?.detachedAt).toBeUndefined();
});

test("a stream joined after its next event was dispatched still reaches the feed, once", async () => {
  await using t = await setup(1);
  const [alice] = t.characters;
  if (!alice) throw new Error("no character");
  const feed = t.sessions.feeds.open("gw");
  await t.watch(feed, alice, "a1");
  await readUntil(feed.queue, replayEndOf("a1"));
  const [join] = await t.events.append(testEvent("channel:code", { text: "the join" }));
  const [after] = await t.events.append(testEvent("channel:code", { text: "right after the join" }));
  // Both are dispatched before the session follows the channel.
  await dispatched(t.broadcaster, after?.position ?? 0);
  await t.sessions.followStreams(alice.id, { add: ["channel:code"] }, join?.position ?? 0);
  const [later] = await t.events.append(testEvent("channel:code", { text: "later" }));
  const items = eventsIn(await readUntil(feed.queue, eventAt(later?.position ?? 0)));
  expect(items.map((i) => i.event.payload.text)).toEqual(["right after the join", "later"]);
});

test("when a feed ends, its watches end and their sessions are detached from output; other feeds keep theirs", async () => {
  await using t = await setup(2);
  const [alice, bob] = t.characters;
  if (!alice || !bob) throw new Error("no characters");
  const gone = t.sessions.feeds.open("gone");
  const stays = t.sessions.feeds.open("stays");
  const a = await t.watch(gone, alice, "a1");
  const b = await t.watch(stays, bob, "b1");
  gone.end();
  expect((await t.store.get(a.session.id))?.detachedAt).toBeDefined();
  expect((await t.store.get(b.session.id))?.detachedAt).toBeUndefined();
  expect(t.sessions.feeds.status()).toEqual({ feeds: 1, watches: 1 });
  expect(t.sessions.status().streams).toBe(1);
});

test("a watch that ends while its replay waits its turn reads nothing from the store", async () => {
  const gate = Promise.withResolvers<void>();
  // Four replays run at once; the fifth and sixth wait for a turn.
  await using t = await setup(6, undefined, gate.promise);
  const feed = t.sessions.feeds.open("gw");
  const attached = await Promise.all(t.characters.map((c) => t.sessions.attach(c, `k${c.id}`)));
  const watching = attached.map((a, i) =>
    t.sessions.feeds.watch(feed.id, a.session.id, `k${t.characters[i]?.id}`).catch(() => "ended"),
  );
  await t.replayReads.reached(4);
  for (const i of [4, 5]) await t.sessions.detach(attached[i]?.session.id ?? "", `k${t.characters[i]?.id}`);
  gate.resolve();
  await Promise.all(watching);
  expect(t.replayReads.count).toBe(4);
});

test("an acknowledgement behind the last one is ignored", async () => {
  await using t = await setup(1);
  const [alice] = t.characters;
  if (!alice) throw new Error("no character");
  const feed = t.sessions.feeds.open("gw");
  const a = await t.watch(feed, alice, "a1");
  const [first] = await t.say("one");
  const [second] = await t.say("two");
  await t.sessions.feeds.acknowledge(a.session.id, "a1", second?.position ?? 0);
  await t.sessions.feeds.acknowledge(a.session.id, "a1", first?.position ?? 0);
  await t.sessions.detach(a.session.id, "a1");
  await t.sessions[Symbol.asyncDispose]();
  const cursors = (await t.store.get(a.session.id))?.cursors ?? {};
  expect(new Set(Object.values(cursors))).toEqual(new Set([second?.position ?? 0]));
});

test("many watches opened while events are appended each see every event exactly once, in order", async () => {
  await using t = await setup(10);
  const feed = t.sessions.feeds.open("gw");
  const attached = [];
  for (const c of t.characters) attached.push(await t.sessions.attach(c, `k${c.id}`));
  const appending = (async () => {
    for (let i = 1; i <= 300; i++) await t.say(`line ${i}`);
  })();
  await Promise.all(
    attached.map((a) => t.sessions.feeds.watch(feed.id, a.session.id, `k${a.character.id}`, 0)),
  );
  await appending;
  const last = await t.events.lastPosition();
  const items = eventsIn(await readUntil(feed.queue, eventAt(last)));
  for (const c of t.characters) {
    const mine = items.filter((i) => i.connectionIds.includes(`k${c.id}`)).map((i) => i.event.position);
    expect(mine).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  }
});

test("a move switches the watch's room at its position: the old room up to it, the new one after it", async () => {
  await using t = await setup(1);
  const [alice] = t.characters;
  if (!alice) throw new Error("no character");
  const feed = t.sessions.feeds.open("gw");
  await t.watch(feed, alice, "a1");
  await readUntil(feed.queue, replayEndOf("a1"));
  const note = (stream: string, text: string) => t.events.append(testEvent(stream, { text }));
  await note("location:hall", "hall before");
  const [moved] = await note("location:lobby", "lobby at the move");
  await note("location:lobby", "lobby after");
  await note("location:hall", "hall after");
  await t.sessions.followStreams(
    alice.id,
    { add: ["location:hall"], remove: ["location:lobby"] },
    moved?.position ?? 0,
  );
  const [last] = await note("location:hall", "hall later");
  const items = eventsIn(await readUntil(feed.queue, eventAt(last?.position ?? 0)));
  expect(items.map((i) => i.event.payload.text)).toEqual(["lobby at the move", "hall after", "hall later"]);
});

test("a stream joined while the replay is read loses none of its events, and all arrive in position order", async () => {
  const gate = Promise.withResolvers<void>();
  await using t = await setup(1, undefined, gate.promise);
  const [alice] = t.characters;
  if (!alice) throw new Error("no character");
  const a = await t.sessions.attach(alice, "a1");
  const feed = t.sessions.feeds.open("gw");
  const watching = t.sessions.feeds.watch(feed.id, a.session.id, "a1");
  const [join] = await t.events.append(testEvent("channel:code", { text: "the join" }));
  await dispatched(t.broadcaster, join?.position ?? 0);
  await t.sessions.followStreams(alice.id, { add: ["channel:code"] }, join?.position ?? 0);
  const [joined] = await t.events.append(testEvent("channel:code", { text: "after the join" }));
  const [later] = await t.say("lobby, read by the replay");
  await dispatched(t.broadcaster, later?.position ?? 0);
  gate.resolve();
  await watching;
  const [last] = await t.say("live");
  const items = await readUntil(feed.queue, eventAt(last?.position ?? 0));
  const texts = eventsIn(items).map((i) => i.event.payload.text);
  // The replay covers what was committed when its read began; the rest is held and sent in position order.
  expect(texts).toEqual(["after the join", "lobby, read by the replay", "live"]);
  expect(joined?.position).toBeLessThan(later?.position ?? 0);
});

test("replays bigger than the feed's room are queued as the gateway reads, not all at once, and arrive whole", async () => {
  await using t = await setup(6);
  const feed = t.sessions.feeds.open("gw");
  const attached = [];
  for (const [i, character] of t.characters.entries())
    attached.push(await t.sessions.attach(character, `c${i}`));
  for (let i = 1; i <= 1000; i++) await t.say(`line ${i}`);
  const watching = Promise.all(
    attached.map((a, i) => t.sessions.feeds.watch(feed.id, a.session.id, `c${i}`, 0)),
  );
  let settled = false;
  void watching.then(() => {
    settled = true;
  });
  // Six replays of 1,000 events would be 6,000 items; the feed waits for its reader well before that.
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(settled).toBe(false);
  expect(feed.queue.size).toBeLessThan(6000);
  const heard = new Map<string, number[]>();
  while ([...heard.values()].reduce((n, p) => n + p.length, 0) < 6000) {
    const item = await feed.queue.next();
    if (item?.kind !== "event") continue;
    for (const id of item.connectionIds) heard.set(id, [...(heard.get(id) ?? []), item.event.position]);
  }
  await watching;
  for (const [, positions] of heard) expect(positions).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  expect(heard.size).toBe(6);
});

test("connections whose gateway went away without detaching them are detached by the sweep after a grace", async () => {
  const clock = manualClock();
  const announced: string[] = [];
  const characters = [testCharacter("c1", "Alice"), testCharacter("c2", "Bob")];
  await using started = await startTestSessionManager(characters, {
    clock,
    ttlMs: 3_600_000,
    orphanGraceMs: 120_000,
    announce: async (character, kind) => {
      announced.push(`${character.name} ${kind}`);
    },
  });
  const { sessions } = started;
  const crashed = sessions.feeds.open("crashed");
  const alive = sessions.feeds.open("alive");
  const alice = await sessions.attach(characters[0] as Character, "a1");
  const bob = await sessions.attach(characters[1] as Character, "b1");
  await sessions.feeds.watch(crashed.id, alice.session.id, "a1");
  await sessions.feeds.watch(alive.id, bob.session.id, "b1");
  crashed.end();
  clock.advance(119_000);
  await sessions.sweep();
  expect((await sessions.presence()).map((c) => c.name).sort()).toEqual(["Alice", "Bob"]);
  clock.advance(1_000);
  await sessions.sweep();
  expect((await sessions.presence()).map((c) => c.name)).toEqual(["Bob"]);
  expect(announced).toEqual(["Alice connect", "Bob connect", "Alice disconnect"]);
});
