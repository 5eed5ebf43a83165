/** A place characters can be; its activity is the stream `location:<id>`. */
export interface Location {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** The game world, as far as issue 3 needs it; issue 5 extends it with exits and building. */
export interface World {
  /** The location with this id, or undefined. */
  getLocation(id: string): Promise<Location | undefined>;
  /** Where new characters start. */
  readonly startLocationId: string;
}

/** The starting location of a fresh game. */
export const LOBBY: Location = {
  id: "lobby",
  name: "The Lobby",
  description:
    "A quiet, high-ceilinged hall with worn armchairs and a crackling fire. New arrivals find their feet here.",
};

/** Creates a fixed world of the given locations, the first being the start. */
export function createStaticWorld(locations: readonly Location[] = [LOBBY]): World {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const start = locations[0];
  if (!start) throw new Error("A world needs at least one location.");
  return {
    getLocation: async (id) => byId.get(id),
    startLocationId: start.id,
  };
}
