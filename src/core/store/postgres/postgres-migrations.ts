import type { Migration } from "../migration.ts";

/** The PostgreSQL schema, in order. A new store appends its migrations at the end; an applied one is never edited. */
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
  {
    version: 3,
    name: "accounts",
    sql: `
      CREATE TABLE players (
        id            text PRIMARY KEY,
        name          text NOT NULL,
        name_key      text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role          text NOT NULL,
        created_at    bigint NOT NULL
      );
      CREATE TABLE characters (
        id             text PRIMARY KEY,
        player_id      text NOT NULL REFERENCES players (id) ON DELETE CASCADE,
        name           text NOT NULL,
        name_key       text NOT NULL UNIQUE,
        location_id    text NOT NULL,
        created_at     bigint NOT NULL,
        last_played_at bigint
      );
      CREATE INDEX characters_player ON characters (player_id);
    `,
  },
  {
    version: 4,
    name: "sessions",
    sql: `
      CREATE TABLE sessions (
        id           text PRIMARY KEY,
        character_id text NOT NULL UNIQUE,
        created_at   bigint NOT NULL,
        detached_at  bigint,
        token_hash   text NOT NULL UNIQUE
      );
      CREATE TABLE session_connections (
        session_id    text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connection_id text NOT NULL,
        seq           bigserial NOT NULL,
        PRIMARY KEY (session_id, connection_id)
      );
      CREATE TABLE session_cursors (
        session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        stream     text NOT NULL,
        position   bigint NOT NULL,
        PRIMARY KEY (session_id, stream)
      );
      CREATE TABLE applied_commands (
        session_id    text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connection_id text NOT NULL,
        sequence      bigint NOT NULL,
        id_seed       text NOT NULL,
        result        jsonb,
        created_at    bigint NOT NULL,
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
        position bigint NOT NULL,
        state    text NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: "session_stream_ends",
    sql: "ALTER TABLE session_cursors ADD COLUMN until_position bigint;",
  },
  {
    version: 7,
    name: "channels",
    sql: `
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
    `,
  },
  {
    version: 8,
    name: "plugin_data",
    sql: `
      CREATE TABLE plugin_data (
        plugin text NOT NULL,
        key    text NOT NULL,
        value  text NOT NULL,
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
      ALTER TABLE players ADD COLUMN name_skeleton text;
      ALTER TABLE characters ADD COLUMN name_skeleton text;
      CREATE UNIQUE INDEX players_name_skeleton ON players (name_skeleton);
      CREATE UNIQUE INDEX characters_name_skeleton ON characters (name_skeleton);
      CREATE TABLE page_blocks (
        character_id text NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
        blocked_id   text NOT NULL,
        created_at   bigint NOT NULL,
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
      ALTER TABLE channels ADD COLUMN owner_id text;
      CREATE TABLE channel_marks (
        channel_key  text NOT NULL REFERENCES channels (key) ON DELETE CASCADE,
        character_id text NOT NULL,
        mark         text NOT NULL,
        until        bigint,
        reason       text,
        PRIMARY KEY (channel_key, character_id, mark)
      );
      CREATE INDEX channel_marks_character ON channel_marks (character_id);
    `,
  },
  {
    version: 11,
    name: "events_replay_index",
    // A replay counts the arrivals and departures it leaves out and looks for the newest events it keeps, both by
    // type and actor over a stream's range. With them in the index, an index-only scan serves the count: after a
    // busy day a returning player's range holds tens of thousands of connects and channel joins.
    sql: `
      DROP INDEX events_stream_position;
      CREATE INDEX events_stream_position ON events (stream, position) INCLUDE (type, actor_kind, actor_id);
    `,
  },
];
