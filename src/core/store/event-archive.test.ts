import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewEvent } from "#core/events/event.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createThrowawayPgDatabase, postgresAvailable } from "#test/support/pg-database.ts";
import { exportEmbedded, importEmbedded } from "./embedded/embedded-archive-io.ts";
import { openEmbeddedStores } from "./open-embedded-stores.ts";
import { exportPostgres, importPostgres } from "./postgres/postgres-event-archive.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-archive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = collectingLogger().logger;
let n = 0;
const freshPath = () => join(dir, `game-${++n}`, "holomush.db");

async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split("\n")) if (line !== "") yield line;
}

async function collect(run: (write: (chunk: string) => Promise<void>) => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  await run(async (chunk) => {
    chunks.push(chunk);
  });
  return chunks.join("");
}

/** A game of `count` events over a few streams, crossing the export's page size, with non-ASCII payloads. */
async function seededGame(count: number): Promise<string> {
  const path = freshPath();
  await using stores = await openEmbeddedStores(path, false, log);
  const events: NewEvent[] = Array.from({ length: count }, (_, i) => ({
    id: `ev${String(i).padStart(6, "0")}`,
    stream: ["world", "location:hall", "char:alice", "channel:public"][i % 4] as string,
    type: "test.note",
    timestamp: 1_700_000_000_000 + i,
    actor: { kind: i % 2 ? "character" : "system", id: i % 2 ? "alice" : "core" },
    payload: { n: i, text: `line ${i}: héllo ✓`, nested: { list: [i, "x"] } },
  }));
  for (let i = 0; i < events.length; i += 500) await stores.events.append(events.slice(i, i + 500));
  return path;
}

