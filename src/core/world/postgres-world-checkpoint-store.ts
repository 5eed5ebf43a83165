import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { postgresError } from "#core/store/postgres/postgres-error.ts";
import type { WorldCheckpointStore } from "./world-checkpoint-store.ts";
import type { WorldSnapshot } from "./world-state.ts";

/** The world checkpoint in PostgreSQL (migration 5). */
export function createPostgresWorldCheckpointStore(database: PostgresDatabase): WorldCheckpointStore {
  const { sql } = database;
  return {
    async load() {
      try {
        const rows = await sql<{ state: string }[]>`select state from world_checkpoint where id = 1`;
        const state = rows[0]?.state;
        return state === undefined ? undefined : (JSON.parse(state) as WorldSnapshot);
      } catch (error) {
        throw postgresError(error);
      }
    },
    async save(snapshot) {
      const state = JSON.stringify(snapshot);
      try {
        await sql`insert into world_checkpoint (id, position, state) values (1, ${snapshot.position}, ${state})
          on conflict (id) do update set position = excluded.position, state = excluded.state
          where world_checkpoint.position <= excluded.position`;
      } catch (error) {
        throw postgresError(error);
      }
    },
  };
}
