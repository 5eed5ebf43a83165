import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { sqliteError } from "#core/store/embedded/sqlite-error.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import {
  type Channel,
  type ChannelChange,
  type ChannelStore,
  markOf,
  sortedSnapshot,
} from "./channel-store.ts";

interface ChannelRow {
  key: string;
  name: string;
  alias: string;
  created_at: number;
  owner_id: string | null;
}

type MarkRow = Parameters<typeof markOf>[0];

const toChannel = (r: ChannelRow): Channel => ({
  key: r.key,
  name: r.name,
  alias: r.alias,
  createdAt: r.created_at,
  ...(r.owner_id === null ? {} : { ownerId: r.owner_id }),
});

/** Creates the ChannelStore kept in the embedded database (migrations 7 and 10). */
export function createEmbeddedChannelStore(database: EmbeddedDatabase): ChannelStore {
  const { db } = database;
  const insert = db.query(
    "INSERT OR IGNORE INTO channels (key, name, alias, created_at, owner_id) VALUES (?, ?, ?, ?, ?)",
  );
  const remove = db.query("DELETE FROM channels WHERE key = ?");
  const join = db.query(
    `INSERT OR IGNORE INTO channel_members (channel_key, character_id, joined_at, seq)
     SELECT key, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM channel_members) FROM channels WHERE key = ?`,
  );
  const leave = db.query("DELETE FROM channel_members WHERE channel_key = ? AND character_id = ?");
  const mark = db.query(
    `INSERT OR REPLACE INTO channel_marks (channel_key, character_id, mark, until, reason)
     SELECT key, ?, ?, ?, ? FROM channels WHERE key = ?`,
  );
  const unmark = db.query(
    "DELETE FROM channel_marks WHERE channel_key = ? AND character_id = ? AND mark = ?",
  );
  const setPosition = db.query("UPDATE channel_projection SET position = MAX(position, ?) WHERE id = 1");
  const position = db.query<{ position: number }, []>("SELECT position FROM channel_projection WHERE id = 1");
  const one = db.query<ChannelRow, [string]>("SELECT * FROM channels WHERE key = ?");
  const all = db.query<ChannelRow, []>("SELECT * FROM channels ORDER BY key");
  const membersOf = db.query<{ character_id: string }, [string]>(
    "SELECT character_id FROM channel_members WHERE channel_key = ? ORDER BY seq",
  );
  const channelsOf = db.query<{ channel_key: string }, [string]>(
    "SELECT channel_key FROM channel_members WHERE character_id = ? ORDER BY channel_key",
  );
  const allMembers = db.query<{ channel_key: string; character_id: string }, []>(
    "SELECT channel_key, character_id FROM channel_members",
  );
  const marksOn = db.query<MarkRow, [string]>(
    "SELECT * FROM channel_marks WHERE channel_key = ? ORDER BY character_id, mark",
  );
  const marksOf = db.query<MarkRow, [string]>(
    "SELECT * FROM channel_marks WHERE character_id = ? ORDER BY channel_key, mark",
  );
  const allMarks = db.query<MarkRow, []>("SELECT * FROM channel_marks");

  const applyOne = (change: ChannelChange) => {
    switch (change.kind) {
      case "create": {
        const c = change.channel;
        return void insert.run(c.key, c.name, c.alias, c.createdAt, c.ownerId ?? null);
      }
      case "destroy":
        return void remove.run(change.key);
      case "join":
        return void join.run(change.characterId, change.at, change.key);
      case "leave":
        leave.run(change.key, change.characterId);
        return void unmark.run(change.key, change.characterId, "gagged");
      case "mark": {
        const m = change.mark;
        return void mark.run(m.characterId, m.mark, m.until ?? null, m.reason ?? null, m.key);
      }
      case "unmark":
        return void unmark.run(change.key, change.characterId, change.mark);
    }
  };
  const applyAll = db.transaction((changes: readonly ChannelChange[], at: number) => {
    for (const change of changes) applyOne(change);
    setPosition.run(at);
  });

  const guard = storeGuard(sqliteError);
  return {
    apply: (changes, at) => guard(() => void applyAll.immediate(changes, at)),
    appliedPosition: () => guard(() => position.get()?.position ?? 0),
    get: (key) => guard(() => mapRow(one.get(key))),
    list: () => guard(() => all.all().map(toChannel)),
    members: (key) => guard(() => membersOf.all(key).map((r) => r.character_id)),
    channelsOf: (characterId) => guard(() => channelsOf.all(characterId).map((r) => r.channel_key)),
    marks: (key) => guard(() => marksOn.all(key).map(markOf)),
    marksOf: (characterId) => guard(() => marksOf.all(characterId).map(markOf)),
    snapshot: () =>
      guard(() =>
        sortedSnapshot(
          all.all().map(toChannel),
          allMembers.all().map((r) => `${r.channel_key} ${r.character_id}`),
          allMarks.all().map(markOf),
        ),
      ),
  };
}

function mapRow(row: ChannelRow | null): Channel | undefined {
  return row === null ? undefined : toChannel(row);
}
