import type { EventStore } from "#core/events/event-store.ts";
import { MAX_READ_LIMIT } from "#core/events/read-streams.ts";
import { sceneStream } from "./scene.ts";
import type { SceneProjection } from "./scene-projection.ts";

/** How many `scene:<n>` streams one read covers. */
const STREAMS_PER_READ = 100;

/** Speech on a private scene's stream changes nothing in the projection, so the rebuild skips it. */
const SPEECH = ["say", "pose", "emit", "ooc"];

/**
 * Folds every scene event into `projection`, reading the `scene:<n>` streams in groups of numbers from 1 (scene
 * numbers are given in order, so a group with no event ends the search). Reads only scene events, not the whole
 * store; returns how many it applied.
 */
export async function catchUpScenes(events: EventStore, projection: SceneProjection): Promise<number> {
  let applied = 0;
  for (let first = 1; ; first += STREAMS_PER_READ) {
    const cursors: Record<string, number> = {};
    for (let id = first; id < first + STREAMS_PER_READ; id++) cursors[sceneStream(id)] = 0;
    let read = 0;
    for (;;) {
      const batch = await events.readStreams(cursors, MAX_READ_LIMIT, { exceptTypes: SPEECH });
      for (const event of batch) projection.apply(event);
      read += batch.length;
      const last = batch.at(-1);
      if (!last || batch.length < MAX_READ_LIMIT) break;
      for (const stream of Object.keys(cursors)) cursors[stream] = last.position;
    }
    applied += read;
    if (read === 0) return applied;
  }
}
