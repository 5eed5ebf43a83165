import { describe, expect, test } from "bun:test";
import { engineHarness, testCharacter, typeAndPayload } from "../test-support/engine-harness.ts";
import { WHICH_LIMIT } from "./world-kit.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

describe("objects", () => {
  test("create, drop, get, give and inventory move an object between hands and the room", async () => {
    const { run, world } = await engineHarness([alice, bob]);
    expect((await run(alice, "create brass lamp", "builder")).output).toEqual([
      "Created brass lamp. You are holding it.",
    ]);
    expect((await run(alice, "i")).output).toEqual(["You are carrying:", "  brass lamp"]);
    const dropped = await run(alice, "drop lamp");
    expect(typeAndPayload(dropped.events.filter((e) => e.type === "drop"))).toEqual([
      { type: "drop", payload: { name: "Alice", object: "brass lamp" } },
    ]);
    expect((await run(bob, "look")).events[0]?.payload).toMatchObject({ contents: ["brass lamp"] });
    const got = await run(bob, "get brass");
    expect(typeAndPayload(got.events.filter((e) => e.type === "get"))).toEqual([
      { type: "get", payload: { name: "Bob", object: "brass lamp" } },
    ]);
    const given = await run(bob, "give lamp = alice");
    expect(typeAndPayload(given.events.filter((e) => e.type === "give"))).toEqual([
      { type: "give", payload: { name: "Bob", object: "brass lamp", to: "Alice", toId: alice.id } },
    ]);
    const lamp = [...world.state().objects.values()][0];
    expect(lamp).toMatchObject({ name: "brass lamp", holder: "CA" });
    expect((await run(bob, "inventory")).output).toEqual(["You are carrying nothing."]);
  });

  test("an ambiguous name lists at most WHICH_LIMIT candidates and counts the rest", async () => {
    const { run } = await engineHarness([alice]);
    for (let i = 10; i < 10 + WHICH_LIMIT + 2; i++) await run(alice, `create rock ${i}`, "builder");
    const names = Array.from({ length: WHICH_LIMIT }, (_, i) => `rock ${10 + i}`).join(", ");
    expect((await run(alice, "drop rock")).output).toEqual([`Which 'rock'? ${names} and 2 more.`]);
  });

  test("objects out of reach are refused without events", async () => {
    const { run, events } = await engineHarness([alice, bob]);
    await run(alice, "create rock", "builder");
    const before = await events.lastPosition();
    expect((await run(bob, "get rock")).output).toEqual(["I don't see 'rock' here."]);
    expect((await run(bob, "drop rock")).output).toEqual(["I don't see 'rock' in your inventory."]);
    expect((await run(alice, "give rock = carol")).output).toEqual(["I don't see 'carol' here."]);
    expect((await run(alice, "give rock")).output).toEqual([
      "Give what to whom? give <object> = <character>",
    ]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("destroy asks first; destroy/confirm does it", async () => {
    const { run, world, events } = await engineHarness([alice]);
    await run(alice, "create rock", "builder");
    const before = await events.lastPosition();
    expect((await run(alice, "destroy rock", "builder")).output).toEqual([
      "Really destroy rock? Type 'destroy/confirm rock' to do it.",
    ]);
    expect(await events.lastPosition()).toBe(before);
    expect((await run(alice, "destroy/confirm rock", "builder")).output).toEqual(["Destroyed rock."]);
    expect(world.state().objects.size).toBe(0);
    expect((await run(alice, "destroy/confirm here", "admin")).output).toEqual([
      "The starting location cannot be destroyed.",
    ]);
  });

  test("destroying a location moves the characters in it home first and unlinks exits to it", async () => {
    const { run, world } = await engineHarness([alice, bob]);
    await run(alice, "garden");
    await run(bob, "garden");
    await run(alice, "create bench", "builder");
    await run(alice, "drop bench");
    const result = await run(alice, "destroy/confirm here", "admin");
    expect(result.events.map((e) => `${e.stream} ${e.type}`)).toEqual([
      "location:garden leave",
      "world character_moved",
      "location:lobby arrive",
      "char:CA look",
      "location:garden leave",
      "world character_moved",
      "location:lobby arrive",
      "char:CB look",
      "world object_moved",
      "world location_destroyed",
    ]);
    const state = world.state();
    expect(state.locations.has("garden")).toBe(false);
    expect([state.characters.get("CA")?.location, state.characters.get("CB")?.location]).toEqual([
      "lobby",
      "lobby",
    ]);
    expect([...state.exits.values()].find((x) => x.name === "Garden")?.to).toBeUndefined();
    expect([...state.objects.values()][0]?.location).toBe("lobby");
  });
});
