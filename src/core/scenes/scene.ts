/** A scene's life: active (its speech is logged), paused (not logged), stopped (over for good). */
export type SceneState = "active" | "paused" | "stopped";

/** A scene as the projection holds it, rebuilt from its `scene:<n>` events. */
export interface Scene {
  readonly id: number;
  readonly title: string;
  readonly summary: string;
  /** Content warnings, in the order they were added. */
  readonly warnings: readonly string[];
  readonly locationId: string;
  /** The room's name when the scene started. */
  readonly locationName: string;
  readonly ownerId: string;
  readonly ownerName: string;
  readonly state: SceneState;
  readonly private: boolean;
  /** Participants now: id to name, in join order. */
  readonly participants: ReadonlyMap<string, string>;
  /** Everyone who ever joined, id to name, in first-join order (the log's cast). */
  readonly cast: ReadonlyMap<string, string>;
  readonly invited: ReadonlySet<string>;
  /** When each participant now in the scene last joined it (for the idle limit of one who has not posed). */
  readonly joinedAt: ReadonlyMap<string, number>;
  /** Redacted lines: the position of each line's event to the name of who redacted it. */
  readonly redactions: ReadonlyMap<number, string>;
  /** Whether the next poser is told once that it is their turn. */
  readonly nudge: boolean;
  /** Minutes a participant may stay quiet before leaving the pose order (not the scene); 0 for no limit. */
  readonly idleMinutes: number;
  readonly startedAt: number;
  readonly startPosition: number;
  /** Set once stopped. */
  readonly stoppedAt?: number;
  readonly stopPosition?: number;
}

const PREFIX = "scene:";

/** The stream of scene `id`: its own events and, while private, its speech. */
export function sceneStream(id: number): string {
  return `${PREFIX}${id}`;
}

/** The scene number of a `scene:<n>` stream, or undefined for any other stream. */
export function sceneIdOf(stream: string): number | undefined {
  if (!stream.startsWith(PREFIX)) return undefined;
  const id = Number(stream.slice(PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** The longest title, summary or content warning, in characters. */
export const MAX_SCENE_TEXT = 200;

/** The most content warnings one scene keeps. */
export const MAX_SCENE_WARNINGS = 10;

/** The idle limit a scene starts with, in minutes. */
export const DEFAULT_IDLE_MINUTES = 30;

/** The longest idle limit a scene may set, in minutes (a day). */
export const MAX_IDLE_MINUTES = 24 * 60;

/** Lines of a scene's log on one page of `scene log`. */
export const SCENE_LOG_PAGE = 20;
