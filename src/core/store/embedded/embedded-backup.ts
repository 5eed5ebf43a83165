import { Database } from "bun:sqlite";
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import { embeddedMigrations } from "./embedded-migrations.ts";

/** What a checked HoloMUSH database holds. */
export interface EmbeddedDatabaseSummary {
  readonly schemaVersion: number;
  readonly events: number;
  readonly players: number;
}

/** Flushes a file or directory to disk, so a rename that follows survives a crash. */
function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(p, { force: true });
}

/**
 * Opens `path` read-only and checks it is a whole HoloMUSH database: SQLite's integrity check passes, its
 * schema_migrations table names versions this HoloMUSH knows, and its events and players tables read.
 * Throws HoloError("invalid_argument") saying what is wrong.
 */
export function checkEmbeddedDatabase(path: string): EmbeddedDatabaseSummary {
  const bad = (why: string, cause?: unknown) =>
    new HoloError("invalid_argument", `${path} is not a usable HoloMUSH database: ${why}`, { cause });
  if (!existsSync(path)) throw bad("the file does not exist");
  let db: Database;
  try {
    db = new Database(path, { readonly: true, strict: true });
  } catch (error) {
    throw bad(describeError(error), error);
  }
  try {
    const problems = db.query<{ integrity_check: string }, []>("PRAGMA integrity_check").all();
    const first = problems[0]?.integrity_check ?? "no answer";
    if (first !== "ok") throw bad(`SQLite integrity check failed (${first})`);
    const hasTable = db
      .query<{ n: number }, []>(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
      )
      .get();
    if (!hasTable?.n) throw bad("it has no schema_migrations table (not a HoloMUSH database)");
    const version =
      db.query<{ v: number }, []>("SELECT coalesce(max(version), 0) AS v FROM schema_migrations").get()?.v ??
      0;
    if (version < 1) throw bad("no migration was ever applied to it");
    if (version > embeddedMigrations.length) {
      throw bad(
        `its schema version ${version} is newer than this HoloMUSH knows (${embeddedMigrations.length})`,
      );
    }
    const counts = db
      .query<{ events: number; players: number }, []>(
        "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM players) AS players",
      )
      .get();
    return { schemaVersion: version, events: counts?.events ?? 0, players: counts?.players ?? 0 };
  } catch (error) {
    if (error instanceof HoloError) throw error;
    throw bad(describeError(error), error);
  } finally {
    db.close();
  }
}

/**
 * Copies the live embedded database at `dbPath` to `file` with `VACUUM INTO`: one read transaction, so the copy
 * is consistent while the core keeps writing (WAL lets writers go on past a reader). The copy is written beside
 * `file`, checked, flushed and renamed over it, so `file` is always a whole backup or untouched.
 */
export function backupEmbedded(dbPath: string, file: string): EmbeddedDatabaseSummary {
  if (!existsSync(dbPath)) {
    throw new HoloError("not_found", `there is no embedded database at ${dbPath} (check --data-dir)`);
  }
  const temp = join(dirname(file), `.${basename(file)}.partial-${process.pid}`);
  removeQuietly(temp);
  try {
    const db = new Database(dbPath, { readwrite: true, create: false, strict: true });
    try {
      db.exec("PRAGMA busy_timeout = 5000");
      db.query("VACUUM INTO ?").run(temp);
    } finally {
      db.close();
    }
    const summary = checkEmbeddedDatabase(temp);
    fsyncPath(temp);
    renameSync(temp, file);
    fsyncPath(dirname(file));
    return summary;
  } catch (error) {
    removeQuietly(temp);
    if (error instanceof HoloError) throw error;
    throw new HoloError("unavailable", `cannot back up ${dbPath} to ${file}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** The entries of `dir`, or none when it does not exist. */
function entriesOf(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * Restores a backup into `dataDir`, which must be empty or absent so no game is ever overwritten. The backup is
 * checked first, copied to a temporary file in `dataDir`, checked again, flushed and renamed to `dbName`.
 */
export function restoreEmbedded(file: string, dataDir: string, dbName: string): EmbeddedDatabaseSummary {
  const present = entriesOf(dataDir);
  if (present.length > 0) {
    throw new HoloError(
      "failed_precondition",
      `the data directory ${dataDir} is not empty (${present.slice(0, 5).join(", ")}); restore only into an empty one, so no game is overwritten`,
    );
  }
  checkEmbeddedDatabase(file);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = join(dataDir, `.${dbName}.restore-${process.pid}`);
  try {
    copyFileSync(file, temp);
    const summary = checkEmbeddedDatabase(temp);
    fsyncPath(temp);
    renameSync(temp, join(dataDir, dbName));
    fsyncPath(dataDir);
    return summary;
  } catch (error) {
    removeQuietly(temp);
    if (error instanceof HoloError) throw error;
    throw new HoloError("unavailable", `cannot restore ${file} into ${dataDir}: ${describeError(error)}`, {
      cause: error,
    });
  }
}
