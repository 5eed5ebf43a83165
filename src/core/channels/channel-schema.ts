/** The channel projection's tables in SQLite (embedded migration 7). */
export const embeddedChannelSchema = `
  CREATE TABLE channels (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    alias      TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE channel_members (
    channel_key  TEXT NOT NULL REFERENCES channels (key) ON DELETE CASCADE,
    character_id TEXT NOT NULL,
    joined_at    INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    PRIMARY KEY (channel_key, character_id)
  );
  CREATE INDEX channel_members_character ON channel_members (character_id);
  CREATE TABLE channel_projection (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
  INSERT INTO channel_projection VALUES (1, 0);
`;

/** The channel projection's tables in PostgreSQL (postgres migration 7). */
export const postgresChannelSchema = `
  CREATE TABLE channels (
    key        text PRIMARY KEY,
    name       text NOT NULL,
    alias      text NOT NULL UNIQUE,
    created_at bigint NOT NULL
  );
  CREATE TABLE channel_members (
    channel_key  text NOT NULL REFERENCES channels (key) ON DELETE CASCADE,
    character_id text NOT NULL,
    joined_at    bigint NOT NULL,
    seq          bigserial NOT NULL,
    PRIMARY KEY (channel_key, character_id)
  );
  CREATE INDEX channel_members_character ON channel_members (character_id);
  CREATE TABLE channel_projection (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL);
  INSERT INTO channel_projection VALUES (1, 0);
`;
