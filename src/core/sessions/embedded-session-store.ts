import type { SQLQueryBindings } from "bun:sqlite";
import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { sqliteError } from "#core/store/embedded/sqlite-error.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { CommandResult, SessionRecord, SessionStore } from "./session-store.ts";

interface SessionRow {
  id: string;
  character_id: string;
  created_at: number;
  detached_at: number | null;
  token_hash: string;
}

/** Creates the SessionStore kept in the embedded database (migration 4). */
export function createEmbeddedSessionStore(database: EmbeddedDatabase): SessionStore {
  const { db } = database;
  const q = <R, P extends SQLQueryBindings[]>(sql: string) => db.query<R, P>(sql);
  const insert = q<never, [string, string, number, number | null, string]>(
    "INSERT INTO sessions (id, character_id, created_at, detached_at, token_hash) VALUES (?, ?, ?, ?, ?)",
  );
  const upsertCursor = q<never, [string, string, number]>(
    `INSERT INTO session_cursors (session_id, stream, position) VALUES (?, ?, ?)
     ON CONFLICT (session_id, stream) DO UPDATE SET position = MAX(position, excluded.position)`,
  );
  const addConn = q<never, [string, string]>(
    `INSERT INTO session_connections (session_id, connection_id, seq)
     SELECT ?1, ?2, COALESCE(MAX(seq), 0) + 1 FROM session_connections WHERE session_id = ?1
     AND EXISTS (SELECT 1 FROM sessions WHERE id = ?1) ON CONFLICT DO NOTHING`,
  );
  const connsOf = q<{ connection_id: string }, [string]>(
    "SELECT connection_id FROM session_connections WHERE session_id = ? ORDER BY seq",
  );
  const cursorsOf = q<{ stream: string; position: number; until_position: number | null }, [string]>(
    "SELECT stream, position, until_position FROM session_cursors WHERE session_id = ?",
  );
  const startCursor = q<never, [string, string, number]>(
    `INSERT INTO session_cursors (session_id, stream, position) VALUES (?, ?, ?)
     ON CONFLICT (session_id, stream) DO UPDATE SET position = excluded.position, until_position = NULL`,
  );
  const endCursor = q<never, [number, string, string]>(
    "UPDATE session_cursors SET until_position = ? WHERE session_id = ? AND stream = ?",
  );
  const dropEnded = q<never, [string]>(
    "DELETE FROM session_cursors WHERE session_id = ? AND until_position IS NOT NULL AND position >= until_position",
  );
  const where = (clause: string) => q<SessionRow, [string]>(`SELECT * FROM sessions WHERE ${clause} = ?`);
  const byId = where("id");
  const byCharacter = where("character_id");
  const byToken = where("token_hash");
  const all = q<SessionRow, []>("SELECT * FROM sessions ORDER BY created_at, id");
  const swapToken = q<never, [string, string, string]>(
    "UPDATE sessions SET token_hash = ? WHERE id = ? AND token_hash = ?",
  );
  const detach = q<never, [number | null, string]>("UPDATE sessions SET detached_at = ? WHERE id = ?");
  const removeConn = q<never, [string, string]>(
    "DELETE FROM session_connections WHERE session_id = ? AND connection_id = ?",
  );
  const remove = q<never, [string]>("DELETE FROM sessions WHERE id = ?");
  const getCmd = q<{ id_seed: string; result: string | null }, [string, string, number]>(
    "SELECT id_seed, result FROM applied_commands WHERE session_id = ? AND connection_id = ? AND sequence = ?",
  );
  // The first result is kept; a row begun by an older core (no result yet) gets this one.
  const doneCmd = q<never, [string, string, number, string, string, number]>(
    `INSERT INTO applied_commands (session_id, connection_id, sequence, id_seed, result, created_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?1)
     ON CONFLICT (session_id, connection_id, sequence) DO UPDATE SET result = excluded.result WHERE applied_commands.result IS NULL`,
  );
  const hydrate = (row: SessionRow | null): SessionRecord | undefined => {
    if (!row) return undefined;
    const cursors: Record<string, number> = {};
    const ends: Record<string, number> = {};
    for (const c of cursorsOf.all(row.id)) {
      cursors[c.stream] = c.position;
      if (c.until_position !== null) ends[c.stream] = c.until_position;
    }
    return {
      ...(Object.keys(ends).length > 0 ? { ends } : {}),
      id: row.id,
      characterId: row.character_id,
      createdAt: row.created_at,
      detachedAt: row.detached_at ?? undefined,
      tokenHash: row.token_hash,
      cursors,
      connections: connsOf.all(row.id).map((c) => c.connection_id),
    };
  };
  const guard = storeGuard((error) => {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT")
      ? new HoloError("already_exists", "That character already has a session.", { cause: error })
      : sqliteError(error);
  });
  const create = (r: SessionRecord) => {
    insert.run(r.id, r.characterId, r.createdAt, r.detachedAt ?? null, r.tokenHash);
    for (const [stream, position] of Object.entries(r.cursors)) upsertCursor.run(r.id, stream, position);
    for (const c of r.connections) addConn.run(r.id, c);
  };
  const attach = (id: string, connectionId: string) => {
    addConn.run(id, connectionId);
    detach.run(null, id);
    return connsOf.all(id).map((c) => c.connection_id);
  };
  const advance = (id: string, cursors: Readonly<Record<string, number>>) => {
    if (!byId.get(id)) return;
    for (const [stream, position] of Object.entries(cursors)) upsertCursor.run(id, stream, position);
    dropEnded.run(id);
  };
  // Every write shares the database's one transaction per tick with event appends: one fsync for all of
  // them. Each session write used to commit on its own, a blocking fsync on the event loop, several per login
  // and per hang-up: a thousand players arriving or leaving at once queued everything else behind them.
  const batch = database.commits;
  const write = <T>(fn: () => T): Promise<T> => guard(() => batch.submit(fn));
  const follow = (
    id: string,
    add: Readonly<Record<string, number>>,
    end: Readonly<Record<string, number>>,
  ) => {
    if (!byId.get(id)) return;
    for (const [stream, position] of Object.entries(add)) startCursor.run(id, stream, position);
    for (const [stream, position] of Object.entries(end)) endCursor.run(position, id, stream);
    dropEnded.run(id);
  };

  return {
    create: (record) => write(() => create(record)),
    get: (id) => guard(() => hydrate(byId.get(id))),
    findByCharacter: (characterId) => guard(() => hydrate(byCharacter.get(characterId))),
    findByTokenHash: (tokenHash) => guard(() => hydrate(byToken.get(tokenHash))),
    list: () => guard(() => all.all().map((r) => hydrate(r) as SessionRecord)),
    replaceToken: (id, expected, next) => write(() => swapToken.run(next, id, expected).changes === 1),
    addConnection: (id, connectionId) => write(() => attach(id, connectionId)),
    removeConnection: (id, connectionId) =>
      write(() => {
        removeConn.run(id, connectionId);
        return connsOf.all(id).map((c) => c.connection_id);
      }),
    setDetachedAt: (id, at) => write(() => void detach.run(at ?? null, id)),
    advanceCursors: (id, cursors) => write(() => advance(id, cursors)),
    followStreams: (id, add, end) => write(() => follow(id, add, end)),
    delete: (id) => write(() => void remove.run(id)),
    findCommand: (key) =>
      guard(() => {
        const row = getCmd.get(key.sessionId, key.connectionId, key.sequence);
        if (!row) return undefined;
        return {
          idSeed: row.id_seed,
          result: row.result === null ? undefined : (JSON.parse(row.result) as CommandResult),
        };
      }),
    completeCommand: (key, idSeed, result, at) =>
      write(() => {
        const { sessionId, connectionId, sequence } = key;
        doneCmd.run(sessionId, connectionId, sequence, idSeed, JSON.stringify(result), at);
      }),
  };
}
