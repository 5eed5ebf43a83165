import { describe, expect, test } from "bun:test";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { createEmbeddedSessionStore } from "./embedded-session-store.ts";
import type { FeedItem } from "./feed-queue.ts";
import { createMemorySessionStore } from "./memory-session-store.ts";
import { createPostgresSessionStore } from "./postgres-session-store.ts";
import type { SessionStore } from "./session-store.ts";
import { startTestSessionManager, testCharacter } from "./test-support/test-session-manager.ts";

const [alice, bob, carol, dave] = [
  testCharacter("CA", "Alice"),
  testCharacter("CB", "Bob"),
  testCharacter("CC", "Carol"),
  testCharacter("CD", "Dave"),
];
const TTL = 60_000;

/** The store with every call counted by method name, and a hook on cursor writes. */
function counting(store: SessionStore) {
  const calls: Record<string, number> = {};
  let onCursors = () => {};
  const wrapped = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [
      name,
      async (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
        if (name === "advanceCursors") onCursors();
        return result;
      },
    ]),
  ) as unknown as SessionStore;
  /** Resolves after the next cursor write reached the store. */
  const nextCursorWrite = () => {
    const written = Promise.withResolvers<void>();
    onCursors = () => written.resolve();
    return written.promise;
  };
  return { store: wrapped, calls, nextCursorWrite };
}

async function setup(inner: SessionStore = createMemorySessionStore()) {
  const clock = manualClock();
  const timers = manualTimers(clock);
  const counted = counting(inner);
  const { sessions, broadcaster, events } = await startTestSessionManager([alice, bob, carol, dave], {
    store: counted.store,
    clock,
    timers,
    ttlMs: TTL,
  });
  const ids = sequentialIds("E");
  const say = async (text: string) => {
    const [event] = await events.append([
      {
        id: ids(),
        stream: "location:lobby",
        type: "say",
        timestamp: 0,
        actor: { kind: "character", id: "CB" },
        payload: { name: "Bob", text },
      },
    ]);
    return event?.position ?? 0;
  };
  /** Watches the connection on a feed of its own; `next` reads its items, `ack` acknowledges as a gateway does. */
  const open = async (sessionId: string, connectionId: string) => {
    const feed = sessions.feeds.open(`gw-${connectionId}`);
    await sessions.feeds.watch(feed.id, sessionId, connectionId);
    return {
      async next(): Promise<FeedItem> {
        const item = await feed.queue.next();
        if (!item) throw new Error(`the feed ended: ${feed.queue.error?.message}`);
        return item;
      },
      ack: (position: number) => sessions.feeds.acknowledge(sessionId, connectionId, position),
    };
  };
  return { sessions, inner, clock, timers, broadcaster, say, open, ...counted };
}

/** Reads past the replay; returns the texts of the events replayed. */
async function replayed(out: { next(): Promise<FeedItem> }) {
  const texts: unknown[] = [];
  for (let item = await out.next(); ; item = await out.next()) {
    if (item.kind === "connection" && item.item.kind === "replayEnd") return texts;
    if (item.kind === "event") texts.push(item.event.payload.text);
  }
}

test("attach, detach, presence, who, switch, boot, sweep and status never list the store after start", async () => {
  const { sessions, broadcaster, calls, clock } = await setup();
  await using _b = broadcaster;
  await using _s = sessions;
  expect(calls.list).toBe(1);
  const a = await sessions.attach(alice, "a1");
  const b = await sessions.attach(bob, "b1");
  expect((await sessions.presence()).map((c) => c.name).sort()).toEqual(["Alice", "Bob"]);
  await sessions.switchCharacter(b.session.id, "b1", carol);
  await sessions.detach(a.session.id, "a1");
  await sessions.resume(a.resumeToken, "a2");
  expect(await sessions.boot(alice.id, "Bye.")).toBe(1);
  clock.advance(TTL);
  expect(await sessions.sweep()).toBe(2);
  expect(sessions.status()).toEqual({ sessions: 1, connections: 1, streams: 0 });
  expect(calls.list).toBe(1);
});

