import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createBroadcaster } from "#core/broadcast/broadcaster.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { createMemorySessionStore } from "./memory-session-store.ts";
import type { StreamItem } from "./session-event-stream.ts";
import { createSessionManager } from "./session-manager.ts";

const alice: Character = { id: "CA", playerId: "PA", name: "Alice", locationId: "lobby", createdAt: 0 };

async function setup() {
  const { logger } = collectingLogger();
  const clock = manualClock();
  const events = createMemoryEventStore({ log: logger });
  const accounts = createMemoryAccountStore();
  await accounts.createPlayer(
    { id: "PA", name: "Alice", passwordHash: "x", role: "player", createdAt: 0 },
    alice,
  );
  const broadcaster = createBroadcaster({ events, log: logger, afterPosition: 0 });
  const sessions = await createSessionManager({
    store: createMemorySessionStore(),
    accounts,
    events,
    broadcaster,
    clock,
    newId: sequentialIds("S"),
    log: logger,
    ttlMs: 60_000,
    replayLimit: 100,
    announce: async () => {},
  });
  const ids = sequentialIds("E");
  const append = (stream: string, text: string) =>
    events.append([
      {
        id: ids(),
        stream,
        type: "channel",
        timestamp: 0,
        actor: { kind: "character", id: "CB" },
        payload: { channel: stream.slice("channel:".length), name: "Bob", text },
      },
    ]);
  return { events, broadcaster, sessions, append };
}

test("a stream joined after its next event was dispatched still delivers that event, once", async () => {
  const { broadcaster, sessions, append } = await setup();
  await using _broadcaster = broadcaster;
  await using _sessions = sessions;
  const attached = await sessions.attach(alice, "a1");
  const abort = new AbortController();
  const out = sessions.stream(attached.session.id, "a1", undefined, abort.signal)[Symbol.asyncIterator]();
  const next = async (): Promise<StreamItem> => (await out.next()).value as StreamItem;
  expect((await next()).kind).toBe("replayStart");
  expect((await next()).kind).toBe("replayEnd");
  // The race a join can lose: a message after the join is dispatched before the session follows the channel.
  using watcher = broadcaster.subscribe(["channel:code"]);
  const [join] = await append("channel:code", "the join");
  await append("channel:code", "right after the join");
  await watcher.next();
  await watcher.next();
  await sessions.followStreams(alice.id, { add: ["channel:code"] }, join?.position ?? 0);
  await append("channel:code", "later");
  const texts = [await next(), await next()].map((i) => (i.kind === "event" ? i.event.payload.text : i.kind));
  expect(texts).toEqual(["right after the join", "later"]);
  abort.abort();
  await out.return?.();
});
