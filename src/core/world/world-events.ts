/** What a described or renamed thing is. */
export type ThingKind = "location" | "exit" | "object" | "character";

/**
 * Payloads of the events on the `world` stream, by type. The world projection is a fold of these alone
 * (see applyWorldEvent); activity a room sees (leave, arrive, get, drop, give) goes to location streams.
 */
export interface WorldEventPayloads {
  location_created: { id: string; name: string; description: string };
  location_destroyed: { id: string };
  /** `to` is absent for an exit opened unlinked. */
  exit_opened: { id: string; location: string; name: string; aliases: string[]; to?: string };
  exit_linked: { id: string; to: string };
  exit_unlinked: { id: string };
  exit_destroyed: { id: string };
  described: { kind: ThingKind; id: string; description: string };
  renamed: { kind: ThingKind; id: string; name: string; aliases?: string[] };
  /** In a location, or held by a character. */
  object_created: { id: string; name: string; description: string; location?: string; holder?: string };
  object_moved: { id: string; location?: string; holder?: string };
  object_destroyed: { id: string };
  character_moved: { id: string; name: string; from: string; to: string };
  home_set: { kind: "character" | "object"; id: string; home: string };
}

/** A world event type. */
export type WorldEventType = keyof WorldEventPayloads;

/** Every world event type, for tests and the gateway's documentation. */
export const worldEventTypes: readonly WorldEventType[] = [
  "location_created",
  "location_destroyed",
  "exit_opened",
  "exit_linked",
  "exit_unlinked",
  "exit_destroyed",
  "described",
  "renamed",
  "object_created",
  "object_moved",
  "object_destroyed",
  "character_moved",
  "home_set",
];

/** A world event as commands build it, before ids and the clock are added. */
export type WorldChange = {
  [T in WorldEventType]: { readonly type: T; readonly payload: WorldEventPayloads[T] };
}[WorldEventType];
