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
    expect(trailer).toEqual({ end: true, events: 2300, lastPosition: 2300 });
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
    });
    const fromPg = await collect((w) => exportPostgres(pg.url, w, log));
    expect(parsed(fromPg)).toEqual(parsed(text));
    const back = freshPath();
    await importEmbedded(back, linesOf(fromPg), log);
    expect(parsed(await collect((w) => exportEmbedded(back, w)))).toEqual(parsed(text));
  });

  test("a corrupt line is refused on PostgreSQL and nothing is stored", async () => {
    const text = await collect((w) => exportEmbedded(seededGameSync, w));
    await using pg = await createThrowawayPgDatabase();
    await expect(importPostgres(pg.url, linesOf(text.replace('"n":7,', '"n":7,,')), log)).rejects.toThrow(
      "line 9",
    );
    expect(parsed(await collect((w) => exportPostgres(pg.url, w, log)))).toEqual([
      { format: "holomush-events", version: 1 },
      { end: true, events: 0, lastPosition: 0 },
    ]);
    await importPostgres(pg.url, linesOf(text), log);
    await expect(importPostgres(pg.url, linesOf(text), log)).rejects.toThrow(
      "already holds a game (12 events",
    );
  });
});

const seededGameSync = await seededGame(12);
