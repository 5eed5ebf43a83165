import type { Database } from "bun:sqlite";
import { HoloError } from "#shared/errors/holo-error.ts";
import {
  type ArchiveRow,
  type ArchiveTable,
  archiveColumns,
  type EventArchiveSource,
  type EventArchiveTarget,
} from "../event-archive.ts";
import { type EventRow, eventColumns, eventValues, toEvent } from "./embedded-event-store.ts";

const columns = eventColumns;

/** Reads the events of an embedded database for an export; each page is its own short read. */
export function embeddedArchiveSource(db: Database): EventArchiveSource {
  const head = db.query<{ head: number }, []>("SELECT coalesce(max(position), 0) AS head FROM events");
  const page = db.query<EventRow, [number, number, number]>(
    `SELECT ${columns} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
  );
  return {
    head: async () => head.get()?.head ?? 0,
    page: async (after, upTo, limit) => page.all(after, upTo, limit).map(toEvent),
    rows: async (table) => {
      const columns = archiveColumns(table);
      // Table and column names come from ARCHIVE_TABLES, never from input.
      return db
        .query<ArchiveRow, []>(
          `SELECT ${columns.join(", ")} FROM ${table} ORDER BY ${columns[0]}, ${columns[1]}`,
        )
        .all();
    },
  };
}

/** Inserts imported events as they are; the caller holds the transaction. */
export function embeddedArchiveTarget(db: Database): EventArchiveTarget {
  const insert = db.query(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    insert: async (events) => {
      for (const e of events) insert.run(...eventValues(e));
    },
    insertRows: async (table: ArchiveTable, rows: readonly ArchiveRow[]) => {
      const columns = archiveColumns(table);
      const insertRow = db.query<unknown, (string | number | null)[]>(
        `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      );
      for (const row of rows) insertRow.run(...columns.map((c) => row[c] ?? null));
    },
  };
}

/** Throws failed_precondition unless the database holds no event and no player: an import never merges. */
export function assertEmbeddedEmpty(db: Database, where: string): void {
  const row = db
    .query<{ events: number; players: number }, []>(
      "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM players) AS players",
    )
    .get();
  if ((row?.events ?? 0) > 0 || (row?.players ?? 0) > 0) {
    throw new HoloError(
      "failed_precondition",
      `the store at ${where} already holds a game (${row?.events} events, ${row?.players} players); import only into an empty one`,
    );
  }
}
