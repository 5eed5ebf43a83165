import type { SceneLogView, SceneView } from "#shared/scenes/scene-view.ts";

/**
 * What a client that takes structured output (the web client) is told besides lines of text. Telnet has no
 * such side: its connections leave `structured` out and get the same facts as text and prompts.
 */

/** One game event, as the player sees it, in position order. */
export interface ClientEvent {
  readonly position: number;
  readonly eventType: string;
  readonly stream: string;
  /** What the player sees (server markup); absent when there is nothing to show. */
  readonly markup?: string;
  /** The event's payload when it passed the event schema's check; absent otherwise. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** When the event was made (ms since the epoch), when known. */
  readonly time?: number;
  /** Set on a replayed event whose time the player wants shown (`timestamps`). */
  readonly stamped?: true;
}

/** Where a connection is, for the client's screen. */
export type ClientState =
  | { readonly state: "login" }
  | { readonly state: "playing"; readonly character: { readonly id: string; readonly name: string } };

/** What a client needs to resume its session later: the single-use token and the connection id it holds. */
export interface ClientSession {
  readonly session: string;
  readonly token: string;
  readonly client: string;
}

/** The structured side of a connection; every method only sends, none fails. */
export interface StructuredClient {
  /** The connection entered play (with its character) or went back to the login screen. */
  state(state: ClientState): void;
  /** The character menu is shown. */
  characters(names: readonly string[]): void;
  /** Resume credentials, each time the connection enters play or its session is resumed. */
  session(session: ClientSession): void;
  /** The command numbered `seq` was answered by the core. */
  done(seq: number): void;
  /** The command numbered `seq` was not taken (too many wait); the client sends it again later. */
  busy(seq: number, text: string): void;
  /** One event, live or inside a replay. */
  event(event: ClientEvent): void;
  /**
   * A replay of `count` events follows (`skipped` older ones were cut off by the bound; `presence` others'
   * arrivals and departures were left out).
   */
  missed(count: number, skipped: number, presence: number): void;
  /** The replay announced by `missed` is over; it covered the events up to `position`. */
  missedEnd(position: number): void;
  /** The scenes the character may read, answering a list request. */
  scenes(scenes: readonly SceneView[]): void;
  /** One page of a scene's log, answering a log request. */
  sceneLog(log: SceneLogView): void;
  /** A scene request was refused: the player's text for why (no such scene, private, not playing). */
  sceneRefused(text: string): void;
}
