import type { Actor, StoredEvent } from "#core/events/event.ts";
import { isAttributeName } from "./attribute-rules.ts";
import type { WorldChange, WorldEventPayloads } from "./world-events.ts";

/**
 * What every owned thing records. `owner` is the character that owns it: the creator named by its event, else
 * the character that wrote that event; undefined for a thing the system made (the seed), which the admin owns.
 * `flags` are words policies can read (`flag here = private`), sorted. `attributes` are set with `&NAME` and
 * `@set`, by upper-case name.
 */
export interface Owned {
  owner: string | undefined;
  flags: string[];
  attributes: Attributes;
  /** When its creation event was written (ms since the epoch); absent in states from before it was kept. */
  created?: number;
}

/** Attributes by upper-case name (attribute-rules.ts); only valid names are ever keys. */
export type Attributes = Record<string, string>;

/** A place. */
export interface LocationState extends Owned {
  id: string;
  name: string;
  description: string;
}

/** A way out of a location; `to` undefined when unlinked. */
export interface ExitState extends Owned {
  id: string;
  location: string;
  name: string;
  aliases: string[];
  to: string | undefined;
  description: string;
}

/** A thing, in a location or held by a character. */
export interface ObjectState extends Owned {
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
  /** Flags policies can read (`flag Alice = member`), sorted. */
  flags: string[];
  attributes: Attributes;
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
    c = {
      id,
      name: undefined,
      location: undefined,
      home: undefined,
      description: undefined,
      flags: [],
      attributes: {},
    };
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
  applyChange(
    state,
    { type: event.type, payload: event.payload } as WorldChange,
    event.actor,
    event.timestamp,
  );
}

/** The owner of a thing a creation event made: the one it names, else the character that wrote it. */
const creator = (payload: { owner?: string }, actor: Actor): string | undefined =>
  payload.owner ?? (actor.kind === "character" ? actor.id : undefined);

function applyChange(s: WorldState, change: WorldChange, actor: Actor, created: number): void {
  switch (change.type) {
    case "location_created": {
      const { id, name, description } = change.payload;
      s.locations.set(id, {
        id,
        name,
        description,
        owner: creator(change.payload, actor),
        flags: [],
        attributes: {},
        created,
      });
      return;
    }
    case "location_destroyed":
      destroyLocation(s, change.payload);
      return;
    case "exit_opened": {
      const p = change.payload;
      const { owner: _owner, ...rest } = p;
      s.exits.set(p.id, {
        ...rest,
        aliases: [...p.aliases],
        to: p.to,
        description: "",
        owner: creator(p, actor),
        flags: [],
        attributes: {},
        created,
      });
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
      const { owner: _owner, ...rest } = p;
      s.objects.set(p.id, {
        ...rest,
        location: p.location,
        holder: p.holder,
        home: p.location,
        owner: creator(p, actor),
        flags: [],
        attributes: {},
        created,
      });
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
    case "owner_changed": {
      const target = thing(s, change.payload.kind, change.payload.id);
      if (target && "owner" in target) target.owner = change.payload.owner;
      return;
    }
    case "flag_set":
    case "flag_cleared": {
      const target = thing(s, change.payload.kind, change.payload.id);
      if (!target) return;
      const others = target.flags.filter((f) => f !== change.payload.flag);
      target.flags = change.type === "flag_set" ? [...others, change.payload.flag].sort() : others;
      return;
    }
    case "attribute_set":
    case "attribute_cleared": {
      const { kind, id, name } = change.payload;
      const target = thing(s, kind, id);
      // Invariant: only valid upper-case names become keys, so no event can reach an object's prototype.
      if (!target || !isAttributeName(name)) return;
      if (change.type === "attribute_set") target.attributes[name] = change.payload.value;
      else delete target.attributes[name];
      return;
    }
    default:
      return;
  }
}

/** The thing of `kind` with `id`; a character is made on first mention, as moves do. */
function thing(
  s: WorldState,
  kind: "location" | "exit" | "object" | "character",
  id: string,
): LocationState | ExitState | ObjectState | CharacterState | undefined {
  if (kind === "location") return s.locations.get(id);
  if (kind === "exit") return s.exits.get(id);
  if (kind === "object") return s.objects.get(id);
  return character(s, id);
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
  const target = thing(s, kind, id);
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
  const sorted = <T extends { id: string; attributes: Attributes }>(m: Map<string, T>) =>
    [...m.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((v) => ({ ...v, attributes: { ...v.attributes } }));
  return {
    format: WORLD_SNAPSHOT_FORMAT,
    position: s.position,
    locations: sorted(s.locations),
    exits: sorted(s.exits),
    objects: sorted(s.objects),
    characters: sorted(s.characters),
  };
}

/**
 * The shape of a checkpoint this code writes. A checkpoint of another shape (one from before owners and flags
 * had no `format`, format 2 no attributes) is ignored at load and the world is rebuilt from its events, which is the migration.
 */
export const WORLD_SNAPSHOT_FORMAT = 3;

/** A WorldState as JSON. */
export interface WorldSnapshot {
  readonly format?: number;
  readonly position: number;
  readonly locations: LocationState[];
  readonly exits: ExitState[];
  readonly objects: ObjectState[];
  readonly characters: CharacterState[];
}

/** Restores a state from a snapshot. */
export function fromSnapshot(snapshot: WorldSnapshot): WorldState {
  const byId = <T extends { id: string; attributes: Attributes }>(list: readonly T[]) =>
    new Map(list.map((v) => [v.id, { ...v, attributes: { ...v.attributes } }]));
  return {
    position: snapshot.position,
    locations: byId(snapshot.locations),
    exits: byId(snapshot.exits),
    objects: byId(snapshot.objects),
    characters: byId(snapshot.characters),
  };
}
