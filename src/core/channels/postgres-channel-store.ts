import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { postgresError } from "#core/store/postgres/postgres-error.ts";
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
  created_at: string;
  owner_id: string | null;
}

type MarkRow = Parameters<typeof markOf>[0];

// postgres.js returns bigint columns as strings; every stored time fits a double.
const toChannel = (r: ChannelRow): Channel => ({
  key: r.key,
  name: r.name,
  alias: r.alias,
  createdAt: Number(r.created_at),
  ...(r.owner_id === null ? {} : { ownerId: r.owner_id }),
});

/** Creates the ChannelStore kept in PostgreSQL (migrations 7 and 10). */
export function createPostgresChannelStore(database: PostgresDatabase): ChannelStore {
  const { sql } = database;
  const guard = storeGuard(postgresError);
  const applyOne = async (tx: typeof sql, change: ChannelChange) => {
    switch (change.kind) {
      case "create": {
        const c = change.channel;
        await tx`insert into channels (key, name, alias, created_at, owner_id)
          values (${c.key}, ${c.name}, ${c.alias}, ${c.createdAt}, ${c.ownerId ?? null}) on conflict do nothing`;
        return;
      }
      case "destroy":
        await tx`delete from channels where key = ${change.key}`;
        return;
      case "join":
        await tx`insert into channel_members (channel_key, character_id, joined_at)
          select key, ${change.characterId}, ${change.at} from channels where key = ${change.key}
          on conflict do nothing`;
        return;
      case "leave":
        await tx`delete from channel_members
          where channel_key = ${change.key} and character_id = ${change.characterId}`;
        await tx`delete from channel_marks where channel_key = ${change.key}
          and character_id = ${change.characterId} and mark = 'gagged'`;
        return;
      case "mark": {
        const m = change.mark;
        await tx`insert into channel_marks (channel_key, character_id, mark, until, reason)
          select key, ${m.characterId}, ${m.mark}, ${m.until ?? null}, ${m.reason ?? null}
          from channels where key = ${m.key}
          on conflict (channel_key, character_id, mark)
          do update set until = excluded.until, reason = excluded.reason`;
        return;
      }
      case "unmark":
        await tx`delete from channel_marks where channel_key = ${change.key}
          and character_id = ${change.characterId} and mark = ${change.mark}`;
        return;
    }
  };

  return {
    apply: (changes, at) =>
      guard(async () => {
        await sql.begin(async (tx) => {
          for (const change of changes) await applyOne(tx as unknown as typeof sql, change);
          await tx`update channel_projection set position = greatest(position, ${at}) where id = 1`;
        });
      }),
    appliedPosition: () =>
      guard(async () => {
        const [row] = await sql<{ position: string }[]>`select position from channel_projection where id = 1`;
        return Number(row?.position ?? 0);
      }),
    get: (key) =>
      guard(async () => {
        const [row] = await sql<ChannelRow[]>`select * from channels where key = ${key}`;
        return row && toChannel(row);
      }),
    list: () =>
      guard(async () =>
        (await sql<ChannelRow[]>`select * from channels order by key collate "C"`).map(toChannel),
      ),
    members: (key) =>
      guard(async () =>
        (
          await sql<{ character_id: string }[]>`select character_id from channel_members
            where channel_key = ${key} order by seq`
        ).map((r) => r.character_id),
      ),
    channelsOf: (characterId) =>
      guard(async () =>
        (
          await sql<{ channel_key: string }[]>`select channel_key from channel_members
            where character_id = ${characterId} order by channel_key collate "C"`
        ).map((r) => r.channel_key),
      ),
    marks: (key) =>
      guard(async () =>
        (
          await sql<MarkRow[]>`select * from channel_marks where channel_key = ${key}
            order by character_id collate "C", mark collate "C"`
        ).map(markOf),
      ),
    marksOf: (characterId) =>
      guard(async () =>
        (
          await sql<MarkRow[]>`select * from channel_marks where character_id = ${characterId}
            order by channel_key collate "C", mark collate "C"`
        ).map(markOf),
      ),
    snapshot: () =>
      guard(async () => {
        const channels = (await sql<ChannelRow[]>`select * from channels`).map(toChannel);
        const members = await sql<{ channel_key: string; character_id: string }[]>`
          select channel_key, character_id from channel_members`;
        const marks = await sql<MarkRow[]>`select * from channel_marks`;
        return sortedSnapshot(
          channels,
          members.map((r) => `${r.channel_key} ${r.character_id}`),
          marks.map(markOf),
        );
      }),
  };
}
