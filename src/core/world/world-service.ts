import { type NewEvent, type StoredEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import type { World } from "./world.ts";
import type { WorldCheckpointStore } from "./world-checkpoint-store.ts";
import type { WorldEventPayloads } from "./world-events.ts";
import {
  applyWorldEvent,
  emptyWorldState,
  fromSnapshot,
  WORLD_SNAPSHOT_FORMAT,
  type WorldState,
  worldSnapshot,
} from "./world-state.ts";

/** A character_moved event as the world applied it, with the position it took effect at. */
export interface CharacterMove extends Readonly<WorldEventPayloads["character_moved"]> {
  readonly position: number;
}

/** What the world service needs. */
export interface WorldServiceDeps {
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly checkpoints: WorldCheckpointStore;
  readonly log: Logger;
  /** Where new characters start and homeless characters go home to. */
  readonly startLocationId: string;
  /** Called, in order and awaited, for each character_moved applied (by this core or another). */
  readonly onCharacterMoved?: (move: CharacterMove) => Promise<void>;
  /** Save a checkpoint after this many world events; defaults to 500. */
  readonly checkpointEvery?: number;
}

/** The live world projection: read it, change it through events, keep it in step with the store. */
export interface WorldService extends World {
  /** The projection now; treat as read-only. */
  state(): WorldState;
  /** Applies `world` events committed since the last one applied, by any writer. */
  sync(): Promise<void>;
  /**
   * A committed event, from the broadcaster: a `world` event past the state (another core's flag, owner or
   * move; Postgres NOTIFY wakes the store's subscription) starts a sync, so decisions here read it.
   */
  observe(event: StoredEvent): void;
  /**
   * Runs `plan` alone (one world change at a time in this core), after a sync: it reads the state and
   * returns events to append atomically; the world ones are then applied. A refusal throws or returns
   * no events, so nothing changes.
   */
  change<T>(plan: (state: WorldState) => Promise<Planned<T>> | Planned<T>): Promise<Changed<T>>;
  /** Saves a checkpoint of the projection now. */
  checkpoint(): Promise<void>;
}

/** What a change plan returns. */
export interface Planned<T> {
  readonly events: readonly NewEvent[];
  readonly value: T;
}

/** What a change did. */
export interface Changed<T> {
  readonly stored: StoredEvent[];
  readonly value: T;
}

const BATCH = 512;

/** Opens the world: loads the checkpoint, then applies the `world` events after it. */
export async function openWorldService(deps: WorldServiceDeps): Promise<WorldService> {
  const saved = await deps.checkpoints.load();
  // Invariant: a checkpoint of an older shape is only an optimisation lost: the events rebuild the state.
  const state = saved?.format === WORLD_SNAPSHOT_FORMAT ? fromSnapshot(saved) : emptyWorldState();
  const lock = createSemaphore(1);
  const every = deps.checkpointEvery ?? 500;
  let sinceCheckpoint = 0;
  let started = false;

  const apply = async (event: StoredEvent) => {
    if (event.stream !== WORLD_STREAM || event.position <= state.position) return;
    applyWorldEvent(state, event);
    sinceCheckpoint += 1;
    if (started && event.type === "character_moved" && deps.onCharacterMoved) {
      const p = event.payload as WorldEventPayloads["character_moved"];
      await deps.onCharacterMoved({ ...p, position: event.position });
    }
  };
  const checkpoint = async () => {
    await deps.checkpoints.save(worldSnapshot(state));
    sinceCheckpoint = 0;
  };
  const sync = async () => {
    for (;;) {
      const batch = await deps.events.replay(WORLD_STREAM, state.position, BATCH);
      for (const event of batch) await apply(event);
      if (batch.length < BATCH) break;
    }
    if (sinceCheckpoint >= every) await checkpoint();
  };
  await sync();
  // Moves replayed at start are history: accounts and sessions already reflect them.
  started = true;

  return {
    startLocationId: deps.startLocationId,
    async getLocation(id) {
      return state.locations.get(id);
    },
    state: () => state,
    sync: () => lock.run(sync),
    observe(event) {
      if (event.stream !== WORLD_STREAM || event.position <= state.position) return;
      // Checked again under the lock: this core's own change has usually applied it by then, costing no read.
      lock
        .run(async () => {
          if (event.position > state.position) await sync();
        })
        .catch((error: unknown) => deps.log.error("world sync failed", { error: describeError(error) }));
    },
    change: (plan) =>
      lock.run(async () => {
        await sync();
        const { events, value } = await plan(state);
        const stored = await deps.append(events);
        // Invariant: re-reading from the store (not applying `stored`) keeps another core's events that
        // committed between the sync and this append from being skipped.
        await sync();
        return { stored, value };
      }),
    checkpoint: () => lock.run(checkpoint),
  };
}
