import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** A participant's last in-character line: its event's position and time. */
export interface LastLine {
  readonly position: number;
  readonly at: number;
}

/** One participant's place in the pose order. */
export interface PoseTurn {
  readonly id: string;
  readonly name: string;
  /** How many lines others wrote since this participant's last one; undefined when they have not posed. */
  readonly since: number | undefined;
}

/** The pose order, and the participants left out of it for being idle. */
export interface PoseOrder {
  readonly turns: readonly PoseTurn[];
  readonly idle: readonly { readonly id: string; readonly name: string }[];
}

/** What the order is computed from: who takes part, since when, and how long they may stay quiet. */
export type PoseScene = Pick<Scene, "participants" | "joinedAt" | "idleMinutes">;

/** Each author's last in-character line in a log; out-of-character lines take no turn. */
export function lastLines(entries: readonly SceneLogEntry[]): Map<string, LastLine> {
  const last = new Map<string, LastLine>();
  for (const e of entries) if (!e.ooc) last.set(e.authorId, { position: e.position, at: e.at });
  return last;
}

/**
 * The participants in order, next first: those who have not posed yet (in join order), then the others by their
 * last line, the longest ago first; one quiet (no line, nor a join) for longer than the scene's idle limit at
 * `now` is left out, into `idle`, until they pose again.
 */
function ordered(scene: PoseScene, last: ReadonlyMap<string, LastLine>, now: number) {
  const limit = scene.idleMinutes * 60_000;
  const active: [string, string][] = [];
  const idle: { id: string; name: string }[] = [];
  for (const [id, name] of scene.participants) {
    const seen = Math.max(last.get(id)?.at ?? 0, scene.joinedAt.get(id) ?? now);
    if (limit > 0 && now - seen > limit) idle.push({ id, name });
    else active.push([id, name]);
  }
  const unposed = active.filter(([id]) => !last.has(id));
  const posed = active
    .filter(([id]) => last.has(id))
    .sort(([a], [b]) => (last.get(a)?.position ?? 0) - (last.get(b)?.position ?? 0));
  return { order: [...unposed, ...posed], idle };
}

/** The pose order from a scene's log; `since` counts the in-character lines after each participant's last. */
export function poseOrder(scene: PoseScene, entries: readonly SceneLogEntry[], now: number): PoseOrder {
  const inCharacter = entries.filter((e) => !e.ooc);
  const last = lastLines(inCharacter);
  const index = new Map<number, number>(inCharacter.map((e, i) => [e.position, i]));
  const { order, idle } = ordered(scene, last, now);
  const turns = order.map(([id, name]) => {
    const at = last.get(id);
    const i = at === undefined ? undefined : index.get(at.position);
    return { id, name, since: i === undefined ? undefined : inCharacter.length - 1 - i };
  });
  return { turns, idle };
}

/** Whose turn it is, from each participant's last line; undefined when nobody is in the order. */
export function nextPoser(
  scene: PoseScene,
  last: ReadonlyMap<string, LastLine>,
  now: number,
): string | undefined {
  return ordered(scene, last, now).order[0]?.[0];
}
