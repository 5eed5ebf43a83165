import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { collect, testEvent } from "#core/events/event-store.contract.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { openPostgresDatabase, type PostgresDatabase } from "./postgres-database.ts";
import { openPostgresEventStore, type PostgresEventStoreDeps } from "./postgres-event-store.ts";

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres late commit");

describe.skipIf(!reachable)("postgres with several cores", () => {
  let throwaway: ThrowawayPgDatabase;
  const databases: PostgresDatabase[] = [];
  beforeAll(async () => {
    throwaway = await createThrowawayPgDatabase();
  });
  afterAll(async () => {
    for (const d of databases) await d.close();
    await throwaway[Symbol.asyncDispose]();
  });
  const core = async (insideTransaction?: PostgresEventStoreDeps["insideTransaction"]) => {
    const log = collectingLogger().logger;
    const database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
    databases.push(database);
    return openPostgresEventStore({ database, log, ...(insideTransaction ? { insideTransaction } : {}) });
  };

  test("a writer holding its transaction open delays, but never reorders, a later writer", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: (events: readonly StoredEvent[]) => void = () => {};
    const inTransaction = new Promise<readonly StoredEvent[]>((resolve) => {
      entered = resolve;
    });
    await using slow = await core(async (events) => {
      entered(events);
      await gate;
    });
    await using fast = await core();
    await using reader = await core();
    const watcher = databases[0]!.sql;

    const seen = collect(reader, 0, 2);
    const first = slow.append(testEvent("location:1", { who: "slow" }));
    expect((await inTransaction).map((e) => e.position)).toEqual([1]);
    const second = fast.append(testEvent("location:1", { who: "fast" }));
    // Wait until the fast writer is blocked on the events lock, held by the open transaction.
    while (
      (await watcher`select 1 from pg_locks where locktype = 'advisory' and not granted`).length === 0
    ) {}
    expect(await reader.lastPosition()).toBe(0);
    release();
    const [[a], [b]] = await Promise.all([first, second]);
    expect([a?.position, b?.position]).toEqual([1, 2]);
    expect((await seen).map((e) => [e.position, e.payload.who])).toEqual([
      [1, "slow"],
      [2, "fast"],
    ]);
  });

  test("an event appended by one core reaches a subscriber of another", async () => {
    await using writer = await core();
    await using reader = await core();
    const after = await reader.lastPosition();
    const seen = collect(reader, after, 3);
    for (let i = 0; i < 3; i++) await writer.append(testEvent("world", { i }));
    expect((await seen).map((e) => e.payload.i)).toEqual([0, 1, 2]);
  });
});
