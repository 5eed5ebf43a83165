import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewEvent } from "#core/events/event.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { openEmbeddedStores } from "../open-embedded-stores.ts";
import { backupEmbedded, checkEmbeddedDatabase, restoreEmbedded } from "./embedded-backup.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = collectingLogger().logger;
let n = 0;
const fresh = (name: string) => join(dir, `${name}-${++n}`);

const note = (i: number): NewEvent => ({
  id: `ev${i}`,
  stream: "location:hall",
  type: "test.note",
  timestamp: 1_700_000_000_000 + i,
  actor: { kind: "system", id: "core" },
  payload: { n: i },
});

describe("embedded backup and restore", () => {
  test("a backup taken while the store is open holds every event committed before it, and restores", async () => {
    const dbPath = join(fresh("live"), "holomush.db");
    await using live = await openEmbeddedStores(dbPath, false, log);
    await live.events.append([note(1), note(2), note(3)]);
    const backup = join(dir, `backup-${++n}.db`);
    expect(backupEmbedded(dbPath, backup)).toEqual({
      schemaVersion: expect.any(Number),
      events: 3,
      players: 0,
    });
    await live.events.append(note(4));
    const dataDir = fresh("restored");
    expect(restoreEmbedded(backup, dataDir, "holomush.db").events).toBe(3);
    expect(readdirSync(dataDir)).toEqual(["holomush.db"]);
    await using restored = await openEmbeddedStores(join(dataDir, "holomush.db"), false, log);
    expect(await restored.events.replay("location:hall", 0, 10)).toEqual(
      (await live.events.replay("location:hall", 0, 10)).slice(0, 3),
    );
  });

  test("a backup over an existing file replaces it whole", async () => {
    const dbPath = join(fresh("live"), "holomush.db");
    await using live = await openEmbeddedStores(dbPath, false, log);
    const backup = join(dir, `backup-${++n}.db`);
    writeFileSync(backup, "yesterday's backup");
    await live.events.append(note(1));
    expect(backupEmbedded(dbPath, backup).events).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
  });

  test("a backup of a missing database is refused", () => {
    expect(() => backupEmbedded(join(dir, "nowhere", "holomush.db"), join(dir, "b.db"))).toThrow(
      "there is no embedded database at",
    );
  });

  test("a restore into a non-empty data directory is refused and touches nothing", async () => {
    const dbPath = join(fresh("live"), "holomush.db");
    await (await openEmbeddedStores(dbPath, false, log))[Symbol.asyncDispose]();
    const backup = join(dir, `backup-${++n}.db`);
    backupEmbedded(dbPath, backup);
    const dataDir = fresh("busy");
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, "holomush.db"), "a game");
    expect(() => restoreEmbedded(backup, dataDir, "holomush.db")).toThrow(
      `the data directory ${dataDir} is not empty (holomush.db)`,
    );
    expect(readFileSync(join(dataDir, "holomush.db"), "utf8")).toBe("a game");
  });

  const spoiled: [string, (bytes: Buffer) => Buffer | string, string][] = [
    ["random bytes", () => Buffer.alloc(8192, 7), "is not a usable HoloMUSH database"],
    [
      "a truncated backup",
      (b) => b.subarray(0, Math.floor(b.length / 2)),
      "is not a usable HoloMUSH database",
    ],
    ["a text file", () => "hello\n", "is not a usable HoloMUSH database"],
  ];
  test.each(spoiled)("%s is refused and the data directory stays empty", async (_, spoil, message) => {
    const dbPath = join(fresh("live"), "holomush.db");
    await using live = await openEmbeddedStores(dbPath, false, log);
    await live.events.append(Array.from({ length: 200 }, (_, i) => note(i)));
    const backup = join(dir, `backup-${++n}.db`);
    backupEmbedded(dbPath, backup);
    writeFileSync(backup, spoil(readFileSync(backup)));
    const dataDir = fresh("target");
    expect(() => restoreEmbedded(backup, dataDir, "holomush.db")).toThrow(message);
    expect(existsSync(dataDir)).toBe(false);
  });

  test("a SQLite file that is not a HoloMUSH database is refused", () => {
    const other = join(dir, `other-${++n}.db`);
    const db = new Database(other, { create: true });
    db.exec("CREATE TABLE t (x)");
    db.close();
    expect(() => checkEmbeddedDatabase(other)).toThrow("it has no schema_migrations table");
  });
});
