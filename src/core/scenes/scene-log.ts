import { locationStream, type StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { MAX_READ_LIMIT } from "#core/events/read-streams.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import { type Scene, type SceneState, sceneStream } from "./scene.ts";

/** One line of a scene's log: a say, pose or emit (in character or not), with its author and time. */
export interface SceneLogEntry {
  readonly position: number;
  readonly at: number;
  readonly kind: "say" | "pose" | "emit";
  /** Said out of character (`ooc`): marked in exports, or left out on request, and no one's turn in the order. */
  readonly ooc: boolean;
  /** Who redacted the line, when it was: its text is then shown as `[redacted by <name>]`. */
  readonly redactedBy?: string;
  readonly authorId: string;
  /** The author's name then ("" for an emit that names nobody). */
  readonly name: string;
  readonly text: string;
  readonly semipose: boolean;
}

/** The most events one log reads (its scene's and its room's during it); past it the log is refused. */
export const MAX_LOG_SCAN = 100_000;

const spoken = new Set(["say", "pose", "emit", "ooc"]);

function entryOf(event: StoredEvent, redactions: ReadonlyMap<number, string>): SceneLogEntry {
  const p = event.payload as Partial<EventPayloads["ooc"]> & { text: string };
  const ooc = event.type === "ooc";
  const kind = ooc ? (p.pose === true || p.semipose === true ? "pose" : "say") : event.type;
  const redactedBy = redactions.get(event.position);
  return {
    position: event.position,
    at: event.timestamp,
    kind: kind as SceneLogEntry["kind"],
    ooc,
    ...(redactedBy === undefined ? {} : { redactedBy }),
    authorId: event.actor.id,
    name: p.name ?? "",
    text: p.text,
    semipose: p.semipose === true,
  };
}

/**
 * The log of scene `scene` from its events and its room's, merged in position order: speech on the scene's
 * stream while it was active (private speech), and speech in its room while it was active and open. Paused
 * stretches and anything before the start or after the stop are left out. Redacted lines keep their place, with
 * `redactedBy` set: the original event is never removed from the store.
 */
export function sceneLogEntries(scene: Scene, events: readonly StoredEvent[]): SceneLogEntry[] {
  const own = sceneStream(scene.id);
  const room = locationStream(scene.locationId);
  let state: SceneState | "unstarted" = "unstarted";
  let isPrivate = false;
  const entries: SceneLogEntry[] = [];
  for (const event of events) {
    if (event.stream === own) {
      if (event.type === "scene.start") state = "active";
      else if (event.type === "scene.state") state = (event.payload as EventPayloads["scene.state"]).state;
      else if (event.type === "scene.privacy")
        isPrivate = (event.payload as EventPayloads["scene.privacy"]).private;
      else if (spoken.has(event.type) && state === "active") entries.push(entryOf(event, scene.redactions));
    } else if (event.stream === room && spoken.has(event.type) && state === "active" && !isPrivate) {
      entries.push(entryOf(event, scene.redactions));
    }
  }
  return entries;
}

/** Reads what scene's log is built from: its own stream, and its room's from its start to its stop. */
export async function readSceneEvents(events: EventStore, scene: Scene): Promise<StoredEvent[]> {
  const own = sceneStream(scene.id);
  const room = locationStream(scene.locationId);
  const cursors: Record<string, number> = { [own]: 0, [room]: scene.startPosition - 1 };
  const upTo = scene.stopPosition ?? (await events.lastPosition());
  const read: StoredEvent[] = [];
  for (;;) {
    const batch = await events.readStreams(cursors, MAX_READ_LIMIT, { upTo });
    read.push(...batch);
    if (read.length > MAX_LOG_SCAN)
      throw new HoloError("resource_exhausted", `Scene ${scene.id} is too long to read here.`);
    const last = batch.at(-1);
    if (!last || batch.length < MAX_READ_LIMIT) return read;
    cursors[own] = last.position;
    cursors[room] = last.position;
  }
}
