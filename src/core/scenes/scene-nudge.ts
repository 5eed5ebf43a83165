import { type LastLine, lastLines, nextPoser } from "./pose-order.ts";
import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** Whom a line makes next, and how to keep it once the line is written. */
export interface NudgeTurn {
  /** The participant to tell now that it is their turn; undefined when nobody needs telling. */
  readonly nudge: string | undefined;
  /** Records the line at its stored `position` (and the nudge as sent); call only once both are written. */
  settle(position: number): void;
}

/** Tells the next poser of a scene, once, that it is their turn. */
export interface SceneNudges {
  /**
   * Before an in-character line by `authorId` at `at` is written in `scene`: whom to nudge with it. The first call
   * for a scene reads its log through `readLog`; later ones keep up from the lines settled.
   */
  turnAfter(scene: Scene, authorId: string, at: number): Promise<NudgeTurn>;
  /** Forgets a scene whose nudges were turned off or which stopped, so a later start reads its log afresh. */
  forget(id: number): void;
}

/**
 * Creates the nudges. Invariant: every in-character line of a nudging scene's participants passes through
 * `turnAfter` (they all go through the scene service's speech queue), so the last lines kept are exact. Known
 * limitation: who was last told lives in memory, so after a core restart the next poser may be told again.
 */
export function createSceneNudges(readLog: (scene: Scene) => Promise<SceneLogEntry[]>): SceneNudges {
  const last = new Map<number, Map<string, LastLine>>();
  const told = new Map<number, string>();
  return {
    async turnAfter(scene, authorId, at) {
      const lines = new Map(last.get(scene.id) ?? lastLines(await readLog(scene)));
      // The line is not written yet: it comes after every line read, whatever position it gets.
      lines.set(authorId, { position: Number.MAX_SAFE_INTEGER, at });
      const next = nextPoser(scene, lines, at);
      const nudge = next === undefined || next === authorId || told.get(scene.id) === next ? undefined : next;
      return {
        nudge,
        settle(position) {
          last.set(scene.id, lines.set(authorId, { position, at }));
          if (nudge !== undefined) told.set(scene.id, nudge);
        },
      };
    },
    forget(id) {
      last.delete(id);
      told.delete(id);
    },
  };
}
