import type { Role } from "#core/accounts/account-rules.ts";
import { pluginNamespaceOf } from "#core/world/attribute-rules.ts";
import type { Attributes, WorldState } from "#core/world/world-state.ts";
import type { EntityRef, PolicyEntity } from "./policy-engine.ts";

/** What a decision is about: the game, a thing of the world, a character, a channel or a plugin. */
export type PolicyResource =
  | { readonly kind: "game" }
  | { readonly kind: "location" | "exit" | "object" | "character"; readonly id: string }
  | { readonly kind: "plugin"; readonly name: string }
  /** A channel by display name, with its owner and appointed moderators when the decision is about them. */
  | {
      readonly kind: "channel";
      readonly name: string;
      readonly ownerId?: string | undefined;
      readonly moderatorIds?: readonly string[];
    }
  /** An entity its own module builds (a scene: scene-permissions.ts), with nothing else in its slice. */
  | { readonly kind: "entity"; readonly entity: PolicyEntity };

/** A character as a principal: who it is, its role, and when it was made. */
export interface PolicyPrincipal {
  readonly id: string;
  readonly role: Role;
  readonly createdAt: number;
  /** Where it is now, when known. */
  readonly locationId?: string;
}

const DAY_MS = 86_400_000;

/** The one Game entity. */
export const GAME: EntityRef = { type: "Game", id: "game" };

const ref = (type: EntityRef["type"], id: string): EntityRef => ({ type, id });

/** A character's entity, with the flags the world gives it. */
export function characterEntity(state: WorldState, who: PolicyPrincipal, now: number): PolicyEntity {
  const location = state.characters.get(who.id)?.location ?? who.locationId;
  return {
    uid: ref("Character", who.id),
    attrs: {
      role: who.role,
      flags: state.characters.get(who.id)?.flags ?? [],
      ageDays: Math.max(0, Math.floor((now - who.createdAt) / DAY_MS)),
      ...(location !== undefined && state.locations.has(location) ? { location: ref("Room", location) } : {}),
    },
  };
}

/** A room's entity; a room with no owning character belongs to `admin`. */
export function roomEntity(state: WorldState, id: string, admin: string): PolicyEntity | undefined {
  const room = state.locations.get(id);
  if (!room) return undefined;
  return { uid: ref("Room", id), attrs: { owner: ref("Character", room.owner ?? admin), flags: room.flags } };
}

/**
 * The entities a decision on `resource` may read, the resource first: an exit brings its destination room
 * (policies on going through read its flags); nothing else, to keep the slice small.
 */
export function resourceEntities(
  state: WorldState,
  resource: Exclude<PolicyResource, { kind: "game" | "character" | "entity" }>,
  admin: string,
): PolicyEntity[] {
  switch (resource.kind) {
    case "location": {
      const room = roomEntity(state, resource.id, admin);
      return room ? [room] : [];
    }
    case "exit": {
      const exit = state.exits.get(resource.id);
      if (!exit) return [];
      const to = exit.to === undefined ? undefined : roomEntity(state, exit.to, admin);
      const attrs = {
        owner: ref("Character", exit.owner ?? admin),
        flags: exit.flags,
        location: ref("Room", exit.location),
        ...(to ? { destination: to.uid } : {}),
      };
      return [{ uid: ref("Exit", exit.id), attrs }, ...(to ? [to] : [])];
    }
    case "object": {
      const thing = state.objects.get(resource.id);
      if (!thing) return [];
      const attrs = {
        owner: ref("Character", thing.owner ?? admin),
        flags: thing.flags,
        ...(thing.location === undefined ? {} : { location: ref("Room", thing.location) }),
        ...(thing.holder === undefined ? {} : { holder: ref("Character", thing.holder) }),
      };
      return [{ uid: ref("Thing", thing.id), attrs }];
    }
    case "channel": {
      const { name, ownerId, moderatorIds } = resource;
      const attrs = {
        name,
        ...(ownerId === undefined ? {} : { owner: ref("Character", ownerId) }),
        ...(moderatorIds === undefined ? {} : { moderators: moderatorIds.map((id) => ref("Character", id)) }),
      };
      return [{ uid: ref("Channel", name), attrs }];
    }
    case "plugin":
      return [{ uid: ref("Plugin", resource.name), attrs: { name: resource.name } }];
    default:
      // Characters are principals' kin: permissions.ts builds them with their roles.
      return [];
  }
}

/** The world's attributes of an entity a policy may read tags on; undefined for the other kinds. */
function attributesOfEntity(state: WorldState, uid: EntityRef): Attributes | undefined {
  switch (uid.type) {
    case "Character":
      return state.characters.get(uid.id)?.attributes;
    case "Room":
      return state.locations.get(uid.id)?.attributes;
    case "Exit":
      return state.exits.get(uid.id)?.attributes;
    case "Thing":
      return state.objects.get(uid.id)?.attributes;
    default:
      return undefined;
  }
}

/**
 * The entity with its plugin attributes as Cedar tags: those in the namespace of a loaded plugin
 * (`DICE.LASTROLL` while `dice` is loaded). Other attributes stay out, so a player's `&X.Y` is never a tag,
 * and the slice (and the cache key) stays small.
 */
export function withPluginTags(
  state: WorldState,
  entity: PolicyEntity,
  namespaces: ReadonlySet<string>,
): PolicyEntity {
  if (namespaces.size === 0) return entity;
  const attributes = attributesOfEntity(state, entity.uid);
  if (attributes === undefined) return entity;
  let tags: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(attributes)) {
    if (pluginNamespaceOf(name, namespaces) === undefined) continue;
    tags ??= {};
    tags[name] = value;
  }
  return tags === undefined ? entity : { ...entity, tags };
}
