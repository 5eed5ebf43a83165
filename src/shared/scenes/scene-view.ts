/**
 * Scenes as the gateway hands them to a structured client (docs/web-protocol.md: `scenes`, `sceneLog`): the one
 * shape the gateway sends and the browser reads. Times are milliseconds since the epoch.
 */

/** A scene's facts, without its log. */
export interface SceneView {
  readonly id: number;
  /** Empty when none was set. */
  readonly title: string;
  /** Empty when none was set. */
  readonly summary: string;
  readonly state: "active" | "paused" | "stopped";
  readonly private: boolean;
  /** The room's name when the scene started. */
  readonly location: string;
  /** Who started it. */
  readonly owner: string;
  /** Who takes part now, in join order. */
  readonly participants: readonly string[];
  /** Everyone who ever took part, in first-join order. */
  readonly cast: readonly string[];
  readonly warnings: readonly string[];
  readonly startedAt: number;
  /** Absent while the scene runs. */
  readonly stoppedAt?: number;
  /** Whether the asking character ever took part. */
  readonly tookPart: boolean;
}

/** One line of a scene's log. */
export interface SceneLineView {
  readonly at: number;
  readonly kind: "say" | "pose" | "emit";
  /** Said out of character. */
  readonly ooc: boolean;
  /** The author's name then; empty for an emit that names nobody. */
  readonly author: string;
  /** Empty when the line was redacted. */
  readonly text: string;
  /** A pose that runs on from the name ("Alice's hat falls."). */
  readonly semipose: boolean;
  /** Who redacted the line; absent when it was not. */
  readonly redactedBy?: string;
}

/** One page of a scene's log, with the scene. */
export interface SceneLogView {
  readonly scene: SceneView;
  /** This page, from 1. */
  readonly page: number;
  readonly pages: number;
  /** The number of this page's first line in the whole log, from 1. */
  readonly firstLine: number;
  readonly lines: readonly SceneLineView[];
}

/** What a structured client asks about scenes: the list, or one page of a log (page 0: the last). */
export type SceneRequest =
  | { readonly kind: "list" }
  | { readonly kind: "log"; readonly scene: number; readonly page: number };
