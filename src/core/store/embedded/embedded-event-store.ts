import type { Database } from "bun:sqlite";
import {
  type AppendOutcome,
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
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { EmbeddedDatabase } from "./embedded-database.ts";
import { sqliteError } from "./sqlite-error.ts";

/** What the embedded event store is built from. */
export interface EmbeddedEventStoreDeps {
  /** Opened and migrated; the store does not close it. */
  readonly database: EmbeddedDatabase;
  readonly log: Logger;
}

/** An `events` row as SQLite returns it. */
export interface EventRow {
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

/** The columns of an `events` row, in the order EventRow and inserts use. */
export const eventColumns = "position, id, stream, version, type, timestamp, actor_kind, actor_id, payload";
const columns = eventColumns;

/** A stored event's values in `eventColumns` order, for an insert. */
export function eventValues(
  e: StoredEvent,
): [number, string, string, number, string, number, string, string, string] {
  return [
    e.position,
    e.id,
    e.stream,
    e.version,
    e.type,
    e.timestamp,
    e.actor.kind,
    e.actor.id,
    JSON.stringify(e.payload),
  ];
}

/** A stored event from its row. */
export function toEvent(row: EventRow): StoredEvent {
  const { position, id, stream, version, type, timestamp, actor_kind, actor_id, payload } = row;
  return {
    id,
    stream,
    type,
    timestamp,
    actor: { kind: actor_kind, id: actor_id },
    payload: JSON.parse(payload),
    position,
    version,
  };
}

/**
 * Creates the EventStore on bun:sqlite. This process is the single writer; appends are group-committed
 * in immediate transactions, so commit order is position order.
 */
export function createEmbeddedEventStore(deps: EmbeddedEventStoreDeps): EventStore {
  const db: Database = deps.database.db;
  const byIds = db.query<EventRow, [string]>(
    `SELECT ${columns} FROM events WHERE id IN (SELECT value FROM json_each(?))`,
  );
  // One max() per stream reads the last entry of the (stream, version) index; a GROUP BY over the streams
  // read every version of each (about 5 ms per append once a room held 50,000 events).
  const versionsOf = db.query<{ stream: string; version: number | null }, [string]>(
    "SELECT value AS stream, (SELECT max(version) FROM events WHERE stream = value) AS version FROM json_each(?)",
  );
  const head = db.query<{ head: number }, []>("SELECT coalesce(max(position), 0) AS head FROM events");
  const insert = db.query(`INSERT INTO events (${columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const streamAfter = db.query<EventRow, [string, number, number]>(
    `SELECT ${columns} FROM events WHERE stream = ? AND position > ? ORDER BY position LIMIT ?`,
  );
  // The filters of readStreams and countAfter: types left out (a JSON array) and an upper position.
  const filtered = "AND position <= ? AND type NOT IN (SELECT value FROM json_each(?))";
  const streamFilteredAfter = db.query<EventRow, [string, number, number, string, number]>(
    `SELECT ${columns} FROM events WHERE stream = ? AND position > ? ${filtered} ORDER BY position LIMIT ?`,
  );
  const streamFilteredNewest = db.query<EventRow, [string, number, number, string, number]>(
    `SELECT ${columns} FROM events WHERE stream = ? AND position > ? ${filtered} ORDER BY position DESC LIMIT ?`,
  );
  const actorCounts = db.query<{ kind: string; id: string; n: number }, [string, number, number]>(
    `SELECT actor_kind AS kind, actor_id AS id, count(*) AS n FROM events
      WHERE stream = ? AND position > ? AND position <= ? GROUP BY actor_kind, actor_id`,
  );
  const newestPerActor = db.query<EventRow, [string, number, number, number]>(
    `SELECT ${columns} FROM (SELECT ${columns},
      row_number() OVER (PARTITION BY actor_kind, actor_id ORDER BY position DESC) AS rank
      FROM events WHERE stream = ? AND position > ? AND position <= ?) WHERE rank <= ?`,
  );
  const countStream = db.query<
    { n: number },
    [string, number, number, string, string, string, string, string]
  >(
    `SELECT count(*) AS n FROM events WHERE stream = ? AND position > ? ${filtered}
      AND (? = '[]' OR type IN (SELECT value FROM json_each(?))) AND NOT (actor_kind = ? AND actor_id = ?)`,
  );
  const allAfter = db.query<EventRow, [number, number]>(
    `SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  const lastOf = db.query<{ p: number | null; v: number | null }, [string]>(
    // Two subqueries, as SQLite reads only the end of an index for a query with one max().
    "SELECT (SELECT max(position) FROM events WHERE stream = ?1) AS p, (SELECT max(version) FROM events WHERE stream = ?1) AS v",
  );

  // Runs inside the shared commit's transaction (shared-commit.ts), in a savepoint of its own. Also returns
  // the inserted events as a read gives them back (toEvent of the row's values), for the live feed.
  const commitGroup = (
    requests: readonly AppendRequest[],
  ): { outcomes: AppendOutcome[]; inserted: StoredEvent[] } => {
    const existing = new Map(byIds.all(JSON.stringify(idsOf(requests))).map((r) => [r.id, toEvent(r)]));
    const versions = new Map(
      versionsOf
        .all(JSON.stringify(streamsOf(requests)))
        .flatMap((r) => (r.version === null ? [] : [[r.stream, r.version] as const])),
    );
    const plan = planAppends(requests, { existing, versions, head: head.get()?.head ?? 0 });
    const inserted = plan.inserts.map((e) => {
      const values = eventValues(e);
      insert.run(...values);
      const [position, id, stream, version, type, timestamp, , actor_id, payload] = values;
      return toEvent({
        position,
        id,
        stream,
        version,
        type,
        timestamp,
        actor_id,
        payload,
        actor_kind: e.actor.kind,
      });
    });
    return { outcomes: plan.outcomes, inserted };
  };

  const read = <T>(fn: () => T): T => {
    try {
      return db.transaction(fn)();
    } catch (error) {
      throw sqliteError(error);
    }
  };

  const feed = createLiveFeed({
    read: async (after, limit) => read(() => allAfter.all(after, limit).map(toEvent)),
    log: deps.log,
  });
  // Invariant: an append is acknowledged once the shared commit holding it is durable (shared-commit.ts):
  // the appends of a tick share one transaction with the session store's command records and cursors.
  let closed = false;
  const append = async (request: AppendRequest): Promise<StoredEvent[]> => {
    if (closed) throw new HoloError("unavailable", "The event store is closed.");
    let committed: { outcomes: AppendOutcome[]; inserted: StoredEvent[] };
    try {
      committed = await deps.database.commits.submit(() => commitGroup([request]));
    } catch (error) {
      throw sqliteError(error);
    }
    feed.wake(committed.inserted);
    const [outcome] = committed.outcomes;
    if (!outcome) throw new HoloError("internal", "The store returned no outcome.");
    if (!outcome.ok) throw outcome.error;
    return outcome.events;
  };

  const close = async () => {
    closed = true;
    await deps.database.commits.settled();
    feed.close();
  };

  return {
    append: async (events, options) => append(prepareAppend(events, options)),
    async replay(stream, afterPosition, limit) {
      checkRead(stream, afterPosition, limit);
      return read(() => streamAfter.all(stream, afterPosition, limit).map(toEvent));
    },
    async readStreams(cursors, limit, options) {
      checkLimit(limit);
      const entries = cursorEntries(cursors);
      const { exceptTypes, upTo } = readFilters(options);
      const types = JSON.stringify(exceptTypes);
      const query = options?.newest ? streamFilteredNewest : streamFilteredAfter;
      const rows = read(() =>
        entries.flatMap(([stream, after]) => query.all(stream, after, upTo, types, limit)),
      );
      rows.sort((a, b) => a.position - b.position);
      return (options?.newest ? rows.slice(Math.max(0, rows.length - limit)) : rows.slice(0, limit)).map(
        toEvent,
      );
    },
    async readFairShare(stream, afterPosition, upToPosition, limit) {
      checkRead(stream, afterPosition, limit);
      checkPosition(upToPosition);
      return read(() => {
        const counts = new Map(
          actorCounts
            .all(stream, afterPosition, upToPosition)
            .map((r) => [`${r.kind}:${r.id}`, r.n] as const),
        );
        const cap = fairShareCap([...counts.values()], limit);
        const newest = newestPerActor.all(stream, afterPosition, upToPosition, cap + 1).map(toEvent);
        return fairShareCut(newest, limit, counts);
      });
    },
    async countAfter(cursors, options) {
      const entries = cursorEntries(cursors);
      const { exceptTypes, onlyTypes, upTo, notBy } = readFilters(options);
      const [except, only] = [JSON.stringify(exceptTypes), JSON.stringify(onlyTypes)];
      // No actor has an empty kind, so "" leaves nobody out.
      const args = [upTo, except, only, only, notBy?.kind ?? "", notBy?.id ?? ""] as const;
      return read(() =>
        entries.reduce((n, [stream, after]) => n + (countStream.get(stream, after, ...args)?.n ?? 0), 0),
      );
    },
    async lastPosition(stream) {
      if (stream === undefined) return read(() => head.get()?.head ?? 0);
      checkRead(stream, 0, 0);
      return read(() => lastOf.get(stream)?.p ?? 0);
    },
    async lastVersion(stream) {
      checkRead(stream, 0, 0);
      return read(() => lastOf.get(stream)?.v ?? 0);
    },
    subscribe(afterPosition, signal) {
      checkPosition(afterPosition);
      return feed.subscribe(afterPosition, signal);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
