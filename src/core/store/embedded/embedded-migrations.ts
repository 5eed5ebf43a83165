import type { Migration } from "../migration.ts";

/** The embedded (SQLite) schema, in order. A new store appends its migrations at the end; an applied one is never edited. */
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
  {
    version: 3,
    name: "accounts",
    sql: `
      CREATE TABLE players (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        name_key      TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL,
        created_at    INTEGER NOT NULL
      );
      CREATE TABLE characters (
        id             TEXT PRIMARY KEY,
        player_id      TEXT NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        name           TEXT NOT NULL,
        name_key       TEXT NOT NULL UNIQUE,
        location_id    TEXT NOT NULL,
        created_at     INTEGER NOT NULL,
        last_played_at INTEGER
      );
      CREATE INDEX characters_player ON characters (player_id);
    `,
  },
  {
    version: 4,
    name: "sessions",
    sql: `
      CREATE TABLE sessions (
        id           TEXT PRIMARY KEY,
        character_id TEXT NOT NULL UNIQUE,
        created_at   INTEGER NOT NULL,
        detached_at  INTEGER,
        token_hash   TEXT NOT NULL UNIQUE
      );
      CREATE TABLE session_connections (
        session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL,
        seq           INTEGER NOT NULL,
        PRIMARY KEY (session_id, connection_id)
      );
      CREATE TABLE session_cursors (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        stream     TEXT NOT NULL,
        position   INTEGER NOT NULL,
        PRIMARY KEY (session_id, stream)
      );
      CREATE TABLE applied_commands (
        session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL,
        sequence      INTEGER NOT NULL,
        id_seed       TEXT NOT NULL,
        result        TEXT,
        created_at    INTEGER NOT NULL,
        PRIMARY KEY (session_id, connection_id, sequence)
      );
    `,
  },
  {
    version: 5,
    name: "world_checkpoint",
    sql: `
      CREATE TABLE world_checkpoint (
        id       integer PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        state    TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: "session_stream_ends",
    sql: "ALTER TABLE session_cursors ADD COLUMN until_position INTEGER;",
  },
  {
    version: 7,
    name: "channels",
    sql: `
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
    `,
  },
  {
    version: 8,
    name: "plugin_data",
    sql: `
      CREATE TABLE plugin_data (
        plugin TEXT NOT NULL,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (plugin, key)
      );
    `,
  },
  {
    version: 9,
    name: "name_skeletons_and_page_blocks",
    // name_skeleton is filled by the account store when it opens (names stored before this migration), and
    // stays NULL for a later name that already looked like an earlier one: existing players keep their names.
    sql: `
      ALTER TABLE players ADD COLUMN name_skeleton TEXT;
      ALTER TABLE characters ADD COLUMN name_skeleton TEXT;
      CREATE UNIQUE INDEX players_name_skeleton ON players (name_skeleton);
      CREATE UNIQUE INDEX characters_name_skeleton ON characters (name_skeleton);
      CREATE TABLE page_blocks (
        character_id TEXT NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
        blocked_id   TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        PRIMARY KEY (character_id, blocked_id)
      );
    `,
  },
  {
    version: 10,
    name: "channel_moderation",
    // A channel's owner (its creator) and its marks: moderators, mutes, bans and members' gags, as the channel
    // projection keeps them (src/core/channels/channel-store.ts).
    sql: `
      ALTER TABLE channels ADD COLUMN owner_id TEXT;
      CREATE TABLE channel_marks (
        channel_key  TEXT NOT NULL REFERENCES channels (key) ON DELETE CASCADE,
        character_id TEXT NOT NULL,
        mark         TEXT NOT NULL,
        until        INTEGER,
        reason       TEXT,
        PRIMARY KEY (channel_key, character_id, mark)
      );
      CREATE INDEX channel_marks_character ON channel_marks (character_id);
    `,
  },
  {
    version: 11,
    name: "events_replay_index",
    // A replay counts the arrivals and departures it leaves out and looks for the newest events it keeps, both by
    // type and actor over a stream's range. With the type and actor in the index, SQLite reads neither from the
    // table: after a busy day a returning player's range holds tens of thousands of connects and channel joins.
    sql: `
      DROP INDEX events_stream_position;
      CREATE INDEX events_stream_position ON events (stream, position, type, actor_kind, actor_id);
    `,
  },
];
