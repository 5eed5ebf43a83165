import { type NewEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { WorldChange } from "./world-events.ts";
import type { WorldService } from "./world-service.ts";

/** The starting area's location ids; "lobby" is where new characters start. */
export const SEED_LOCATIONS = { lobby: "lobby", garden: "garden", library: "library" } as const;

const seedChanges: readonly WorldChange[] = [
  {
    type: "location_created",
    payload: {
      id: "lobby",
      name: "The Lobby",
      description:
        "A quiet, high-ceilinged hall with worn armchairs and a crackling fire. New arrivals find their feet here.",
    },
  },
  {
    type: "location_created",
    payload: {
      id: "garden",
      name: "The Garden",
      description:
        "Gravel paths wind between rosebushes and a mossy fountain. The Lobby's door stands to the north.",
    },
  },
  {
    type: "location_created",
    payload: {
      id: "library",
      name: "The Library",
      description: "Shelves climb into the dark above, and a reading lamp glows on a long oak table.",
    },
  },
  exit("lobby-garden", "lobby", "Garden", ["g", "s", "south"], "garden"),
  exit("garden-lobby", "garden", "Lobby", ["l", "n", "north", "out"], "lobby"),
  exit("lobby-library", "lobby", "Library", ["lib", "e", "east"], "library"),
  exit("library-lobby", "library", "Lobby", ["w", "west", "out"], "lobby"),
];

function exit(id: string, location: string, name: string, aliases: string[], to: string): WorldChange {
  return { type: "exit_opened", payload: { id: `seed-${id}`, location, name, aliases, to } };
}

/**
 * Seeds a fresh game's starting area (a Lobby with exits to a Garden and a Library, both ways) as
 * `world` events. Idempotent: nothing is appended when the world has any location, and the events have
 * fixed ids, so two cores seeding at once store them once.
 */
export async function seedWorld(world: WorldService, clock: Clock): Promise<number> {
  const { stored } = await world.change((state) => {
    if (state.locations.size > 0) return { events: [], value: undefined };
    const events: NewEvent[] = seedChanges.map((change, i) => ({
      id: `seed-world-${i}`,
      stream: WORLD_STREAM,
      type: change.type,
      timestamp: clock.now(),
      actor: { kind: "system", id: "seed" },
      payload: change.payload,
    }));
    return { events, value: undefined };
  });
  return stored.length;
}
