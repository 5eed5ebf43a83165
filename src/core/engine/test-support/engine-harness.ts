import type { Role } from "#core/accounts/account-rules.ts";
import type { Character } from "#core/accounts/account-store.ts";
import type { StoredEvent } from "#core/events/event.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { openPermissions } from "#core/policy/open-permissions.ts";
import { createCharacterActivity } from "#core/sessions/character-activity.ts";
import { createMemoryWorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";
import { seedWorld } from "#core/world/world-seed.ts";
import { type CharacterMove, openWorldService } from "#core/world/world-service.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import type { EngineResult } from "../command.ts";
import type { EngineDeps } from "../engine.ts";
import { createEngine } from "../engine.ts";

/** A character for engine tests, in the Lobby. */
export const testCharacter = (id: string, name: string): Character => ({
  id,
  playerId: `P${id}`,
  name,
  locationId: "lobby",
  createdAt: 1,
});

/** A result whose output lines compare with plain strings (in these tests no line holds markup). */
export interface ReadResult extends Omit<EngineResult, "output"> {
  readonly output: readonly string[];
}

/**
 * An engine over a memory event store and a seeded world, for tests: `present` is who is connected,
 * kept where the world says they are; `as` builds a command context.
 */
export async function engineHarness(
  present: Character[],
  more: Partial<EngineDeps> = {},
  options: { readonly pluginNamespaces?: ReadonlySet<string> } = {},
) {
  const log = collectingLogger().logger;
  const events = createMemoryEventStore({ log });
  const metrics = createMetricsRegistry();
  const clock = manualClock();
  const append = createEventAppender(events, metrics);
  const moves: CharacterMove[] = [];
  const people = new Map(present.map((c) => [c.id, { ...c }]));
  const world = await openWorldService({
    events,
    append,
    checkpoints: createMemoryWorldCheckpointStore(),
    log,
    startLocationId: "lobby",
    onCharacterMoved: async (move) => {
      moves.push(move);
      const c = people.get(move.id);
      if (c) people.set(c.id, { ...c, locationId: move.to });
    },
  });
  await seedWorld(world, clock);
  const permissions = await openPermissions({
    events,
    append,
    world: () => world.state(),
    characterOf: async (id) => {
      const c = people.get(id);
      return c ? { id, role: "player", createdAt: c.createdAt } : undefined;
    },
    admin: async () => "admin",
    clock,
    log,
    ...(options.pluginNamespaces ? { pluginNamespaces: () => options.pluginNamespaces ?? new Set() } : {}),
  });
  const engine = createEngine({
    permissions,
    append,
    world,
    presence: async () => [...people.values()],
    findCharacter: async (name) =>
      [...people.values()].find((c) => c.name.toLowerCase() === name.toLowerCase()),
    characterById: async (id) => people.get(id),
    clock,
    metrics,
    activity: createCharacterActivity({ events, clock }),
    ...more,
  });
  const ids = sequentialIds("E");
  const as = (character: Character, role: Role = "player") => ({
    character: people.get(character.id) ?? character,
    role,
    newId: ids,
  });
  const run = (character: Character, line: string, role: Role = "player"): Promise<ReadResult> =>
    engine.execute(as(character, role), line);
  return { events, engine, metrics, world, moves, people, permissions, as, run };
}

/** The type and payload of each event: what a test asserts on (rendering them is the gateway's part). */
export const typeAndPayload = (events: readonly StoredEvent[]) =>
  events.map((e) => ({ type: e.type, payload: e.payload }));
