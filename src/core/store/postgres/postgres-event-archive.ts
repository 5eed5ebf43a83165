import type { Sql, TransactionSql } from "postgres";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import {
  ARCHIVE_TABLES,
  type ArchiveRow,
  type ArchiveTrailer,
  archiveColumns,
  type EventArchiveSource,
  type EventArchiveTarget,
  readEventArchive,
  writeEventArchive,
} from "../event-archive.ts";
import { advisoryLocks, openPostgresDatabase } from "./postgres-database.ts";
import { type EventRow, toEvent } from "./postgres-event-store.ts";

/** Reads the events of a PostgreSQL database for an export, one page per query. */
export function postgresArchiveSource(sql: Sql): EventArchiveSource {
  return {
    head: async () => {
      const [row] = await sql<{ head: string }[]>`select coalesce(max(position), 0) as head from events`;
      return Number(row?.head ?? 0);
    },
    page: async (after, upTo, limit) => {
      const rows = await sql<EventRow[]>`select * from events
        where position > ${after} and position <= ${upTo} order by position limit ${limit}`;
      return rows.map(toEvent);
    },
    rows: async (table) => {
      const columns = archiveColumns(table);
      const found = await sql<
        Record<string, string | number | null>[]
      >`select ${sql(columns)} from ${sql(table)}
        order by ${sql(columns[0] as string)}, ${sql(columns[1] as string)}`;
      // bigint columns arrive as strings; the archive holds numbers whichever store wrote it.
      const kinds: Record<string, string> = ARCHIVE_TABLES[table];
      return found.map((row) =>
        Object.fromEntries(
          columns.map((c) => {
            const value = row[c] ?? null;
            return [c, value !== null && kinds[c]?.startsWith("int") ? Number(value) : value];
          }),
        ),
      ) as ArchiveRow[];
    },
  };
}

/** Inserts imported events as they are, inside the caller's transaction. */
export function postgresArchiveTarget(tx: TransactionSql): EventArchiveTarget {
  return {
    insert: async (rows) => {
      await tx`insert into events (position, id, stream, version, type, ts, actor_kind, actor_id, payload)
        select p, i, s, v, t, ts, ak, ai, pl::jsonb from unnest(${rows.map((e) => e.position)}::bigint[], ${rows.map((e) => e.id)}::text[],
          ${rows.map((e) => e.stream)}::text[], ${rows.map((e) => e.version)}::int[], ${rows.map((e) => e.type)}::text[],
          ${rows.map((e) => e.timestamp)}::bigint[], ${rows.map((e) => e.actor.kind)}::text[],
          ${rows.map((e) => e.actor.id)}::text[], ${rows.map((e) => JSON.stringify(e.payload))}::text[]) as u(p, i, s, v, t, ts, ak, ai, pl)`;
    },
    insertRows: async (table, rows) => {
      const columns = archiveColumns(table);
      const values = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
      await tx`insert into ${tx(table)} ${tx(values, columns)}`;
    },
  };
}

/** Writes every event of the PostgreSQL database at `url` as an export. */
export async function exportPostgres(
  url: string,
  write: (chunk: string) => Promise<void>,
  log: Logger,
): Promise<ArchiveTrailer> {
  await using database = await openPostgresDatabase({
    url,
    unsafeDurability: true,
    log,
    migrate: false,
    maxConnections: 1,
  });
  return await writeEventArchive(postgresArchiveSource(database.sql), write);
}

/**
 * Rebuilds a game's events from an export into the PostgreSQL database at `url` (migrated first), which must
 * hold no event and no player. One transaction under the events lock: a refused import stores nothing.
 */
export async function importPostgres(
  url: string,
  lines: AsyncIterable<string>,
  log: Logger,
): Promise<ArchiveTrailer> {
  await using database = await openPostgresDatabase({ url, unsafeDurability: false, log, maxConnections: 1 });
  return await database.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${advisoryLocks.events})`;
    const [counts] = await tx<{ events: string; players: string }[]>`select
      (select count(*) from events) as events, (select count(*) from players) as players`;
    if (Number(counts?.events ?? 0) > 0 || Number(counts?.players ?? 0) > 0) {
      throw new HoloError(
        "failed_precondition",
        `the PostgreSQL database already holds a game (${counts?.events} events, ${counts?.players} players); import only into an empty one`,
      );
    }
    return readEventArchive(lines, postgresArchiveTarget(tx));
  });
}
