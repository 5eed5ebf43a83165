import type { Database } from "bun:sqlite";
import type { StoredEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventArchiveSource, EventArchiveTarget } from "../event-archive.ts";

interface ArchiveRow {
  position: number;
  id: string;
  stream: string;
  version: number;
  type: string;
  timestamp: number;
  actor_kind: StoredEvent["actor"]["kind"];
  actor_id: string;
  payload: string;
}

const columns = "position, id, stream, version, type, timestamp, actor_kind, actor_id, payload";

/** Reads the events of an embedded database for an export; each page is its own short read. */
export function embeddedArchiveSource(db: Database): EventArchiveSource {
  const head = db.query<{ head: number }, []>("SELECT coalesce(max(position), 0) AS head FROM events");
  const page = db.query<ArchiveRow, [number, number, number]>(
    `SELECT ${columns} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
  );
  return {
    head: async () => head.get()?.head ?? 0,
    page: async (after, upTo, limit) =>
      page.all(after, upTo, limit).map((r) => ({
        id: r.id,
        position: r.position,
        version: r.version,
        stream: r.stream,
        type: r.type,
        timestamp: r.timestamp,
        actor: { kind: r.actor_kind, id: r.actor_id },
        payload: JSON.parse(r.payload),
      })),
  };
}

/** Inserts imported events as they are; the caller holds the transaction. */
export function embeddedArchiveTarget(db: Database): EventArchiveTarget {
  const insert = db.query(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return {
    insert: async (events) => {
      for (const e of events) {
        insert.run(
          e.position,
          e.id,
          e.stream,
          e.version,
          e.type,
          e.timestamp,
          e.actor.kind,
          e.actor.id,
          JSON.stringify(e.payload),
        );
      }
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
