import { describe, expect, test } from "bun:test";
import type { NewEvent } from "#core/events/event.ts";
import type { WorldService } from "#core/world/world-service.ts";
import { engineHarness, testCharacter, typeAndPayload } from "../test-support/engine-harness.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

/** Objects created straight on the world stream, as a world from before the name cap may hold them. */
async function legacyObjects(world: WorldService, location: string, names: readonly string[]) {
  const events = names.map(
    (name, i): NewEvent => ({
      id: `LEGACY${location}${i}`,
      stream: "world",
      type: "object_created",
      timestamp: 1,
      actor: { kind: "system", id: "legacy" },
      payload: { id: `OBJ${location}${i}`, name, description: "", location },
    }),
  );
  // One object per event, as each fits the store's limit alone.
  for (const event of events) await world.change(() => ({ events: [event], value: undefined }));
}

describe("movement", () => {
  test("go leaves, moves, arrives and looks, in that order, on the right streams", async () => {
    const { run, moves } = await engineHarness([alice, bob]);
    const { events } = await run(alice, "go garden");
    expect(events.map((e) => [e.stream, e.type])).toEqual([
      ["location:lobby", "leave"],
      ["world", "character_moved"],
      ["location:garden", "arrive"],
      ["char:CA", "look"],
    ]);
    // `id` names the character moved, who is shown neither line (the look follows).
    expect(typeAndPayload([events[0], events[2]].filter((e) => e !== undefined))).toEqual([
      { type: "leave", payload: { id: alice.id, name: "Alice", to: "The Garden" } },
      { type: "arrive", payload: { id: alice.id, name: "Alice", from: "The Lobby" } },
    ]);
    expect(events[3]?.payload).toMatchObject({
      location: { id: "garden", name: "The Garden" },
      exits: [{ name: "Lobby", to: "lobby" }],
      present: ["Alice"],
    });
    expect(moves).toMatchObject([{ id: "CA", from: "lobby", to: "garden", position: events[1]?.position }]);
  });

  test.each([["garden"], ["Garden"], ["g"], ["s"], ["go s"], ["move gar"]])(
    "%p walks through the Garden exit",
    async (line) => {
      const { run, world } = await engineHarness([alice]);
      await run(alice, line);
      expect(world.state().characters.get("CA")?.location).toBe("garden");
    },
  );

  test("a shortcut with no exit, an unknown exit and an ambiguous one are refused without events", async () => {
    const { run, events } = await engineHarness([alice]);
    const before = await events.lastPosition();
    expect((await run(alice, "nw")).output).toEqual(["You can't go that way."]);
    expect((await run(alice, "go attic")).output).toEqual(["I don't see 'attic' here."]);
    await run(alice, "dig Larder = Larder", "admin");
    const after = await events.lastPosition();
    expect((await run(alice, "go l")).output).toEqual(["Which 'l'? Larder, Library."]);
    expect(await events.lastPosition()).toBe(after);
    expect(after).toBeGreaterThan(before);
  });

  test("home goes to the start, or to the home set with link me = here", async () => {
    const { run, world } = await engineHarness([alice]);
    expect((await run(alice, "home")).output).toEqual(["You are already home."]);
    await run(alice, "e");
    expect((await run(alice, "home")).output).toEqual(["There's no place like home..."]);
    expect(world.state().characters.get("CA")?.location).toBe("lobby");
    await run(alice, "library");
    await run(alice, "link me = here", "builder");
    await run(alice, "out");
    await run(alice, "home");
    expect(world.state().characters.get("CA")?.location).toBe("library");
  });

  test("an unlinked exit leads nowhere", async () => {
    const { run, events } = await engineHarness([alice]);
    await run(alice, "open Trapdoor;td", "admin");
    const before = await events.lastPosition();
    expect((await run(alice, "td")).output).toEqual(["The Trapdoor exit leads nowhere."]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("teleport is for admins and moves a character who is elsewhere", async () => {
    const { run, world, events } = await engineHarness([alice, bob]);
    const before = await events.lastPosition("world");
    expect((await run(bob, "teleport alice = garden", "builder")).output).toEqual([
      "Only admins may teleport.",
    ]);
    expect(await events.lastPosition("world")).toBe(before);
    const result = await run(bob, "teleport alice = The Garden", "admin");
    expect(result.output).toEqual(["Teleported Alice to The Garden."]);
    expect(world.state().characters.get("CA")?.location).toBe("garden");
    expect(result.events.at(-2)).toMatchObject({ stream: "char:CA", type: "look" });
    expect(result.events.at(-1)).toMatchObject({
      stream: "audit",
      type: "staff_action",
      payload: { command: "teleport", args: "alice = The Garden" },
    });
    expect((await run(bob, "teleport nobody = here", "admin")).output).toEqual([
      "There is no character called 'nobody'.",
    ]);
  });

  test("a room full of objects with long legacy names can still be entered, left and looked at", async () => {
    const { run, world } = await engineHarness([alice, bob]);
    await legacyObjects(
      world,
      "lobby",
      Array.from({ length: 5 }, (_, i) => `${i} ${"n".repeat(3400)}`),
    );
    await legacyObjects(
      world,
      "garden",
      Array.from({ length: 300 }, (_, i) => `pebble ${i} ${"p".repeat(200)}`),
    );
    const look = await run(alice, "look");
    expect(look.events[0]?.payload).toMatchObject({
      contents: expect.arrayContaining([expect.stringMatching(/^0 n{50}/)]),
    });
    const went = await run(alice, "go garden");
    expect(went.output).toEqual([]);
    expect(world.state().characters.get("CA")?.location).toBe("garden");
    expect(went.events.at(-1)?.payload).toMatchObject({ omitted: { contents: expect.any(Number) } });
    expect((await run(alice, "home")).output).toEqual(["There's no place like home..."]);
    expect((await run(bob, "teleport alice = garden", "admin")).output).toEqual([
      "Teleported Alice to The Garden.",
    ]);
    expect((await run(alice, "look")).events[0]?.payload).toMatchObject({
      contents: expect.arrayContaining([expect.stringMatching(/^pebble/)]),
      omitted: { contents: expect.any(Number) },
    });
    expect((await run(alice, "out")).output).toEqual([]);
    expect(world.state().characters.get("CA")?.location).toBe("lobby");
  });
});
