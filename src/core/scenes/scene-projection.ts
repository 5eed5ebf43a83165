import type { StoredEvent } from "#core/events/event.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import { DEFAULT_IDLE_MINUTES, type Scene, sceneIdOf } from "./scene.ts";

/** The scenes as folded from their events; every read is from memory. */
export interface SceneProjection {
  /** Folds one event in; events of other streams, and ones already applied, change nothing. */
  apply(event: StoredEvent): void;
  get(id: number): Scene | undefined;
  /** Every scene, newest first. */
  list(): Scene[];
  /** The scene not yet stopped in a location, if any (at most one: starting a second is refused). */
  liveIn(locationId: string): Scene | undefined;
  /** The scene not yet stopped that a character takes part in, if any (at most one). */
  liveOf(characterId: string): Scene | undefined;
  /** The highest scene number used; 0 when none. */
  lastId(): number;
}

type P<T extends keyof EventPayloads> = EventPayloads[T];

const without = <K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> => {
  const next = new Map(map);
  next.delete(key);
  return next;
};

/** The scene after one of its events; the payload was checked against the schema when it was written. */
function next(scene: Scene, event: StoredEvent): Scene {
  switch (event.type) {
    case "scene.join": {
      const p = event.payload as P<"scene.join">;
      const cast = scene.cast.has(p.characterId)
        ? scene.cast
        : new Map(scene.cast).set(p.characterId, p.name);
      return {
        ...scene,
        participants: new Map(scene.participants).set(p.characterId, p.name),
        cast,
        joinedAt: new Map(scene.joinedAt).set(p.characterId, event.timestamp),
      };
    }
    case "scene.leave": {
      const id = (event.payload as P<"scene.leave">).characterId;
      return {
        ...scene,
        participants: without(scene.participants, id),
        joinedAt: without(scene.joinedAt, id),
      };
    }
    case "scene.redact": {
      const p = event.payload as P<"scene.redact">;
      return { ...scene, redactions: new Map(scene.redactions).set(p.position, p.name) };
    }
    case "scene.nudge":
      return { ...scene, nudge: (event.payload as P<"scene.nudge">).nudge };
    case "scene.idle":
      return { ...scene, idleMinutes: (event.payload as P<"scene.idle">).minutes };
    case "scene.invite":
      return {
        ...scene,
        invited: new Set(scene.invited).add((event.payload as P<"scene.invite">).characterId),
      };
    case "scene.set": {
      const p = event.payload as P<"scene.set">;
      if (p.field === "warning") return { ...scene, warnings: [...scene.warnings, p.text] };
      return p.field === "title" ? { ...scene, title: p.text } : { ...scene, summary: p.text };
    }
    case "scene.privacy":
      return { ...scene, private: (event.payload as P<"scene.privacy">).private };
    case "scene.state": {
      const state = (event.payload as P<"scene.state">).state;
      if (state !== "stopped") return { ...scene, state };
      return { ...scene, state, stoppedAt: event.timestamp, stopPosition: event.position };
    }
    default:
      return scene;
  }
}

function started(id: number, event: StoredEvent): Scene {
  const p = event.payload as P<"scene.start">;
  const starter = new Map([[p.characterId, p.name]]);
  return {
    id,
    title: p.title,
    summary: "",
    warnings: [],
    locationId: p.location,
    locationName: p.locationName,
    ownerId: p.characterId,
    ownerName: p.name,
    state: "active",
    private: false,
    participants: starter,
    cast: starter,
    invited: new Set(),
    joinedAt: new Map([[p.characterId, event.timestamp]]),
    redactions: new Map(),
    nudge: false,
    idleMinutes: DEFAULT_IDLE_MINUTES,
    startedAt: event.timestamp,
    startPosition: event.position,
  };
}

/** Creates an empty projection; feed it every `scene:` event in position order to rebuild it. */
export function createSceneProjection(): SceneProjection {
  const scenes = new Map<number, Scene>();
  const applied = new Map<number, number>();
  let last = 0;
  // Invariant: holds exactly the scenes not stopped, so room speech looks through the few running ones only.
  const running = new Map<number, Scene>();
  const put = (scene: Scene) => {
    scenes.set(scene.id, scene);
    if (scene.state === "stopped") running.delete(scene.id);
    else running.set(scene.id, scene);
  };
  const live = () => running.values();
  return {
    apply(event) {
      const id = sceneIdOf(event.stream);
      if (id === undefined || (applied.get(id) ?? 0) >= event.position) return;
      applied.set(id, event.position);
      const scene = scenes.get(id);
      if (event.type === "scene.start") {
        if (!scene) put(started(id, event));
        last = Math.max(last, id);
        return;
      }
      if (scene) put(next(scene, event));
    },
    get: (id) => scenes.get(id),
    list: () => [...scenes.values()].sort((a, b) => b.id - a.id),
    liveIn: (locationId) => live().find((s) => s.locationId === locationId),
    liveOf: (characterId) => live().find((s) => s.participants.has(characterId)),
    lastId: () => last,
  };
}