test("a delivered event writes nothing to the store until the flush timer fires", async () => {
  const { sessions, broadcaster, calls, inner, timers, say, open, nextCursorWrite } = await setup();
  await using _b = broadcaster;
  await using _s = sessions;
  const { session } = await sessions.attach(alice, "a1");
  const out = await open(session.id, "a1");
  await replayed(out);
  const first = await say("one");
  await say("two");
  await out.next();
  await out.next();
  // The player received "one"; "two" is still on its way.
  await out.ack(first);
  expect(calls.advanceCursors).toBeUndefined();
  expect((await sessions.require(session.id, "a1")).session.cursors["location:lobby"]).toBe(first);
  const written = nextCursorWrite();
  timers.advance(5_000);
  await written;
  expect(calls.advanceCursors).toBe(1);
  expect((await inner.get(session.id))?.cursors["location:lobby"]).toBe(first);
});

test("detach stores the cursors, and the next attach replays exactly what was not delivered", async () => {
  const { sessions, broadcaster, calls, inner, say, open } = await setup();
  await using _b = broadcaster;
  await using _s = sessions;
  const attached = await sessions.attach(alice, "a1");
  const out = await open(attached.session.id, "a1");
  await replayed(out);
  const first = await say("one");
  await say("two");
  await out.next();
  await out.next();
  await out.ack(first);
  await sessions.detach(attached.session.id, "a1");
  expect(calls.advanceCursors).toBe(1);
  expect((await inner.get(attached.session.id))?.cursors["location:lobby"]).toBe(first);
  await sessions.resume(attached.resumeToken, "a2");
  expect(await replayed(await open(attached.session.id, "a2"))).toEqual(["two"]);
});

test("shutdown writes every delivered cursor", async () => {
  const { sessions, broadcaster, inner, say, open } = await setup();
  await using _b = broadcaster;
  const { session } = await sessions.attach(alice, "a1");
  const out = await open(session.id, "a1");
  await replayed(out);
  const first = await say("one");
  await say("two");
  await out.next();
  await out.next();
  await out.ack(first);
  await sessions[Symbol.asyncDispose]();
  expect((await inner.get(session.id))?.cursors["location:lobby"]).toBe(first);
});

/** Each store the agreement is checked on, and how to close it. */
const stores: [string, () => Promise<{ store: SessionStore } & AsyncDisposable>][] = [
  ["memory", async () => ({ store: createMemorySessionStore(), async [Symbol.asyncDispose]() {} })],
  [
    "embedded",
    async () => {
      const database = await openEmbeddedDatabase({
        path: ":memory:",
        unsafeDurability: true,
        log: collectingLogger().logger,
      });
      return { store: createEmbeddedSessionStore(database), [Symbol.asyncDispose]: () => database.close() };
    },
  ],
];
if (await isPostgresReachable()) {
  stores.push([
    "postgres",
    async () => {
      const throwaway = await createThrowawayPgDatabase();
      const database = await openPostgresDatabase({
        url: throwaway.url,
        unsafeDurability: false,
        log: collectingLogger().logger,
      });
      return {
        store: createPostgresSessionStore(database),
        async [Symbol.asyncDispose]() {
          await database.close();
          await throwaway[Symbol.asyncDispose]();
        },
      };
    },
  ]);
} else warnPostgresSkipped("sessions agreeing with the postgres store");

describe.each(stores)("on the %s store", (_name, open) => {
  test("what the sessions report agrees with the store after attach, detach, switch, boot, resume and sweep", async () => {
    await using opened = await open();
    const { sessions, broadcaster, inner, clock } = await setup(opened.store);
    await using _b = broadcaster;
    await using _s = sessions;
    const a = await sessions.attach(alice, "a1");
    const b = await sessions.attach(bob, "b1");
    await sessions.attach(alice, "a2");
    await sessions.detach(a.session.id, "a1");
    await sessions.switchCharacter(b.session.id, "b1", carol);
    await sessions.followStreams(carol.id, { add: ["channel:x"], remove: ["location:lobby"] }, 5);
    await sessions.boot(alice.id, "Bye.");
    await sessions.resume(b.resumeToken, "b2");
    clock.advance(TTL);
    await sessions.attach(dave, "d1");
    expect(await sessions.sweep()).toBe(1);

    const stored = await inner.list();
    const attached = stored.filter((s) => s.connections.length > 0);
    expect(sessions.status()).toEqual({
      sessions: stored.length,
      connections: attached.reduce((n, s) => n + s.connections.length, 0),
      streams: 0,
    });
    expect((await sessions.presence()).map((c) => c.id).sort()).toEqual(
      attached.map((s) => s.characterId).sort(),
    );
    for (const s of attached)
      for (const connectionId of s.connections)
        expect((await sessions.require(s.id, connectionId)).session).toEqual(s);
    expect(stored.map((s) => s.characterId).sort()).toEqual([bob.id, carol.id, dave.id]);
  });
});
