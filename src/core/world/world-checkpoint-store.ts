import type { WorldSnapshot } from "./world-state.ts";

/**
 * Where the world projection keeps a checkpoint, so a start replays only the `world` events after it.
 * Only an optimisation: the events alone rebuild the same state (world-rebuild tests pin this).
 */
export interface WorldCheckpointStore {
  /** The last checkpoint, or undefined. */
  load(): Promise<WorldSnapshot | undefined>;
  /** Replaces the checkpoint. */
  save(snapshot: WorldSnapshot): Promise<void>;
}

/** A checkpoint store in memory, for tests and the default game. */
export function createMemoryWorldCheckpointStore(): WorldCheckpointStore {
  let saved: string | undefined;
  return {
    load: async () => (saved === undefined ? undefined : (JSON.parse(saved) as WorldSnapshot)),
    async save(snapshot) {
      saved = JSON.stringify(snapshot);
    },
  };
}
