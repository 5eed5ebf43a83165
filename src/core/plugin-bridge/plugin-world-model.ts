import type { Character } from "#core/accounts/account-store.ts";
import type { World } from "#core/engine/world.ts";
import type { PluginWorldCharacter, PluginWorldLocation, PluginWorldReads } from "./core-plugins.ts";

/** The plugins' synchronous world reads, over a snapshot the core refreshes when presence may change. */
export interface PluginWorldModel extends PluginWorldReads {
  /** Re-reads who is online and where, and caches their locations. */
  refresh(): Promise<void>;
}

/** What the model reads from. */
export interface PluginWorldModelDeps {
  readonly world: World;
  /** The characters with a live session now. */
  readonly presence: () => Promise<readonly Character[]>;
}

// Known limitation: characters are those online at the last refresh (a connect, disconnect, arrive or
// leave, or a plugin command); offline characters are not found by name. When the world projection
// lands, back this with it instead; the PluginWorldReads interface stays.
/** Creates the model; call refresh() before the first read. */
export function createPluginWorldModel(deps: PluginWorldModelDeps): PluginWorldModel {
  const locations = new Map<string, PluginWorldLocation>();
  let present: readonly PluginWorldCharacter[] = [];

  const cacheLocation = async (id: string) => {
    if (locations.has(id)) return;
    const l = await deps.world.getLocation(id);
    if (l) locations.set(id, { id: l.id, name: l.name, description: l.description });
  };

  return {
    async refresh() {
      const characters = await deps.presence();
      await Promise.all(
        [deps.world.startLocationId, ...new Set(characters.map((c) => c.locationId))].map(cacheLocation),
      );
      present = characters.map((c) => ({ id: c.id, name: c.name, locationId: c.locationId }));
    },
    locationOf: (characterId) => present.find((c) => c.id === characterId)?.locationId,
    location: (id) => locations.get(id),
    charactersIn: (locationId) => present.filter((c) => c.locationId === locationId),
    characterByName(name) {
      const wanted = name.toLowerCase();
      return present.find((c) => c.name.toLowerCase() === wanted);
    },
  };
}
