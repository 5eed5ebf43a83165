import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { sqliteError } from "#core/store/embedded/sqlite-error.ts";
import type { WorldCheckpointStore } from "./world-checkpoint-store.ts";
import type { WorldSnapshot } from "./world-state.ts";

/** The world checkpoint in the embedded database (migration 5). */
export function createEmbeddedWorldCheckpointStore(database: EmbeddedDatabase): WorldCheckpointStore {
  const { db } = database;
  const select = db.query<{ state: string }, []>("SELECT state FROM world_checkpoint WHERE id = 1");
  const upsert = db.query<never, [number, string]>(
    `INSERT INTO world_checkpoint (id, position, state) VALUES (1, ?1, ?2)
     ON CONFLICT (id) DO UPDATE SET position = ?1, state = ?2 WHERE world_checkpoint.position <= ?1`,
  );
  return {
    async load() {
      try {
        const row = select.get();
        return row ? (JSON.parse(row.state) as WorldSnapshot) : undefined;
      } catch (error) {
        throw sqliteError(error);
      }
    },
    async save(snapshot) {
      try {
        upsert.run(snapshot.position, JSON.stringify(snapshot));
      } catch (error) {
        throw sqliteError(error);
      }
    },
  };
}
