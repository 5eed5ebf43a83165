import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { durabilityVerdict } from "#core/store/durability-verdict.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type Migration, pendingMigrations } from "../migration.ts";
import { embeddedMigrations } from "./embedded-migrations.ts";
import { createSharedCommit, type SharedCommit } from "./shared-commit.ts";
import { sqliteError } from "./sqlite-error.ts";

/** SQLite's synchronous levels, weakest first. */
export type SqliteSynchronous = "OFF" | "NORMAL" | "FULL" | "EXTRA";

/** How the embedded database is opened. */
export interface EmbeddedDatabaseConfig {
  /** The database file; the core puts it at $XDG_DATA_HOME/holomush/holomush.db. */
  readonly path: string;
  /** Accept settings that may lose acknowledged writes (`--unsafe-durability`). */
  readonly unsafeDurability: boolean;
  readonly log: Logger;
  /** Apply pending migrations on open; defaults to true. */
  readonly migrate?: boolean;
  /** The synchronous level to set; defaults to FULL. Weaker levels exist to test the refusal. */
  readonly synchronous?: SqliteSynchronous;
}

/** An open SQLite database handle, shared by every embedded adapter. */
export interface EmbeddedDatabase extends AsyncDisposable {
  readonly kind: "embedded";
  readonly db: Database;
  readonly path: string;
  /** The one transaction per tick that the stores' durable writes share. */
  readonly commits: SharedCommit;
  close(): Promise<void>;
}

const levels: readonly SqliteSynchronous[] = ["OFF", "NORMAL", "FULL", "EXTRA"];

/**
 * Opens (creating if needed) the embedded database in WAL mode with synchronous=FULL and a busy
 * timeout, reads the settings back, refuses weaker ones unless unsafeDurability, and migrates.
 */
export async function openEmbeddedDatabase(config: EmbeddedDatabaseConfig): Promise<EmbeddedDatabase> {
  let db: Database;
  try {
    if (config.path !== ":memory:") mkdirSync(dirname(config.path), { recursive: true, mode: 0o700 });
    db = new Database(config.path, { create: true, strict: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? describeError(error);
    throw new HoloError("unavailable", `cannot open the database at ${config.path} (${reason})`, {
      cause: error,
    });
  }
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const journal = db.query<{ journal_mode: string }, []>("PRAGMA journal_mode = WAL").get()?.journal_mode;
    db.exec(`PRAGMA synchronous = ${config.synchronous ?? "FULL"}`);
    db.exec("PRAGMA foreign_keys = ON");
    checkDurability(db, journal ?? "unknown", config);
    if (config.migrate ?? true) migrateEmbedded(db, embeddedMigrations, config.log);
  } catch (error) {
    db.close();
    throw error;
  }
  const close = async () => db.close();
  return {
    kind: "embedded",
    db,
    path: config.path,
    commits: createSharedCommit(db),
    close,
    [Symbol.asyncDispose]: close,
  };
}

function checkDurability(db: Database, journal: string, config: EmbeddedDatabaseConfig): void {
  const level = db.query<{ synchronous: number }, []>("PRAGMA synchronous").get()?.synchronous ?? 0;
  const problems: string[] = [];
  if (level < 2) problems.push(`SQLite synchronous is ${levels[level] ?? level}, below FULL`);
  if (journal.toLowerCase() !== "wal") problems.push(`SQLite journal_mode is ${journal}, not WAL`);
  durabilityVerdict(problems, config);
}

/** Applies pending migrations in one immediate transaction and returns the versions applied. */
export function migrateEmbedded(db: Database, migrations: readonly Migration[], log: Logger): number[] {
  try {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    const apply = db.transaction(() => {
      const applied = db
        .query<{ version: number }, []>("SELECT version FROM schema_migrations")
        .all()
        .map((r) => r.version);
      const pending = pendingMigrations(migrations, applied);
      for (const m of pending) {
        db.exec(m.sql);
        db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
          m.version,
          m.name,
          Date.now(),
        );
        log.info(`applied migration ${m.version} ${m.name}`);
      }
      return pending.map((m) => m.version);
    });
    return apply.immediate();
  } catch (error) {
    throw sqliteError(error);
  }
}
