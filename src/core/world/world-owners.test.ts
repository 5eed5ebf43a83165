import { expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { createMemoryWorldCheckpointStore } from "./world-checkpoint-store.ts";
import { openWorldService } from "./world-service.ts";
import { applyWorldEvent, emptyWorldState } from "./world-state.ts";

const event = (
  position: number,
  type: string,
  payload: object,
  actor: StoredEvent["actor"],
): StoredEvent => ({
  id: `E${position}`,
  stream: "world",
  type,
  timestamp: 0,
  actor,
  payload: payload as StoredEvent["payload"],
  position,
  version: position,
});
const alice = { kind: "character" as const, id: "CA" };
const seed = { kind: "system" as const, id: "seed" };

test("events from before owners give each thing to the character that wrote it, and seeded ones to no one (the admin)", () => {
  const state = emptyWorldState();
  applyWorldEvent(state, event(1, "location_created", { id: "lobby", name: "Lobby", description: "" }, seed));
  applyWorldEvent(
    state,
    event(2, "location_created", { id: "attic", name: "Attic", description: "" }, alice),
  );
  applyWorldEvent(state, event(3, "object_created", { id: "lamp", name: "lamp", description: "" }, alice));
  applyWorldEvent(
    state,
    event(4, "exit_opened", { id: "up", location: "lobby", name: "Up", aliases: [] }, alice),
  );
  expect([...state.locations.values()].map((l) => [l.id, l.owner])).toEqual([
    ["lobby", undefined],
    ["attic", "CA"],
  ]);
  expect(state.objects.get("lamp")?.owner).toBe("CA");
  expect(state.exits.get("up")?.owner).toBe("CA");
});

test("an owner named by the event wins; chown and flags change the projection", () => {
  const state = emptyWorldState();
  const payload = { id: "attic", name: "Attic", description: "", owner: "CB" };
  applyWorldEvent(state, event(1, "location_created", payload, alice));
  expect(state.locations.get("attic")?.owner).toBe("CB");
  applyWorldEvent(state, event(2, "owner_changed", { kind: "location", id: "attic", owner: "CA" }, alice));
  applyWorldEvent(state, event(3, "flag_set", { kind: "location", id: "attic", flag: "private" }, alice));
  applyWorldEvent(state, event(4, "flag_set", { kind: "character", id: "CB", flag: "member" }, alice));
  applyWorldEvent(state, event(5, "flag_set", { kind: "location", id: "attic", flag: "dark" }, alice));
  applyWorldEvent(state, event(6, "flag_cleared", { kind: "location", id: "attic", flag: "private" }, alice));
  expect(state.locations.get("attic")).toMatchObject({ owner: "CA", flags: ["dark"] });
  expect(state.characters.get("CB")?.flags).toEqual(["member"]);
});

test("a checkpoint of the shape before owners is ignored: the world is rebuilt from its events", async () => {
  const log = collectingLogger().logger;
  const events = createMemoryEventStore({ log });
  const append = createEventAppender(events, createMetricsRegistry());
  await append([
    {
      id: "E1",
      stream: "world",
      type: "location_created",
      timestamp: 0,
      actor: alice,
      payload: { id: "attic", name: "Attic", description: "" },
    },
  ]);
  const checkpoints = createMemoryWorldCheckpointStore();
  // An old checkpoint: no `format`, no owners, and a room the events do not hold.
  const old = {
    position: 1,
    locations: [{ id: "ghost", name: "Ghost", description: "" }],
    exits: [],
    objects: [],
    characters: [],
  };
  await checkpoints.save(old as never);
  const world = await openWorldService({ events, append, checkpoints, log, startLocationId: "attic" });
  expect([...world.state().locations.values()].map((l) => [l.id, l.owner])).toEqual([["attic", "CA"]]);
});
