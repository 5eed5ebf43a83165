// Prints closed-loop command throughput of an in-process game over the embedded store and over Postgres:
// N sessions in one room each send `say`, wait for the reply, and repeat, for a fixed number of commands.
// Every session is also watched on one feed that is read as it fills, as a gateway would.
// Usage: bun bench/commands.ts [sessions=50] [commandsPerSession=40] [quiet]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openFeed } from "#core/game/test-support/feed-reader.ts";
import { startTestGame, type TestStores } from "#core/game/test-support/game-harness.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { createLogger } from "#shared/log/logger.ts";
import { createThrowawayPgDatabase, isPostgresReachable } from "../test/support/pg-database.ts";

const sessions = Number(process.argv[2] ?? 50);
const perSession = Number(process.argv[3] ?? 40);
/** `bun bench/commands.ts 50 40 quiet`: no feed, to time the command path alone. */
const quiet = process.argv[4] === "quiet";
const log = createLogger({ service: "cli", version: "bench", format: "text", level: 1 });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function run(name: string, stores: TestStores) {
  await using t = await startTestGame(stores);
  const feed = quiet ? undefined : await openFeed(t.client, "bench");
  const players = [];
  for (let i = 0; i < sessions; i++) {
    const r = await t.client.register({ name: `Bench${i}`, password: "password1", clientAddress: "h:1" });
    const s = await t.client.selectCharacter({ loginTicket: r.loginTicket, connectionId: `c${i}` });
    const sessionId = s.session?.sessionId ?? "";
    if (feed) {
      await t.client.watch({ feedId: feed.feedId, sessionId, connectionId: `c${i}` });
      await feed.until(
        (r) =>
          r.item.case === "connection" &&
          r.item.value.connectionId === `c${i}` &&
          r.item.value.item.case === "replayEnd",
      );
    }
    players.push({ sessionId, connectionId: `c${i}` });
  }
  // Drain the feed in the background, as a gateway does.
  const draining = (async () => {
    while (feed && (await feed.take(1)).length > 0) {}
  })();
  const latencies: number[] = [];
  const start = performance.now();
  // Fairness: how many commands each session had done when the first session finished.
  const done = players.map(() => 0);
  let firstFinished: number[] | undefined;
  await Promise.all(
    players.map(async (p, i) => {
      for (let n = 1; n <= perSession; n++) {
        const at = performance.now();
        await t.client.handleCommand({ ...p, sequence: BigInt(n), line: `say line ${n}` });
        latencies.push(performance.now() - at);
        done[i] = n;
      }
      firstFinished ??= [...done];
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const spread = [...(firstFinished ?? done)].sort((a, b) => a - b);
  console.log(
    `${name}${quiet ? " (no feed)" : ""}: ${sessions} sessions x ${perSession} says: ${Math.round(latencies.length / seconds)} commands/s, ` +
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, ` +
      `max ${percentile(latencies, 1).toFixed(1)} ms; when the first session finished the others had done ` +
      `min ${spread[0]} / median ${percentile(spread, 0.5)} / max ${spread.at(-1)}`,
  );
  feed?.close();
  await Promise.race([draining.catch(() => {}), Bun.sleep(1000)]);
}

const dir = mkdtempSync(join(tmpdir(), "holomush-bench-commands-"));
try {
  await using stores = await openEmbeddedStores(join(dir, "bench.db"), false, log);
  await run("embedded", stores);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (await isPostgresReachable()) {
  await using throwaway = await createThrowawayPgDatabase();
  await using stores = await openPostgresStores(throwaway.url, false, log);
  await run("postgres", stores);
} else {
  console.log("postgres: not reachable on 127.0.0.1:5432, skipped");
}
