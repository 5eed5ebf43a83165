import { describe, expect, test } from "bun:test";
import { testEvent } from "#core/events/event-store.contract.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  pgAdminUrl,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { openPostgresDatabase } from "./postgres-database.ts";
import { openPostgresEventStore } from "./postgres-event-store.ts";

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres outage");

describe.skipIf(!reachable)("postgres outage", () => {
  test("appends fail as unavailable while the database is away and succeed once it is back", async () => {
    await using throwaway = await createThrowawayPgDatabase();
    const log = collectingLogger().logger;
    await using database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
    await using store = await openPostgresEventStore({ database, log });
    await store.append(testEvent("world"));
    await using admin = await openPostgresDatabase({
      url: pgAdminUrl,
      unsafeDurability: false,
      log,
      migrate: false,
    });
    const allow = (on: boolean) =>
      admin.sql.unsafe(`alter database ${throwaway.name} allow_connections ${on}`);
    await allow(false);
    await admin.sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${throwaway.name}`;
    const error = await store.append(testEvent("world")).catch((e: unknown) => e);
    expect(isHoloError(error, "unavailable")).toBe(true);
    await allow(true);
    const event = testEvent("world");
    expect((await store.append(event)).map((e) => e.id)).toEqual([event.id]);
    expect(await store.lastPosition()).toBe(2);
    // Known limitation: after an outage, closing the pool can wait out postgres.js's 5 s end timeout.
  }, 20_000);
});
