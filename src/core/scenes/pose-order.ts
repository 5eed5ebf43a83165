import type { SceneLogEntry } from "./scene-log.ts";

/** One participant's place in the pose order. */
export interface PoseTurn {
  readonly id: string;
  readonly name: string;
  /** How many lines others wrote since this participant's last one; undefined when they have not posed. */
  readonly since: number | undefined;
}

/**
 * Who poses next: the participants who have not posed yet (in join order), then the others by their last line,
 * the longest ago first. Anyone's line counts, so `since` says how long each has waited.
 */
export function poseOrder(
  participants: ReadonlyMap<string, string>,
  entries: readonly SceneLogEntry[],
): PoseTurn[] {
  const last = new Map<string, number>();
  entries.forEach((e, i) => {
    last.set(e.authorId, i);
  });
  const turns = [...participants].map(([id, name]) => {
    const at = last.get(id);
    return { id, name, at, since: at === undefined ? undefined : entries.length - 1 - at };
  });
  const unposed = turns.filter((t) => t.at === undefined);
  const posed = turns.filter((t) => t.at !== undefined).sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  return [...unposed, ...posed].map(({ id, name, since }) => ({ id, name, since }));
}
