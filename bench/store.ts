// Prints append throughput, append latency and replay time for the embedded and Postgres event stores.
// Usage: bun bench/store.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "#core/store/embedded/embedded-event-store.ts";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { openPostgresEventStore } from "#core/store/postgres/postgres-event-store.ts";
import { createLogger } from "#shared/log/logger.ts";
import { createThrowawayPgDatabase, isPostgresReachable } from "../test/support/pg-database.ts";

const log = createLogger({ service: "cli", version: "bench", format: "text", level: 1 });
let seq = 0;
const event = (stream: string): NewEvent => ({
  id: `B${String(++seq).padStart(10, "0")}`,
  stream,
  type: "say",
  timestamp: Date.now(),
  actor: { kind: "character", id: "bench" },
  payload: { name: "Bench", text: "Hello there, this is a typical line of roleplay text." },
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function appends(store: EventStore, writers: number, perWriter: number) {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        const t = performance.now();
        await store.append(event(`location:w${w}`));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round((writers * perWriter) / seconds),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

async function replay(store: EventStore) {
  const head = await store.lastPosition();
  for (let b = 0; head + b * 1000 < 100_000; b++) {
    await store.append(
      Array.from({ length: 1000 }, (_, i) => event(i % 90 === 0 ? "location:hot" : `location:r${i % 97}`)),
    );
  }
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    const got = await store.replay("location:hot", 0, 1000);
    times.push(performance.now() - t);
    if (got.length !== 1000) throw new Error(`replayed ${got.length}`);
  }
  times.sort((a, b) => a - b);
  return { total: await store.lastPosition(), median: percentile(times, 0.5) };
}

async function bench(name: string, store: EventStore) {
  const single = await appends(store, 1, 2000);
  const concurrent = await appends(store, 16, 500);
  const r = await replay(store);
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`\n${name}`);
  console.log(
    `  single writer:   ${single.perSecond} appends/s, p50 ${ms(single.p50)}, p99 ${ms(single.p99)}`,
  );
  console.log(
    `  16 writers:      ${concurrent.perSecond} appends/s, p50 ${ms(concurrent.p50)}, p99 ${ms(concurrent.p99)}`,
  );
  console.log(`  replay 1,000 of ${r.total}: ${ms(r.median)} (median of 9)`);
}

const dir = mkdtempSync(join(tmpdir(), "holomush-bench-"));
try {
  const database = await openEmbeddedDatabase({
    path: join(dir, "holomush.db"),
    unsafeDurability: false,
    log,
  });
  await bench("embedded (bun:sqlite, WAL, synchronous=FULL)", createEmbeddedEventStore({ database, log }));
  await database.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (await isPostgresReachable()) {
  await using throwaway = await createThrowawayPgDatabase();
  const database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
  const store = await openPostgresEventStore({ database, log });
  await bench("postgres (synchronous_commit=on)", store);
  await store.close();
  await database.close();
} else {
  console.log("\npostgres: skipped, unreachable");
}
