import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { postgresError } from "#core/store/postgres/postgres-error.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { createGroupCommit } from "./group-commit.ts";
import type { CommandResult, SessionRecord, SessionStore } from "./session-store.ts";

interface SessionRow {
  id: string;
  character_id: string;
  created_at: string;
  detached_at: string | null;
  token_hash: string;
}

/** Creates the SessionStore kept in PostgreSQL (migration 4). */
export function createPostgresSessionStore(database: PostgresDatabase): SessionStore {
  const { sql } = database;
  const guard = storeGuard((error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return code === "23505"
      ? new HoloError("already_exists", "That character already has a session.", { cause: error })
      : postgresError(error);
  });
  const connectionsOf = async (id: string) =>
    (
      await sql<{ connection_id: string }[]>`
        select connection_id from session_connections where session_id = ${id} order by seq`
    ).map((r) => r.connection_id);
  const hydrate = async (row: SessionRow | undefined): Promise<SessionRecord | undefined> => {
    if (!row) return undefined;
    const cursors: Record<string, number> = {};
    const ends: Record<string, number> = {};
    const rows = await sql<{ stream: string; position: string; until_position: string | null }[]>`
      select stream, position, until_position from session_cursors where session_id = ${row.id}`;
    for (const c of rows) {
      cursors[c.stream] = Number(c.position);
      if (c.until_position !== null) ends[c.stream] = Number(c.until_position);
    }
    return {
      ...(Object.keys(ends).length > 0 ? { ends } : {}),
      id: row.id,
      characterId: row.character_id,
      createdAt: Number(row.created_at),
      detachedAt: row.detached_at === null ? undefined : Number(row.detached_at),
      tokenHash: row.token_hash,
      cursors,
      connections: await connectionsOf(row.id),
    };
  };
  const one = async (rows: Promise<SessionRow[]>) => hydrate((await rows)[0]);
  const upsertCursors = async (tx: typeof sql, id: string, cursors: Readonly<Record<string, number>>) => {
    for (const [stream, position] of Object.entries(cursors)) {
      await tx`insert into session_cursors (session_id, stream, position) values (${id}, ${stream}, ${position})
        on conflict (session_id, stream) do update set position = greatest(session_cursors.position, excluded.position)`;
    }
    await dropEnded(tx, id);
  };
  const dropEnded = (tx: typeof sql, id: string) =>
    tx`delete from session_cursors where session_id = ${id} and until_position is not null
      and position >= until_position`;
  const key = (k: { sessionId: string; connectionId: string; sequence: number }) =>
    [k.sessionId, k.connectionId, k.sequence] as const;
  type Write = (tx: typeof sql) => Promise<unknown>;
  // Cursor advances and command records of one tick share one transaction (one WAL flush); their
  // statements are pipelined on its connection.
  const batch = createGroupCommit<Write>((writes) =>
    sql.begin((raw) => Promise.all(writes.map((write) => write(raw as unknown as typeof sql)))),
  );
  const advance = async (tx: typeof sql, id: string, cursors: Readonly<Record<string, number>>) => {
    const entries = Object.entries(cursors);
    await tx`insert into session_cursors (session_id, stream, position)
      select ${id}, s, p from unnest(${entries.map(([s]) => s)}::text[], ${entries.map(([, p]) => p)}::bigint[]) as u(s, p)
      where exists (select 1 from sessions where id = ${id} for share)
      on conflict (session_id, stream) do update set position = greatest(session_cursors.position, excluded.position)`;
    await dropEnded(tx, id);
  };

  return {
    create: (r) =>
      guard(async () => {
        await sql.begin(async (raw) => {
          const tx = raw as unknown as typeof sql;
          await tx`insert into sessions (id, character_id, created_at, detached_at, token_hash)
            values (${r.id}, ${r.characterId}, ${r.createdAt}, ${r.detachedAt ?? null}, ${r.tokenHash})`;
          await upsertCursors(tx, r.id, r.cursors);
          for (const c of r.connections) {
            await tx`insert into session_connections (session_id, connection_id) values (${r.id}, ${c})`;
          }
        });
      }),
    get: (id) => guard(() => one(sql<SessionRow[]>`select * from sessions where id = ${id}`)),
    findByCharacter: (characterId) =>
      guard(() => one(sql<SessionRow[]>`select * from sessions where character_id = ${characterId}`)),
    findByTokenHash: (tokenHash) =>
      guard(() => one(sql<SessionRow[]>`select * from sessions where token_hash = ${tokenHash}`)),
    list: () =>
      guard(async () => {
        const rows = await sql<SessionRow[]>`select * from sessions order by created_at, id`;
        return (await Promise.all(rows.map(hydrate))) as SessionRecord[];
      }),
    replaceToken: (id, expected, next) =>
      guard(
        async () =>
          (await sql`update sessions set token_hash = ${next} where id = ${id} and token_hash = ${expected}`)
            .count === 1,
      ),
    addConnection: (id, connectionId) =>
      guard(async () => {
        const updated = await sql`update sessions set detached_at = null where id = ${id}`;
        if (updated.count === 1) {
          await sql`insert into session_connections (session_id, connection_id) values (${id}, ${connectionId})
            on conflict do nothing`;
        }
        return connectionsOf(id);
      }),
    removeConnection: (id, connectionId) =>
      guard(async () => {
        await sql`delete from session_connections where session_id = ${id} and connection_id = ${connectionId}`;
        return connectionsOf(id);
      }),
    setDetachedAt: (id, at) =>
      guard(async () => void (await sql`update sessions set detached_at = ${at ?? null} where id = ${id}`)),
    advanceCursors: (id, cursors) =>
      guard(async () => void (await batch.submit((tx) => advance(tx, id, cursors)))),
    followStreams: (id, add, end) =>
      guard(async () => {
        await sql.begin(async (raw) => {
          const tx = raw as unknown as typeof sql;
          const [exists] = await tx`select 1 from sessions where id = ${id} for share`;
          if (!exists) return;
          for (const [stream, position] of Object.entries(add)) {
            await tx`insert into session_cursors (session_id, stream, position) values (${id}, ${stream}, ${position})
              on conflict (session_id, stream) do update set position = excluded.position, until_position = null`;
          }
          for (const [stream, position] of Object.entries(end)) {
            await tx`update session_cursors set until_position = ${position} where session_id = ${id} and stream = ${stream}`;
          }
          await dropEnded(tx, id);
        });
      }),
    delete: (id) => guard(async () => void (await sql`delete from sessions where id = ${id}`)),
    findCommand: (k) =>
      guard(async () => {
        const [s, c, n] = key(k);
        const [row] = await sql<{ id_seed: string; result: CommandResult | null }[]>`
          select id_seed, result from applied_commands where session_id = ${s} and connection_id = ${c} and sequence = ${n}`;
        return row && { idSeed: row.id_seed, result: row.result ?? undefined };
      }),
    completeCommand: (k, idSeed, result, at) =>
      guard(async () => {
        const [s, c, n] = key(k);
        // The first result is kept; a row begun by an older core (no result yet) gets this one.
        await batch.submit(
          (
            tx,
          ) => tx`insert into applied_commands (session_id, connection_id, sequence, id_seed, result, created_at)
            select ${s}, ${c}, ${n}, ${idSeed}, ${sql.json(result as never)}, ${at}
            where exists (select 1 from sessions where id = ${s} for share)
            on conflict (session_id, connection_id, sequence) do update set result = excluded.result
            where applied_commands.result is null`,
        );
      }),
  };
}