/** A game whose accounts, page blocks and plugin data live in tables beside its events. */
async function gameWithAccounts(): Promise<string> {
  const path = await seededGame(3);
  await using stores = await openEmbeddedStores(path, false, log);
  const player = (id: string, name: string) => ({
    id,
    name,
    passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${id}`,
    role: "player" as const,
    createdAt: 1_700_000_000_000,
  });
  const character = (id: string, playerId: string, name: string) => ({
    id,
    playerId,
    name,
    locationId: "hall",
    createdAt: 1_700_000_000_001,
  });
  await stores.accounts.createPlayer(player("p1", "Ann"), character("c1", "p1", "Ann"));
  await stores.accounts.createPlayer(player("p2", "Bön"), character("c2", "p2", "Bön"));
  await stores.accounts.createCharacter(character("c3", "p2", "Cy"));
  await stores.accounts.markPlayed("c3", 1_700_000_000_500);
  await stores.accounts.addBlock("c1", "c2", 1_700_000_000_600);
  await stores.pluginData.set("dice", "stats", '{"rolls":3}');
  return path;
}

const parsed = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("export and import on the embedded store", () => {
  test("an export imported into a new data directory exports again byte for byte", async () => {
    const source = await seededGame(2300);
    const first = await collect((w) => exportEmbedded(source, w));
    expect(parsed(first)).toHaveLength(2302);
    const target = freshPath();
    const trailer = await importEmbedded(target, linesOf(first), log);
    expect(trailer).toEqual({ end: true, events: 2300, lastPosition: 2300, rows: 0 });
    expect(await collect((w) => exportEmbedded(target, w))).toBe(first);
  });

  test("the imported store replays the same events to the core's event store", async () => {
    const source = await seededGame(10);
    const target = freshPath();
    await importEmbedded(target, linesOf(await collect((w) => exportEmbedded(source, w))), log);
    await using before = await openEmbeddedStores(source, false, log);
    await using after = await openEmbeddedStores(target, false, log);
    expect(await after.events.replay("char:alice", 0, 100)).toEqual(
      await before.events.replay("char:alice", 0, 100),
    );
    expect(await after.events.lastVersion("world")).toBe(3);
  });

  test.each([
    [
      "a truncated last line",
      (t: string) => t.slice(0, t.indexOf('"position":12,') + 20),
      "line 13: not a JSON line",
    ],
    [
      "a missing end line",
      (t: string) => t.split("\n").slice(0, 12).join("\n"),
      "line 12: the end line is missing",
    ],
    ["a corrupt line", (t: string) => t.replace('"n":4,', '"n":4,,'), "line 6: not a JSON line"],
    [
      "a position out of order",
      (t: string) => t.replace('"position":5,', '"position":3,'),
      "line 6: position",
    ],
    [
      "a version gap",
      (t: string) => t.replace('"position":5,"version":2', '"position":5,"version":7'),
      "line 6: version",
    ],
    ["another file", () => '{"hello":1}\n', "line 1: not a HoloMUSH export"],
    ["an empty file", () => "", "line 1: the file is empty"],
  ])("%s is refused with its line number and nothing is stored", async (_, spoil, message) => {
    const source = await seededGame(12);
    const text = spoil(await collect((w) => exportEmbedded(source, w)));
    const target = freshPath();
    await expect(importEmbedded(target, linesOf(text), log)).rejects.toThrow(message);
    expect(existsSync(target)).toBe(false);
  });

  test("accounts, characters, page blocks and plugin data travel with the events", async () => {
    const source = await gameWithAccounts();
    const text = await collect((w) => exportEmbedded(source, w));
    expect(
      parsed(text)
        .filter((l) => l.table)
        .map((l) => [l.table, l.row.id ?? l.row.key]),
    ).toEqual([
      ["players", "p1"],
      ["players", "p2"],
      ["characters", "c1"],
      ["characters", "c2"],
      ["characters", "c3"],
      ["page_blocks", undefined],
      ["plugin_data", "stats"],
    ]);
    const target = freshPath();
    expect(await importEmbedded(target, linesOf(text), log)).toMatchObject({ events: 3, rows: 7 });
    await using after = await openEmbeddedStores(target, false, log);
    expect(await after.accounts.findPlayerByName("bön")).toEqual({
      id: "p2",
      name: "Bön",
      passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$p2",
      role: "player",
      createdAt: 1_700_000_000_000,
    });
    expect((await after.accounts.listCharacters("p2")).map((c) => [c.name, c.lastPlayedAt])).toEqual([
      ["Cy", 1_700_000_000_500],
      ["Bön", undefined],
    ]);
    expect(await after.accounts.isBlocked("c1", "c2")).toBe(true);
    expect(await after.pluginData.get("dice", "stats")).toBe('{"rolls":3}');
    expect(await collect((w) => exportEmbedded(target, w))).toBe(text);
  });

  test("an export of the events-only first format still imports", async () => {
    const source = await seededGame(4);
    const text = (await collect((w) => exportEmbedded(source, w)))
      .replace('"version":2}', '"version":1}')
      .replace(',"rows":0}', "}");
    expect(await importEmbedded(freshPath(), linesOf(text), log)).toEqual({
      end: true,
      events: 4,
      lastPosition: 4,
    });
  });

  test.each([
    [
      "an unknown table",
      (t: string) => t.replace('"table":"plugin_data"', '"table":"sessions"'),
      "unknown table",
    ],
    [
      "a column of the wrong kind",
      (t: string) => t.replace('"created_at":1700000000600', '"created_at":"soon"'),
      "page_blocks row's created_at must be int",
    ],
    [
      "an unknown column",
      (t: string) => t.replace('"key":"stats"', '"key":"stats","extra":1'),
      "unknown column extra",
    ],
    [
      "a missing row",
      (t: string) => t.replace(/\{"table":"plugin_data".*\n/, ""),
      "says 7 table rows, the file holds 6",
    ],
  ])("%s in a table row is refused and nothing is stored", async (_, spoil, message) => {
    const source = await gameWithAccounts();
    const text = spoil(await collect((w) => exportEmbedded(source, w)));
    const target = freshPath();
    await expect(importEmbedded(target, linesOf(text), log)).rejects.toThrow(message);
    expect(existsSync(target)).toBe(false);
  });

  test("a store that already holds events is refused and keeps them", async () => {
    const source = await seededGame(5);
    const text = await collect((w) => exportEmbedded(source, w));
    await expect(importEmbedded(source, linesOf(text), log)).rejects.toThrow(
      "already holds a game (5 events",
    );
    expect(parsed(await collect((w) => exportEmbedded(source, w)))).toHaveLength(7);
  });

  test("an empty migrated store accepts an import, and a refused one leaves it empty", async () => {
    const source = await seededGame(5);
    const text = await collect((w) => exportEmbedded(source, w));
    const target = freshPath();
    await (await openEmbeddedStores(target, false, log))[Symbol.asyncDispose]();
    await expect(importEmbedded(target, linesOf(text.replace('"n":3', '"n":3,,')), log)).rejects.toThrow(
      "line 5",
    );
    expect(parsed(await collect((w) => exportEmbedded(target, w)))).toHaveLength(2);
    await importEmbedded(target, linesOf(text), log);
    expect(await collect((w) => exportEmbedded(target, w))).toBe(text);
  });
});

const reachable = await postgresAvailable("postgres export and import");

describe.skipIf(!reachable)("export and import on PostgreSQL", () => {
  test("embedded → PostgreSQL → embedded keeps every id, position, version and payload", async () => {
    const source = await seededGame(1200);
    const text = await collect((w) => exportEmbedded(source, w));
    await using pg = await createThrowawayPgDatabase();
    expect(await importPostgres(pg.url, linesOf(text), log)).toEqual({
      end: true,
      events: 1200,
      lastPosition: 1200,
      rows: 0,
    });
    const fromPg = await collect((w) => exportPostgres(pg.url, w, log));
    expect(parsed(fromPg)).toEqual(parsed(text));
    const back = freshPath();
    await importEmbedded(back, linesOf(fromPg), log);
    expect(parsed(await collect((w) => exportEmbedded(back, w)))).toEqual(parsed(text));
  });

  test("accounts imported into PostgreSQL export again as they were", async () => {
    const source = await gameWithAccounts();
    const text = await collect((w) => exportEmbedded(source, w));
    await using pg = await createThrowawayPgDatabase();
    await importPostgres(pg.url, linesOf(text), log);
    expect(await collect((w) => exportPostgres(pg.url, w, log))).toBe(text);
  });

  test("a corrupt line is refused on PostgreSQL and nothing is stored", async () => {
    const text = await collect((w) => exportEmbedded(seededGameSync, w));
    await using pg = await createThrowawayPgDatabase();
    await expect(importPostgres(pg.url, linesOf(text.replace('"n":7,', '"n":7,,')), log)).rejects.toThrow(
      "line 9",
    );
    expect(parsed(await collect((w) => exportPostgres(pg.url, w, log)))).toEqual([
      { format: "holomush-events", version: 2 },
      { end: true, events: 0, lastPosition: 0, rows: 0 },
    ]);
    await importPostgres(pg.url, linesOf(text), log);
    await expect(importPostgres(pg.url, linesOf(text), log)).rejects.toThrow(
      "already holds a game (12 events",
    );
  });
});

const seededGameSync = await seededGame(12);
