import type { TransactionSql } from "postgres";
import { createAppendGroupCommit } from "#core/events/append-group-commit.ts";
import {
  type AppendRequest,
  idsOf,
  planAppends,
  prepareAppend,
  streamsOf,
} from "#core/events/append-plan.ts";
import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createLiveFeed } from "#core/events/live-feed.ts";
import {
  checkLimit,
  checkPosition,
  checkRead,
  cursorEntries,
  fairShareCap,
  fairShareCut,
  readFilters,
} from "#core/events/read-streams.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import type { Logger } from "#shared/log/logger.ts";
import { advisoryLocks, type PostgresDatabase } from "./postgres-database.ts";
import { postgresError } from "./postgres-error.ts";

/** The NOTIFY channel that wakes subscribers in every core sharing the database. */
export const eventsChannel = "holomush_events";

/** What the Postgres event store is built from. */
export interface PostgresEventStoreDeps {
  /** Opened and migrated; the store does not close it. */
  readonly database: PostgresDatabase;
  readonly log: Logger;
  /** The most events committed in one transaction; defaults to 1000. */
  readonly maxGroupEvents?: number;
  /** Test hook: runs inside each append transaction, after the insert, while the lock is held. */
  readonly insideTransaction?: (inserted: readonly StoredEvent[]) => Promise<void>;
}

/** A row of the events table as porsager returns it (bigints as strings). */
export interface EventRow {
  position: string;
  id: string;
  stream: string;
  version: number;
  type: string;
  ts: string;
  actor_kind: StoredEvent["actor"]["kind"];
  actor_id: string;
  payload: Record<string, unknown>;
}

/** An events row as a StoredEvent. */
export function toEvent(r: EventRow): StoredEvent {
  const actor = { kind: r.actor_kind, id: r.actor_id };
  return {
    id: r.id,
    stream: r.stream,
    type: r.type,
    timestamp: Number(r.ts),
    actor,
    payload: r.payload,
    position: Number(r.position),
    version: r.version,
  };
}

/**
 * Opens the EventStore on PostgreSQL. Each group of appends takes one transaction-scoped advisory lock,
 * so positions are assigned in commit order across every core; each commit sends one NOTIFY.
 */
