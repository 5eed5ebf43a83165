import { describe, expect, test } from "bun:test";
import { MAX_ALIASES, MAX_NAME_LENGTH } from "#core/world/world-text-rules.ts";
import { engineHarness, testCharacter, typeAndPayload } from "../test-support/engine-harness.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

describe("building", () => {
  test("dig makes a location with exits both ways, and another player can walk there", async () => {
    const { run, world } = await engineHarness([alice, bob]);
    const dug = await run(alice, "dig Attic = Up;u, Down;d;out", "admin");
    expect(dug.events.map((e) => e.type)).toEqual(["location_created", "exit_opened", "exit_opened"]);
    const atticId = String(dug.events[0]?.payload.id);
    expect(dug.output).toEqual([`Dug Attic (${atticId}).`, "Opened Up to it.", "Opened Down back here."]);
    await run(bob, "u");
    expect(world.state().characters.get("CB")?.location).toBe(atticId);
    await run(bob, "out");
    expect(world.state().characters.get("CB")?.location).toBe("lobby");
  });

  test("building without the builder role is refused and changes nothing", async () => {
    const { run, events, world } = await engineHarness([alice]);
    const before = await events.lastPosition("world");
    const lines: [string, string][] = [
      ["dig Attic", "Only builders and admins may build."],
      ["open Hole = garden", "Only builders and admins may build."],
      ["link garden = library", "You may not link Garden."],
      ["unlink garden", "You may not unlink Garden."],
      ["create rock", "Only builders and admins may build."],
      ["name here = Hall", "You may not rename The Lobby."],
      ["destroy/confirm garden", "You may not destroy Garden."],
      ["describe here = Dark.", "You may not describe The Lobby."],
    ];
    for (const [line, answer] of lines) {
      const refused = await run(alice, line).then(
        (r) => r.output,
        (e: Error) => [e.message],
      );
      expect(refused).toEqual([answer]);
    }
    expect(await events.lastPosition("world")).toBe(before);
    expect(world.state().locations.get("lobby")?.name).toBe("The Lobby");
  });

  test("open, link and unlink; a second exit of the same name, a loop or a missing destination is refused", async () => {
    const { run, world, events } = await engineHarness([alice]);
    expect((await run(alice, "open Gate;gt = The Garden", "admin")).output).toEqual([
      "Opened Gate to The Garden.",
    ]);
    const before = await events.lastPosition("world");
    const refusals: [string, string][] = [
      ["open garden = library", "There is already an exit called 'garden' there."],
      ["open Arch;gt", "There is already an exit called 'gt' there."],
      ["open Loop = here", "An exit cannot lead back into the room it leaves."],
      ["link gate = here", "An exit cannot lead back into the room it leaves."],
      ["link gate = Narnia", "I don't see 'Narnia' anywhere."],
      ["link gate", "Link what to where? link <exit> = <destination>"],
      ["unlink nothing", "I don't see 'nothing' here."],
    ];
    for (const [line, answer] of refusals) expect((await run(alice, line, "admin")).output).toEqual([answer]);
    expect(await events.lastPosition("world")).toBe(before);
    await run(alice, "link gt = library", "builder");
    const gate = [...world.state().exits.values()].find((x) => x.name === "Gate");
    expect(gate?.to).toBe("library");
    expect((await run(alice, "unlink gate", "admin")).output).toEqual(["Unlinked Gate."]);
    expect(world.state().exits.get(gate?.id ?? "")?.to).toBeUndefined();
    expect((await run(alice, "unlink gate", "admin")).output).toEqual(["Gate is not linked."]);
  });

  test("describe and name change what look shows; players may describe only themselves", async () => {
    const { run } = await engineHarness([alice, bob]);
    expect((await run(alice, "describe me = A tall woman.")).output).toEqual(["Described Alice."]);
    expect(typeAndPayload((await run(bob, "look alice")).events)).toEqual([
      { type: "look_at", payload: { kind: "character", name: "Alice", description: "A tall woman." } },
    ]);
    await run(alice, "describe here = A hall.", "admin");
    await run(alice, "name here = The Great Hall", "admin");
    await run(alice, "name garden = Garden Path;gp", "admin");
    expect((await run(bob, "look")).events[0]?.payload).toEqual({
      location: { id: "lobby", name: "The Great Hall" },
      description: "A hall.",
      present: ["Alice", "Bob"],
      contents: [],
      exits: [
        expect.objectContaining({ name: "Garden Path", aliases: ["gp"] }),
        expect.objectContaining({ name: "Library" }),
      ],
    });
    expect(typeAndPayload((await run(bob, "look gp")).events)).toEqual([
      {
        type: "look_at",
        payload: { kind: "exit", name: "Garden Path", description: "", leadsTo: "The Garden" },
      },
    ]);
    expect((await run(alice, "name me = Alicia", "builder")).output).toEqual([
      "Characters keep the name they were created with.",
    ]);
  });

  test("a name or description with an escape, over its cap or looking like markup is refused; nothing is written", async () => {
    const { run, events } = await engineHarness([alice]);
    await run(alice, "create lamp", "builder");
    const before = await events.lastPosition("world");
    const long = "x".repeat(MAX_NAME_LENGTH + 1);
    const control = "A name cannot hold invisible or control characters.";
    const tooLong = `A name can be at most ${MAX_NAME_LENGTH} characters.`;
    // Output is markup, where "%%" is a literal "%".
    const markupLike = "A name cannot hold '%%['.";
    const refusals: [string, string][] = [
      ["create Lamp \x1b]0;PWNED\x07\x1b[2J", control],
      [`create ${long}`, tooLong],
      ["create %[red]Lamp", markupLike],
      ["dig Cellar\u202E", control],
      [`dig Cellar = Down;${long}`, tooLong],
      ["open Hatch\u200B", control],
      [
        `open Hatch;${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `h${i}`).join(";")}`,
        `An exit may have at most ${MAX_ALIASES} aliases.`,
      ],
      ["name lamp = Lamp\x07", control],
      ["name garden = Garden;g\x1b[2J", control],
      ["name here = %[blink]Lobby", markupLike],
      [
        "describe lamp = Shiny.\x1b[2J",
        "A description cannot hold control characters or invisible formatting.",
      ],
      [
        "describe me = Tall.\u2028Admin says, hi",
        "A description cannot hold control characters or invisible formatting.",
      ],
    ];
    for (const [line, answer] of refusals)
      expect([line, (await run(alice, line, "admin")).output]).toEqual([line, [answer]]);
    expect(await events.lastPosition("world")).toBe(before);
  });

  test("a description may be as long as a line allows", async () => {
    const { run, world } = await engineHarness([alice]);
    const text = "word ".repeat(800).trim();
    expect((await run(alice, `describe here = ${text}`, "admin")).output).toEqual(["Described The Lobby."]);
    expect(world.state().locations.get("lobby")?.description).toBe(text);
  });
});
