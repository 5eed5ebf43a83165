import type { Migration } from "../migration.ts";

/** The embedded (SQLite) schema, in order. Later ports append their migrations here. */
export const embeddedMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "events",
    sql: `
      CREATE TABLE events (
        position   INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        stream     TEXT NOT NULL,
        version    INTEGER NOT NULL,
        type       TEXT NOT NULL,
        timestamp  INTEGER NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        payload    TEXT NOT NULL,
        UNIQUE (stream, version)
      );
      CREATE INDEX events_stream_position ON events (stream, position);
    `,
  },
  {
    version: 2,
    name: "system_info",
    sql: "CREATE TABLE system_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
  },
];
