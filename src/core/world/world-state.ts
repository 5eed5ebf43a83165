import type { StoredEvent } from "#core/events/event.ts";
import type { WorldChange, WorldEventPayloads } from "./world-events.ts";

/** A place. */
export interface LocationState {
  id: string;
  name: string;
  description: string;
}

/** A way out of a location; `to` undefined when unlinked. */
export interface ExitState {
  id: string;
  location: string;
  name: string;
  aliases: string[];
  to: string | undefined;
  description: string;
}

/** A thing, in a location or held by a character. */
export interface ObjectState {
  id: string;
  name: string;
  description: string;
  location: string | undefined;
  holder: string | undefined;
  home: string | undefined;
}

/** What the world knows of a character beyond its account: where it is, its home, its description. */
export interface CharacterState {
  id: string;
  /** The name at its last move; undefined until it first moves. */
  name: string | undefined;
  location: string | undefined;
  home: string | undefined;
  description: string | undefined;
}

/** The world projection: a fold of the `world` stream up to `position`. */
export interface WorldState {
  position: number;
  readonly locations: Map<string, LocationState>;
  readonly exits: Map<string, ExitState>;
  readonly objects: Map<string, ObjectState>;
  readonly characters: Map<string, CharacterState>;
}

/** The state before any event. */
export function emptyWorldState(): WorldState {
  return { position: 0, locations: new Map(), exits: new Map(), objects: new Map(), characters: new Map() };
}

const character = (s: WorldState, id: string): CharacterState => {
  let c = s.characters.get(id);
  if (!c) {
    c = { id, name: undefined, location: undefined, home: undefined, description: undefined };
    s.characters.set(id, c);
  }
  return c;
};

/**
 * Applies one world event in place. Idempotent by position: events at or before `state.position` are
 * ignored. Unknown types and events naming missing things change nothing, so a fold never throws.
 */
export function applyWorldEvent(state: WorldState, event: StoredEvent): void {
  if (event.position <= state.position) return;
  state.position = event.position;
  applyChange(state, { type: event.type, payload: event.payload } as WorldChange);
}

function applyChange(s: WorldState, change: WorldChange): void {
  switch (change.type) {
    case "location_created": {
      const { id, name, description } = change.payload;
      s.locations.set(id, { id, name, description });
      return;
    }
    case "location_destroyed":
      destroyLocation(s, change.payload);
      return;
    case "exit_opened": {
      const p = change.payload;
      s.exits.set(p.id, { ...p, aliases: [...p.aliases], to: p.to, description: "" });
      return;
    }
    case "exit_linked":
    case "exit_unlinked": {
      const exit = s.exits.get(change.payload.id);
      if (exit) exit.to = change.type === "exit_linked" ? change.payload.to : undefined;
      return;
    }
    case "exit_destroyed":
      s.exits.delete(change.payload.id);
      return;
    case "described":
    case "renamed":
      describeOrRename(s, change);
      return;
    case "object_created": {
      const p = change.payload;
      s.objects.set(p.id, { ...p, location: p.location, holder: p.holder, home: p.location });
      return;
    }
    case "object_moved": {
      const o = s.objects.get(change.payload.id);
      if (o) Object.assign(o, { location: change.payload.location, holder: change.payload.holder });
      return;
    }
    case "object_destroyed":
      s.objects.delete(change.payload.id);
      return;
    case "character_moved":
      Object.assign(character(s, change.payload.id), {
        location: change.payload.to,
        name: change.payload.name,
      });
      return;
    case "home_set": {
      const { kind, id, home } = change.payload;
      if (kind === "character") character(s, id).home = home;
      else {
        const o = s.objects.get(id);
        if (o) o.home = home;
      }
      return;
    }
    default:
      return;
  }
}

function destroyLocation(s: WorldState, { id }: WorldEventPayloads["location_destroyed"]): void {
  s.locations.delete(id);
  for (const [exitId, exit] of s.exits) {
    if (exit.location === id) s.exits.delete(exitId);
    else if (exit.to === id) exit.to = undefined;
  }
}

function describeOrRename(
  s: WorldState,
  change: Extract<WorldChange, { type: "described" | "renamed" }>,
): void {
  const { kind, id } = change.payload;
  const target =
    kind === "location"
      ? s.locations.get(id)
      : kind === "exit"
        ? s.exits.get(id)
        : kind === "object"
          ? s.objects.get(id)
          : character(s, id);
  if (!target) return;
  if (change.type === "described") target.description = change.payload.description;
  else if (kind !== "character") {
    Object.assign(target, { name: change.payload.name });
    const aliases = change.payload.aliases;
    if (kind === "exit" && aliases) (target as ExitState).aliases = [...aliases];
  }
}

/** The state as plain sorted JSON, for checkpoints and for comparing two projections. */
export function worldSnapshot(s: WorldState): WorldSnapshot {
  const sorted = <T extends { id: string }>(m: Map<string, T>) =>
    [...m.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((v) => ({ ...v }));
  return {
    position: s.position,
    locations: sorted(s.locations),
    exits: sorted(s.exits),
    objects: sorted(s.objects),
    characters: sorted(s.characters),
  };
}

/** A WorldState as JSON. */
export interface WorldSnapshot {
  readonly position: number;
  readonly locations: LocationState[];
  readonly exits: ExitState[];
  readonly objects: ObjectState[];
  readonly characters: CharacterState[];
}

/** Restores a state from a snapshot. */
export function fromSnapshot(snapshot: WorldSnapshot): WorldState {
  const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((v) => [v.id, { ...v }]));
  return {
    position: snapshot.position,
    locations: byId(snapshot.locations),
    exits: byId(snapshot.exits),
    objects: byId(snapshot.objects),
    characters: byId(snapshot.characters),
  };
}
