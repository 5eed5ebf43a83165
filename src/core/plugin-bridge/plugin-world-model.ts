import type { Character } from "#core/accounts/account-store.ts";
import type { WorldState } from "#core/world/world-state.ts";
import type { PluginWorldCharacter, PluginWorldReads } from "./core-plugins.ts";

/** The plugins' synchronous world reads: the live world projection, plus who is connected. */
export interface PluginWorldModel extends PluginWorldReads {
  /** Re-reads who is connected (and remembers them); call when presence may have changed. */
  refresh(): Promise<void>;
  /** Looks up characters by these names in the account store, so offline ones are found by name. */
  learn(names: readonly string[]): Promise<void>;
}

/** What the model reads from. */
export interface PluginWorldModelDeps {
  /** The world projection now (WorldService.state()); read synchronously, never mutated here. */
  readonly state: () => WorldState;
  /** The characters with a live session now. */
  readonly presence: () => Promise<readonly Character[]>;
  /** Any character by name (any case), connected or not. */
  readonly findCharacter: (name: string) => Promise<Character | undefined>;
}

/** The most names one learn() looks up, and the longest name tried. */
const MAX_LEARN = 8;
const MAX_NAME = 32;

// Known limitation: a character who never moved (the world projection knows those that did) is found
// by name only once it was connected during this core's life or was named in a plugin command's
// arguments; the account store has no synchronous read, so the model remembers those it has seen.
/** Creates the model; call refresh() before the first read. */
export function createPluginWorldModel(deps: PluginWorldModelDeps): PluginWorldModel {
  /** Characters seen (online or looked up): id, name and the account's location. */
  const known = new Map<string, { id: string; name: string; locationId: string }>();
  let online = new Set<string>();

  const remember = (c: Character) => known.set(c.id, { id: c.id, name: c.name, locationId: c.locationId });
  // Invariant: the projection is the source of truth for a character that has moved; the account's
  // location only stands in for one that never did (it is still where it was created).
  const locationOf = (id: string): string | undefined =>
    deps.state().characters.get(id)?.location ?? known.get(id)?.locationId;
  const view = (id: string, name: string): PluginWorldCharacter => {
    const locationId = locationOf(id);
    return { id, name, ...(locationId === undefined ? {} : { locationId }), online: online.has(id) };
  };
  const nameOf = (id: string): string | undefined =>
    known.get(id)?.name ?? deps.state().characters.get(id)?.name;

  return {
    async refresh() {
      const characters = await deps.presence();
      for (const c of characters) remember(c);
      online = new Set(characters.map((c) => c.id));
    },
    async learn(names) {
      const wanted = [...new Set(names.map((n) => n.toLowerCase()))]
        .filter((n) => n.length > 0 && n.length <= MAX_NAME)
        .slice(0, MAX_LEARN);
      const found = await Promise.all(wanted.map((n) => deps.findCharacter(n)));
      for (const c of found) if (c) remember(c);
    },
    locationOf,
    location(id) {
      const l = deps.state().locations.get(id);
      return l ? { id: l.id, name: l.name, description: l.description } : undefined;
    },
    charactersIn(locationId) {
      // Only connected characters are "in" a room for plugins, as for `look`.
      const here: PluginWorldCharacter[] = [];
      for (const id of online) {
        const name = nameOf(id);
        if (name !== undefined && locationOf(id) === locationId) here.push(view(id, name));
      }
      return here;
    },
    attributes(kind, id) {
      const state = deps.state();
      switch (kind) {
        case "character":
          // A character the projection has not met yet (it never moved) has none, if it is known at all.
          return state.characters.get(id)?.attributes ?? (known.has(id) ? {} : undefined);
        case "location":
          return state.locations.get(id)?.attributes;
        case "exit":
          return state.exits.get(id)?.attributes;
        case "object":
          return state.objects.get(id)?.attributes;
        default:
          return undefined;
      }
    },
    characterByName(name) {
      const wanted = name.toLowerCase();
      for (const c of known.values()) if (c.name.toLowerCase() === wanted) return view(c.id, c.name);
      for (const c of deps.state().characters.values())
        if (c.name?.toLowerCase() === wanted) return view(c.id, c.name);
      return undefined;
    },
  };
}
