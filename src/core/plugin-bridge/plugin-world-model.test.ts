import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { type StoredEvent, WORLD_STREAM } from "#core/events/event.ts";
import { applyWorldEvent, emptyWorldState, type WorldState } from "#core/world/world-state.ts";
import { createPluginWorldModel } from "./plugin-world-model.ts";

const character = (id: string, name: string, locationId = "lobby"): Character => ({
  id,
  playerId: `p-${id}`,
  name,
  locationId,
  createdAt: 0,
});

function worldEvent(state: WorldState, type: string, payload: Record<string, unknown>): void {
  const event: StoredEvent = {
    id: `w${state.position + 1}`,
    stream: WORLD_STREAM,
    type,
    timestamp: 0,
    actor: { kind: "system", id: "test" },
    payload,
    position: state.position + 1,
    version: state.position + 1,
  };
  applyWorldEvent(state, event);
}

/** A world of three rooms; Bob walked to the garden; Alice is online in the lobby. */
async function setUp() {
  const state = emptyWorldState();
  worldEvent(state, "location_created", { id: "lobby", name: "The Lobby", description: "A hall." });
  worldEvent(state, "location_created", { id: "garden", name: "The Garden", description: "Roses." });
  worldEvent(state, "location_created", { id: "library", name: "The Library", description: "Books." });
  worldEvent(state, "character_moved", { id: "c-bob", name: "Bob", from: "lobby", to: "garden" });
  const accounts = createMemoryAccountStore();
  const carol = character("c-carol", "Carol");
  await accounts.createPlayer(
    { id: carol.playerId, name: "carol", passwordHash: "x", role: "player", createdAt: 0 },
    carol,
  );
  let online: Character[] = [character("c-alice", "Alice")];
  const model = createPluginWorldModel({
    state: () => state,
    presence: async () => online,
    findCharacter: (name) => accounts.findCharacterByName(name),
  });
  await model.refresh();
  return { state, model, setOnline: (c: Character[]) => (online = c) };
}

test("a location nobody is in is read from the world projection", async () => {
  const { model } = await setUp();
  expect(model.location("library")).toEqual({ id: "library", name: "The Library", description: "Books." });
  expect(model.charactersIn("library")).toEqual([]);
  expect(model.location("nowhere")).toBeUndefined();
});

test("an offline character who moved is found by name and located, but is in no room's list", async () => {
  const { model } = await setUp();
  const bob = { id: "c-bob", name: "Bob", locationId: "garden", online: false };
  expect(model.characterByName("bob")).toEqual(bob);
  expect(model.locationOf("c-bob")).toBe("garden");
  expect(model.charactersIn("garden")).toEqual([]);
});

test("connected characters are listed where the projection puts them, moves included", async () => {
  const { model, state, setOnline } = await setUp();
  const alice = { id: "c-alice", name: "Alice", locationId: "lobby", online: true };
  expect(model.charactersIn("lobby")).toEqual([alice]);
  worldEvent(state, "character_moved", { id: "c-alice", name: "Alice", from: "lobby", to: "library" });
  expect(model.charactersIn("library")).toEqual([{ ...alice, locationId: "library" }]);
  expect(model.charactersIn("lobby")).toEqual([]);
  setOnline([]);
  await model.refresh();
  expect(model.charactersIn("library")).toEqual([]);
  expect(model.characterByName("Alice")).toEqual({ ...alice, locationId: "library", online: false });
});

test("a character who never moved nor connected is found once named in a command", async () => {
  const { model } = await setUp();
  expect(model.characterByName("Carol")).toBeUndefined();
  await model.learn(["roll", "Carol", "", "x".repeat(100)]);
  expect(model.characterByName("carol")).toEqual({
    id: "c-carol",
    name: "Carol",
    locationId: "lobby",
    online: false,
  });
});
