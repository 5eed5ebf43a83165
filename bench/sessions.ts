// Prints the cost of logins, presence and logouts in the session manager over the embedded store (and
// Postgres with --postgres): N characters attach one by one, presence (look, who) is asked M times with
// all N attached, then each detaches. Also counts the store's list() calls and cursor writes per event.
// Usage: bun bench/sessions.ts [logins=200] [presenceCalls=200] [--postgres]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccountCache } from "#core/accounts/account-cache.ts";
import type { Character } from "#core/accounts/account-store.ts";
import { createBroadcaster } from "#core/broadcast/broadcaster.ts";
import { createSessionManager } from "#core/sessions/session-manager.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import type { CoreStores } from "#core/store/core-stores.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { createLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";
import { createThrowawayPgDatabase } from "../test/support/pg-database.ts";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const logins = Number(args[0] ?? 200);
const presenceCalls = Number(args[1] ?? 200);
const withPostgres = process.argv.includes("--postgres");
const log = createLogger({ service: "cli", version: "bench", format: "text", level: 1 });
const EVENTS = 200;

/** The store with its list() and advanceCursors() calls counted. */
function counted(store: SessionStore) {
  const calls = { list: 0, advanceCursors: 0 };
  return {
    calls,
    store: {
      ...store,
      list: () => {
        calls.list += 1;
        return store.list();
      },
      advanceCursors: (id, cursors) => {
        calls.advanceCursors += 1;
        return store.advanceCursors(id, cursors);
      },
    } satisfies SessionStore,
  };
}

/** Runs `op` for each i below n; returns the mean and the slowest, in ms. */
async function timed(n: number, op: (i: number) => Promise<unknown>) {
  const took: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = performance.now();
    await op(i);
    took.push(performance.now() - at);
  }
  const mean = took.reduce((a, b) => a + b, 0) / Math.max(1, n);
  return `mean ${mean.toFixed(3)} ms, max ${Math.max(0, ...took).toFixed(2)} ms`;
}

async function run(name: string, stores: CoreStores) {
  const clock = systemClock();
  const newId = ulidSource(clock.now);
  const characters: Character[] = [];
  for (let i = 0; i < logins; i++) {
    const c = { id: newId(), playerId: newId(), name: `Bench${i}`, locationId: "lobby", createdAt: 0 };
    await stores.accounts.createPlayer(
      { id: c.playerId, name: c.name, passwordHash: "x", role: "player", createdAt: 0 },
      c,
    );
    characters.push(c);
  }
  const { store, calls } = counted(stores.sessions);
  await using broadcaster = createBroadcaster({
    events: stores.events,
    log,
    afterPosition: await stores.events.lastPosition(),
  });
  await using sessions = await createSessionManager({
    store,
    accounts: createAccountCache(stores.accounts),
    events: stores.events,
    broadcaster,
    clock,
    newId,
    log,
    ttlMs: 3_600_000,
    replayLimit: 100,
    announce: async () => {},
  });
  calls.list = 0;
  const ids: string[] = [];
  const attach = await timed(logins, async (i) => {
    const c = characters[i] as Character;
    ids.push((await sessions.attach(c, `c${i}`)).session.id);
  });
  // The first presence reads every character once; the timed calls are the steady state of look and who.
  await sessions.presence();
  const presence = await timed(presenceCalls, () => sessions.presence());
  const detach = await timed(logins, (i) => sessions.detach(ids[i] as string, `c${i}`));
  const listed = calls.list;

  // Cursor writes: one attached session reads EVENTS events, then detaches.
  const first = characters[0] as Character;
  const { session } = await sessions.attach(first, "reader");
  const feed = sessions.feeds.open("bench");
  await sessions.feeds.watch(feed.id, session.id, "reader");
  for (let item = await feed.queue.next(); !(item?.kind === "connection" && item.item.kind === "replayEnd"); )
    item = await feed.queue.next();
  calls.advanceCursors = 0;
  for (let i = 0; i < EVENTS; i++) {
    await stores.events.append([
      {
        id: newId(),
        stream: "location:lobby",
        type: "say",
        timestamp: 0,
        actor: { kind: "character", id: first.id },
        payload: { name: first.name, text: `line ${i}` },
      },
    ]);
    // Each event is acknowledged as it is read, the most a gateway ever acknowledges.
    const item = await feed.queue.next();
    if (item?.kind === "event") await sessions.feeds.acknowledge(session.id, "reader", item.event.position);
  }
  const beforeDetach = calls.advanceCursors;
  await sessions.detach(session.id, "reader");
  feed.end();
  console.log(
    `${name}: ${logins} logins: attach ${attach}; presence with ${logins} attached x${presenceCalls}: ${presence}; ` +
      `detach ${detach}; store.list() calls during them: ${listed}; ` +
      `cursor writes for ${EVENTS} delivered events: ${beforeDetach} before detach, ${calls.advanceCursors} after`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "holomush-bench-sessions-"));
try {
  await using stores = await openEmbeddedStores(join(dir, "bench.db"), false, log);
  await run("embedded", stores);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (withPostgres) {
  await using throwaway = await createThrowawayPgDatabase();
  await using stores = await openPostgresStores(throwaway.url, false, log);
  await run("postgres", stores);
}
