import { Database } from "bun:sqlite";
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type ArchiveTrailer, readEventArchive, writeEventArchive } from "../event-archive.ts";
import { openEmbeddedDatabase } from "./embedded-database.ts";
import {
  assertEmbeddedEmpty,
  embeddedArchiveSource,
  embeddedArchiveTarget,
} from "./embedded-event-archive.ts";
import { sqliteError } from "./sqlite-error.ts";

/** Writes every event of the embedded database at `path` as an export; a running core goes on writing meanwhile. */
export async function exportEmbedded(
  path: string,
  write: (chunk: string) => Promise<void>,
): Promise<ArchiveTrailer> {
  if (!existsSync(path))
    throw new HoloError("not_found", `there is no embedded database at ${path} (check --data-dir)`);
  const db = new Database(path, { readwrite: true, create: false, strict: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    return await writeEventArchive(embeddedArchiveSource(db), write);
  } catch (error) {
    throw sqliteError(error);
  } finally {
    db.close();
  }
}

function removeDatabase(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) rmSync(p, { force: true });
}

/** Imports into an open, migrated database in one immediate transaction; any refusal rolls it all back. */
async function importInto(
  db: Database,
  where: string,
  lines: AsyncIterable<string>,
): Promise<ArchiveTrailer> {
  assertEmbeddedEmpty(db, where);
  db.exec("BEGIN IMMEDIATE");
  try {
    const trailer = await readEventArchive(lines, embeddedArchiveTarget(db));
    db.exec("COMMIT");
    return trailer;
  } catch (error) {
    db.exec("ROLLBACK");
    throw sqliteError(error);
  }
}

/**
 * Rebuilds a game's events from an export into the embedded database at `path`. An existing database must be
 * empty and is filled in one transaction; a new one is built in a temporary file beside it and renamed into
 * place only when the whole export was read, so a refused import leaves nothing behind.
 */
export async function importEmbedded(
  path: string,
  lines: AsyncIterable<string>,
  log: Logger,
): Promise<ArchiveTrailer> {
  const fresh = !existsSync(path);
  const target = fresh ? join(dirname(path), `.${basename(path)}.import-${process.pid}`) : path;
  if (fresh) removeDatabase(target);
  try {
    const database = await openEmbeddedDatabase({ path: target, unsafeDurability: false, log });
    let trailer: ArchiveTrailer;
    try {
      trailer = await importInto(database.db, path, lines);
    } finally {
      await database.close();
    }
    if (fresh) renameSync(target, path);
    return trailer;
  } catch (error) {
    if (fresh) removeDatabase(target);
    throw error;
  }
}