export async function openPostgresEventStore(deps: PostgresEventStoreDeps): Promise<EventStore> {
  const { sql } = deps.database;
  const guard = storeGuard(postgresError);
  const feed = createLiveFeed({
    read: (after, limit) =>
      guard(async () =>
        (
          await sql<
            EventRow[]
          >`select * from events where position > ${after} order by position limit ${limit}`
        ).map(toEvent),
      ),
    log: deps.log,
  });
  const listening = await guard(() =>
    sql.listen(
      eventsChannel,
      () => feed.wake(),
      () => feed.wake(),
    ),
  );
  const group = createAppendGroupCommit({
    commit: async (requests) => {
      const outcomes = await sql.begin((tx) => commitGroup(tx, requests, deps));
      feed.wake();
      return outcomes;
    },
    mapError: postgresError,
    maxEvents: deps.maxGroupEvents ?? 1000,
    log: deps.log,
  });
  const close = async () => {
    await group.close();
    feed.close();
    await listening.unlisten().catch(() => {});
  };
  const unnestCursors = (cursors: Readonly<Record<string, number>>) => {
    const entries = cursorEntries(cursors);
    return [entries.map(([s]) => s), entries.map(([, p]) => p)] as const;
  };

  return {
    append: async (events, options) => group.submit(prepareAppend(events, options)),
    async replay(stream, after, limit) {
      checkRead(stream, after, limit);
      return guard(async () =>
        (
          await sql<EventRow[]>`select * from events where stream = ${stream} and position > ${after}
          order by position limit ${limit}`
        ).map(toEvent),
      );
    },
    async readStreams(cursors, limit, options) {
      checkLimit(limit);
      const [streams, afters] = unnestCursors(cursors);
      const { exceptTypes, upTo } = readFilters(options);
      const desc = options?.newest ? sql`desc` : sql`asc`;
      const rows = await guard(
        () => sql<
          EventRow[]
        >`select e.* from unnest(${streams}::text[], ${afters}::bigint[]) as c(stream, after)
          cross join lateral (select * from events where stream = c.stream and position > c.after
            and position <= ${upTo} and type <> all(${exceptTypes as string[]}::text[])
            order by position ${desc} limit ${limit}) e
          order by e.position ${desc} limit ${limit}`,
      );
      const events = rows.map(toEvent);
      return options?.newest ? events.reverse() : events;
    },
    async readFairShare(stream, after, upTo, limit) {
      checkRead(stream, after, limit);
      checkPosition(upTo);
      return guard(async () => {
        const rows = await sql<{ kind: string; id: string; n: string }[]>`
          select actor_kind as kind, actor_id as id, count(*) as n from events
          where stream = ${stream} and position > ${after} and position <= ${upTo} group by actor_kind, actor_id`;
        const counts = new Map(rows.map((r) => [`${r.kind}:${r.id}`, Number(r.n)] as const));
        const cap = fairShareCap([...counts.values()], limit);
        const newest = await sql<EventRow[]>`select * from (select *,
            row_number() over (partition by actor_kind, actor_id order by position desc) as rank
            from events where stream = ${stream} and position > ${after} and position <= ${upTo}) ranked
          where rank <= ${cap + 1}`;
        return fairShareCut(newest.map(toEvent), limit, counts);
      });
    },
    async countAfter(cursors, options) {
      const [streams, afters] = unnestCursors(cursors);
      const { exceptTypes, onlyTypes, upTo, notBy } = readFilters(options);
      const only = onlyTypes.length > 0 ? sql`and e.type = any(${onlyTypes as string[]}::text[])` : sql``;
      const by = notBy ? sql`and not (e.actor_kind = ${notBy.kind} and e.actor_id = ${notBy.id})` : sql``;
      const [row] = await guard(
        () => sql<
          { n: string }[]
        >`select count(*) as n from unnest(${streams}::text[], ${afters}::bigint[]) as c(stream, after)
          join events e on e.stream = c.stream and e.position > c.after
            and e.position <= ${upTo} and e.type <> all(${exceptTypes as string[]}::text[]) ${only} ${by}`,
      );
      return Number(row?.n ?? 0);
    },
    async lastPosition(stream) {
      if (stream !== undefined) checkRead(stream, 0, 0);
      const where = stream === undefined ? sql`` : sql`where stream = ${stream}`;
      const [row] = await guard(
        () => sql<{ p: string | null }[]>`select max(position) as p from events ${where}`,
      );
      return Number(row?.p ?? 0);
    },
    async lastVersion(stream) {
      checkRead(stream, 0, 0);
      const [row] = await guard(
        () => sql<{ v: number | null }[]>`select max(version) as v from events where stream = ${stream}`,
      );
      return row?.v ?? 0;
    },
    subscribe(afterPosition, signal) {
      checkPosition(afterPosition);
      return feed.subscribe(afterPosition, signal);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function commitGroup(
  tx: TransactionSql,
  requests: readonly AppendRequest[],
  deps: PostgresEventStoreDeps,
) {
  // Invariant: the lock is held to commit, so a later position can never commit before an earlier one.
  const [, existingRows, versionRows, headRows] = await Promise.all([
    tx`select pg_advisory_xact_lock(${advisoryLocks.events})`,
    tx<EventRow[]>`select * from events where id = any(${idsOf(requests)}::text[])`,
    // One max() per stream reads the end of the (stream, version) index; a GROUP BY read all of each stream.
    tx<{ stream: string; v: number | null }[]>`select s as stream,
      (select max(version) from events where stream = s) as v from unnest(${streamsOf(requests)}::text[]) as s`,
    tx<{ head: string }[]>`select coalesce(max(position), 0) as head from events`,
  ]);
  const existing = new Map(existingRows.map((r) => [r.id, toEvent(r)]));
  const versions = new Map(versionRows.flatMap((r) => (r.v === null ? [] : [[r.stream, r.v] as const])));
  const plan = planAppends(requests, { existing, versions, head: Number(headRows[0]?.head ?? 0) });
  const rows = plan.inserts;
  if (rows.length > 0) {
    await Promise.all([
      tx`insert into events (position, id, stream, version, type, ts, actor_kind, actor_id, payload)
        select p, i, s, v, t, ts, ak, ai, pl::jsonb from unnest(${rows.map((e) => e.position)}::bigint[], ${rows.map((e) => e.id)}::text[],
          ${rows.map((e) => e.stream)}::text[], ${rows.map((e) => e.version)}::int[], ${rows.map((e) => e.type)}::text[],
          ${rows.map((e) => e.timestamp)}::bigint[], ${rows.map((e) => e.actor.kind)}::text[],
          ${rows.map((e) => e.actor.id)}::text[], ${rows.map((e) => JSON.stringify(e.payload))}::text[]) as u(p, i, s, v, t, ts, ak, ai, pl)`,
      tx`select pg_notify(${eventsChannel}, '')`,
    ]);
    await deps.insideTransaction?.(rows);
  }
  return plan.outcomes;
}
