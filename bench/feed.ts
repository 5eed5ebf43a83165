// Prints what delivering events to N connections in one room costs through one gateway feed (Feed + Watch):
// wall time until every connection has every event, items sent, events encoded, and cursor writes the
// session store received.
// Usage: bun bench/feed.ts [connections=200] [events=200]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEvent } from "#core/events/event-store.contract.ts";
import { openFeed } from "#core/game/test-support/feed-reader.ts";
import { enter, startTestGame, type TestStores } from "#core/game/test-support/game-harness.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { createLogger } from "#shared/log/logger.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";

const connections = Number(process.argv[2] ?? 200);
const events = Number(process.argv[3] ?? 200);
const log = createLogger({ service: "cli", version: "bench", format: "text", level: 1 });

/** Counts the session store's cursor writes. */
function countingCursors(inner: SessionStore) {
  const counter = { writes: 0 };
  const store: SessionStore = {
    ...inner,
    advanceCursors: (id, cursors) => {
      counter.writes += 1;
      return inner.advanceCursors(id, cursors);
    },
  };
  return { store, counter };
}

async function run(stores: TestStores) {
  const counted = countingCursors(stores.sessions);
  await using t = await startTestGame({ ...stores, sessions: counted.store });
  const sessions = [];
  for (let i = 0; i < connections; i++) sessions.push(await enter(t.client, `Bench${i}`, `c${i}`));
  const character = await t.game.parts.accountStore.findCharacterByName("Bench0");
  const stream = `location:${character?.locationId}`;
  let items = 0;
  const feed = await openFeed(t.client);
  for (const [i, s] of sessions.entries())
    await t.client.watch({ feedId: feed.feedId, sessionId: s.sessionId, connectionId: `c${i}` });
  await feed.until(
    (r) =>
      r.item.case === "connection" &&
      r.item.value.connectionId === `c${connections - 1}` &&
      r.item.value.item.case === "replayEnd",
  );
  const done = (async () => {
    for (;;) {
      const [item] = await feed.take(1);
      if (!item) return;
      items += 1;
      if (item.item.case === "event" && eventPayload(item.item.value.event).last === true) return;
    }
  })();
  const writesBefore = counted.counter.writes;
  const encodedBefore = t.encoder.encoded;
  const start = performance.now();
  for (let i = 1; i <= events; i++)
    await stores.events.append(testEvent(stream, { n: i, last: i === events }));
  await done;
  const ms = performance.now() - start;
  await t.game.parts.sessions[Symbol.asyncDispose]();
  console.log(
    `feed: ${connections} connections x ${events} events: ${ms.toFixed(0)} ms, ` +
      `${Math.round((connections * events) / (ms / 1000))} deliveries/s, ${items} items sent, ` +
      `${t.encoder.encoded - encodedBefore} events encoded, ${counted.counter.writes - writesBefore} cursor writes`,
  );
  feed.close();
}

const dir = mkdtempSync(join(tmpdir(), "holomush-bench-feed-"));
try {
  await using stores = await openEmbeddedStores(join(dir, "bench.db"), false, log);
  await run(stores);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
