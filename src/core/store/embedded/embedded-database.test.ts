import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEvent } from "#core/events/event-store.contract.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { migrateEmbedded, openEmbeddedDatabase } from "./embedded-database.ts";
import { createEmbeddedEventStore } from "./embedded-event-store.ts";
import { embeddedMigrations } from "./embedded-migrations.ts";
import { createEmbeddedSystemInfo } from "./embedded-system-info.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-embedded-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db-${++n}`, "holomush.db");

describe("the embedded database", () => {
  test("opens in WAL mode with synchronous FULL and a busy timeout", async () => {
    await using database = await openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    const pragma = (name: string) => Object.values(database.db.query(`PRAGMA ${name}`).get() as object)[0];
    expect([pragma("journal_mode"), pragma("synchronous"), pragma("busy_timeout")]).toEqual(["wal", 2, 5000]);
  });

  test("refuses synchronous NORMAL, naming the setting and the unsafe flag", async () => {
    const opening = openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: false,
      log: collectingLogger().logger,
      synchronous: "NORMAL",
    });
    const error = await opening.catch((e: unknown) => e);
    expect(isHoloError(error, "failed_precondition")).toBe(true);
    expect(String((error as Error).message)).toContain("synchronous is NORMAL");
    expect(String((error as Error).message)).toContain("--unsafe-durability");
  });

  test("accepts synchronous NORMAL with unsafeDurability, and warns", async () => {
    const { logger, lines } = collectingLogger();
    await using _ = await openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: true,
      log: logger,
      synchronous: "NORMAL",
    });
    expect(
      lines()
        .filter((l) => l.level === "warn")
        .map((l) => l.msg),
    ).toEqual(["SQLite synchronous is NORMAL, below FULL; continuing because of --unsafe-durability"]);
  });

  test("a replay's count of the arrivals it leaves out reads only the stream index, never the table", async () => {
    await using database = await openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    const plan = database.db
      .query(`EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE stream = ? AND position > ? AND position <= ?
        AND type IN ('connect', 'channel.join') AND NOT (actor_kind = ? AND actor_id = ?)`)
      .all("location:hall", 0, 100, "character", "c1") as { detail: string }[];
    expect(plan.map((row) => row.detail).join("\n")).toContain("COVERING INDEX events_stream_position");
  });

  test("records each migration once and applies nothing on reopen", async () => {
    const path = freshPath();
    const log = collectingLogger().logger;
    await (await openEmbeddedDatabase({ path, unsafeDurability: false, log })).close();
    await using database = await openEmbeddedDatabase({ path, unsafeDurability: false, log });
    const rows = database.db.query("SELECT version, name FROM schema_migrations ORDER BY version").all();
    expect(rows).toEqual(embeddedMigrations.map((m) => ({ version: m.version, name: m.name })));
    expect(migrateEmbedded(database.db, embeddedMigrations, log)).toEqual([]);
  });

  test("refuses a database migrated by a newer HoloMUSH", async () => {
    const path = freshPath();
    const log = collectingLogger().logger;
    await using database = await openEmbeddedDatabase({ path, unsafeDurability: false, log });
    database.db.query("INSERT INTO schema_migrations VALUES (999, 'future', 0)").run();
    expect(() => migrateEmbedded(database.db, embeddedMigrations, log)).toThrow(/newer than this HoloMUSH/);
  });

  test("system info keeps values and setIfAbsent keeps the first", async () => {
    await using database = await openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    const info = createEmbeddedSystemInfo(database);
    expect(await info.get("game_id")).toBeUndefined();
    expect(await info.setIfAbsent("game_id", "01FIRST")).toBe("01FIRST");
    expect(await info.setIfAbsent("game_id", "01SECOND")).toBe("01FIRST");
    await info.set("motd", "Welcome");
    expect([await info.get("game_id"), await info.get("motd")]).toEqual(["01FIRST", "Welcome"]);
  });

  test("when a group's transaction fails, only the append that broke it fails", async () => {
    const { logger } = collectingLogger();
    await using database = await openEmbeddedDatabase({
      path: freshPath(),
      unsafeDurability: false,
      log: logger,
    });
    database.db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.stream = 'location:bad'
      BEGIN SELECT RAISE(ABORT, 'refused by test'); END`);
    await using store = createEmbeddedEventStore({ database, log: logger });
    const outcomes = await Promise.all(
      ["location:1", "location:bad", "location:2"].map((s) =>
        store.append(testEvent(s)).then(
          () => "ok",
          (e: unknown) => (isHoloError(e) ? e.code : "untyped"),
        ),
      ),
    );
    expect(outcomes).toEqual(["ok", "internal", "ok"]);
    expect((await store.readStreams({ "location:1": 0, "location:2": 0 }, 10)).map((e) => e.version)).toEqual(
      [1, 1],
    );
  });
});
