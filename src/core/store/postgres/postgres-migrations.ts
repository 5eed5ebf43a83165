import type { Migration } from "../migration.ts";

/** The PostgreSQL schema, in order. Later ports append their migrations here. */
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "events",
    sql: `
      CREATE TABLE events (
        position   bigint PRIMARY KEY,
        id         text NOT NULL UNIQUE,
        stream     text NOT NULL,
        version    integer NOT NULL,
        type       text NOT NULL,
        ts         bigint NOT NULL,
        actor_kind text NOT NULL,
        actor_id   text NOT NULL,
        payload    jsonb NOT NULL,
        UNIQUE (stream, version)
      );
      CREATE INDEX events_stream_position ON events (stream, position);
    `,
  },
  {
    version: 2,
    name: "system_info",
    sql: "CREATE TABLE system_info (key text PRIMARY KEY, value text NOT NULL);",
  },
];
