import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import { createEngine } from "#core/engine/engine.ts";
import { WORLD_STREAM } from "#core/events/event.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { openPermissions } from "#core/policy/open-permissions.ts";
import { createCharacterActivity } from "#core/sessions/character-activity.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import type { WorldCheckpointStore } from "./world-checkpoint-store.ts";
import { seedWorld } from "./world-seed.ts";
import { openWorldService } from "./world-service.ts";
import { applyWorldEvent, emptyWorldState, worldSnapshot } from "./world-state.ts";

/** A store pair under test. */
export interface WorldStores {
  readonly events: EventStore;
  readonly checkpoints: WorldCheckpointStore;
}

const alice: Character = { id: "CA", playerId: "PA", name: "Alice", locationId: "lobby", createdAt: 1 };
const script = [
  "dig Attic = Up;u, Down;d",
  "u",
  "describe here = Dusty.",
  "create trunk",
  "&NOTE trunk = Old and dusty.",
  "@set trunk = SUCC:You heave it up.",
  "&note trunk =",
  "drop trunk",
  "open Chute = The Garden",
  "name trunk = old trunk",
  "d",
  "link me = here",
  "dig Cellar = Down;dn, Up;cu",
  "unlink dn",
  "e",
  "create lamp",
  "teleport me = Attic",
  "destroy/confirm chute",
  "home",
  "link u = Cellar",
  "&MOOD me = happy",
  "@set here = NOTE:hello",
];

/** World projection behaviour every store pair must show: events alone rebuild the live state. */
export function worldRebuildContract(name: string, open: () => Promise<WorldStores>): void {
  test(`${name}: rebuilding the world from the event stream alone gives the live projection's state`, async () => {
    const { events, checkpoints } = await open();
    const log = collectingLogger().logger;
    const clock = manualClock();
    const metrics = createMetricsRegistry();
    const append = createEventAppender(events, metrics);
    const deps = { events, append, checkpoints, log, startLocationId: "lobby", checkpointEvery: 5 };
    const live = await openWorldService(deps);
    expect(await seedWorld(live, clock)).toBe(7);
    const permissions = await openPermissions({
      events,
      append,
      world: () => live.state(),
      characterOf: async () => undefined,
      admin: async () => "admin",
      clock,
      log,
    });
    const engine = createEngine({
      permissions,
      append,
      world: live,
      presence: async () => [],
      findCharacter: async () => undefined,
      characterById: async () => undefined,
      clock,
      metrics,
      activity: createCharacterActivity({ events, clock }),
    });
    const ctx = { character: alice, role: "admin" as const, newId: sequentialIds("W") };
    // Invariant: every line of the script changes the world (a refusal would write nothing).
    for (const line of script) expect((await engine.execute(ctx, line)).events.length).toBeGreaterThan(0);

    const rebuilt = emptyWorldState();
    for (const event of await events.replay(WORLD_STREAM, 0, 10_000)) applyWorldEvent(rebuilt, event);
    const snapshot = worldSnapshot(live.state());
    expect(worldSnapshot(rebuilt)).toEqual(snapshot);
    expect(snapshot.locations.map((l) => l.name).sort()).toEqual([
      "Attic",
      "Cellar",
      "The Garden",
      "The Library",
      "The Lobby",
    ]);
    expect(snapshot.characters).toEqual([
      {
        id: "CA",
        name: "Alice",
        location: "lobby",
        home: "lobby",
        description: undefined,
        flags: [],
        attributes: { MOOD: "happy" },
      },
    ]);
    // Built things belong to their builder; the seeded ones to no character (the admin's).
    const owners = snapshot.locations.map((l) => [l.name, l.owner ?? "admin"]).sort();
    expect(owners).toEqual([
      ["Attic", "CA"],
      ["Cellar", "CA"],
      ["The Garden", "admin"],
      ["The Library", "admin"],
      ["The Lobby", "admin"],
    ]);

    // Attributes rebuild too: set, cleared, and the room's of the last line.
    expect(snapshot.objects.find((o) => o.name === "old trunk")?.attributes).toEqual({
      SUCC: "You heave it up.",
    });
    expect(snapshot.locations.find((l) => l.id === "lobby")?.attributes).toEqual({ NOTE: "hello" });

    // A restart from the (periodic) checkpoint plus the events after it reaches the same state.
    const restarted = await openWorldService(deps);
    expect(worldSnapshot(restarted.state())).toEqual(snapshot);
    expect(await seedWorld(restarted, clock)).toBe(0);
    await (events as Partial<{ close(): Promise<void> }>).close?.();
  });
}
