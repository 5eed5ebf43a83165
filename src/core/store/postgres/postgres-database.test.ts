import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createThrowawayPgDatabase, postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { migratePostgres, openPostgresDatabase } from "./postgres-database.ts";
import { postgresMigrations } from "./postgres-migrations.ts";
import { createPostgresSystemInfo } from "./postgres-system-info.ts";

const reachable = await postgresAvailable("postgres database");

describe.skipIf(!reachable)("the postgres database", () => {
  const throwaway = suiteDatabase();
  const open = (unsafeDurability = false, log = collectingLogger().logger) =>
    openPostgresDatabase({ url: throwaway.url, unsafeDurability, log });

  test("records each migration once and applies nothing on reopen", async () => {
    await (await open()).close();
    await using database = await open();
    const rows = await database.sql`select version, name from schema_migrations order by version`;
    expect([...rows]).toEqual(postgresMigrations.map((m) => ({ version: m.version, name: m.name })));
    expect(await migratePostgres(database.sql, postgresMigrations, collectingLogger().logger)).toEqual([]);
  });

  test("replay and readStreams use the (stream, position) index", async () => {
    await using database = await open();
    const { sql } = database;
    await sql`insert into events (position, id, stream, version, type, ts, actor_kind, actor_id, payload)
      select g, 'plan' || g, 'location:' || (g % 50), g / 50 + 1, 'say', 0, 'system', 's', '{}'::jsonb
      from generate_series(1, 20000) g`;
    await sql`analyze events`;
    const plan = async (query: string) =>
      (await sql.unsafe(`explain ${query}`)).map((r) => Object.values(r)[0]).join("\n");
    const replay = await plan(
      "select * from events where stream = 'location:7' and position > 100 order by position limit 1000",
    );
    expect(replay).toContain("events_stream_position");
    await sql`truncate events`;
  });

  test("refuses synchronous_commit off, naming the setting and the unsafe flag", async () => {
    const other = await createThrowawayPgDatabase();
    try {
      await using admin = await openPostgresDatabase({
        url: other.url,
        unsafeDurability: false,
        log: collectingLogger().logger,
      });
      await admin.sql.unsafe(`alter database ${other.name} set synchronous_commit = off`);
      const error = await openPostgresDatabase({
        url: other.url,
        unsafeDurability: false,
        log: collectingLogger().logger,
      }).catch((e: unknown) => e);
      expect(isHoloError(error, "failed_precondition")).toBe(true);
      expect((error as Error).message).toContain("synchronous_commit is off");
      expect((error as Error).message).toContain("--unsafe-durability");
      const { logger, lines } = collectingLogger();
      await (await openPostgresDatabase({ url: other.url, unsafeDurability: true, log: logger })).close();
      expect(lines().some((l) => l.level === "warn" && String(l.msg).includes("synchronous_commit"))).toBe(
        true,
      );
    } finally {
      await other[Symbol.asyncDispose]();
    }
  });

  test("an unreachable server is unavailable", async () => {
    const error = await openPostgresDatabase({
      url: "postgres://postgres@127.0.0.1:1/none",
      unsafeDurability: false,
      log: collectingLogger().logger,
    }).catch((e: unknown) => e);
    expect(isHoloError(error, "unavailable")).toBe(true);
  });

  test("system info keeps values and setIfAbsent keeps the first", async () => {
    await using database = await open();
    const info = createPostgresSystemInfo(database);
    expect(await info.get("game_id")).toBeUndefined();
    expect(await info.setIfAbsent("game_id", "01FIRST")).toBe("01FIRST");
    expect(await info.setIfAbsent("game_id", "01SECOND")).toBe("01FIRST");
    await info.set("motd", "Welcome");
    expect([await info.get("game_id"), await info.get("motd")]).toEqual(["01FIRST", "Welcome"]);
  });
});
