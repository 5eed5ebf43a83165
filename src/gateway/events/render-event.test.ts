import { describe, expect, test } from "bun:test";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import type { EventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const alice = { kind: "character", id: "char-alice" } as const;
const bob = { characterId: "char-bob" };
const aliceViewer = { characterId: "char-alice" };

function event(type: string, payload: Record<string, unknown>, actor: EventView["actor"] = alice): EventView {
  return { type, stream: "location:1", actor, payload, position: 1 };
}

describe("renderEvent", () => {
  test.each([
    ["say", { name: "Alice", text: "Hello!" }, `Alice says, "Hello!"`, `You say, "Hello!"`],
    ["pose", { name: "Alice", text: "waves." }, "Alice waves.", "Alice waves."],
    [
      "pose",
      { name: "Alice", text: "'s hat falls.", semipose: true },
      "Alice's hat falls.",
      "Alice's hat falls.",
    ],
    [
      "semipose",
      { name: "Alice", message: "'s eyes narrow." },
      "Alice's eyes narrow.",
      "Alice's eyes narrow.",
    ],
    ["emit", { text: "The wind howls." }, "The wind howls.", "The wind howls."],
    ["arrive", { name: "Alice" }, "Alice has arrived.", undefined],
    ["leave", { name: "Alice", to: "north" }, "Alice leaves toward north.", undefined],
    [
      "arrive",
      { id: "char-alice", name: "Alice", from: "The Lobby" },
      "Alice arrives from The Lobby.",
      undefined,
    ],
    [
      "leave",
      { id: "char-alice", name: "Alice", to: "The Garden" },
      "Alice leaves toward The Garden.",
      undefined,
    ],
    ["get", { name: "Alice", object: "lamp" }, "Alice picks up lamp.", "You pick up lamp."],
    ["drop", { name: "Alice", object: "lamp" }, "Alice drops lamp.", "You drop lamp."],
    [
      "give",
      { name: "Alice", object: "lamp", to: "Bob", toId: "char-bob" },
      "Alice gives lamp to you.",
      "You give lamp to Bob.",
    ],
    ["connect", { name: "Alice" }, "Alice has connected.", undefined],
    ["disconnect", { name: "Alice" }, "Alice has disconnected.", undefined],
    ["page", { name: "Alice", message: "hi", to: ["Bob"] }, "Alice pages: hi", `You paged Bob with "hi".`],
    [
      "whisper",
      { name: "Alice", message: "psst", to: ["Bob"] },
      `Alice whispers, "psst"`,
      `You whisper "psst" to Bob.`,
    ],
  ])("a %s reads one way to others and another to the actor", (type, payload, toOthers, toSelf) => {
    expect(renderEvent(event(type, payload), bob)).toBe(toOthers);
    expect(renderEvent(event(type, payload), aliceViewer)).toBe(toSelf);
  });

  test("a channel message names the channel in colour", () => {
    const e = event("channel", { channel: "Public", name: "Alice", message: "hi" });
    expect(renderMarkup(renderEvent(e, bob) ?? "", "none")).toBe(`[Public] Alice says, "hi"`);
  });

  test("a look as the core writes it shows the name, the description and who is present", () => {
    const e = event("look", { location: "Lobby", description: "A quiet lobby.", present: ["Alice", "Bob"] });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe(
      "Lobby\nA quiet lobby.\nPresent: Alice and Bob",
    );
  });

  test("a look with a location object lists the location, its description, who is present and the exits", () => {
    const e = event("look", {
      location: { id: "room-1", name: "Town Square", description: "A wide square.\nPigeons." },
      present: [
        { id: "c2", name: "Bob" },
        { id: "c3", name: "Carol" },
      ],
      exits: [{ name: "north" }, { name: "south" }],
    });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe(
      "Town Square\nA wide square.\nPigeons.\nPresent: Bob and Carol\nExits: north, south",
    );
  });

  test("a look the core cut short says how many of each list were left out", () => {
    const e = event("look", {
      location: { id: "room-1", name: "Bazaar" },
      description: "Crowded.",
      present: ["Bob"],
      contents: ["a lamp", "a rock"],
      exits: [{ name: "north" }, { name: "south" }],
      omitted: { present: 1, contents: 3, exits: 40, ignored: "x" },
    });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe(
      "Bazaar\nCrowded.\nPresent: Bob and 1 more\nYou see: a lamp, a rock and 3 more\nExits: north, south and 40 more",
    );
  });

  test.each([[-1], [1.5], ["3"], [null]])("an omitted count of %p is ignored", (count) => {
    const e = event("look", { location: "Hall", present: ["Bob"], omitted: { present: count } });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe("Hall\nPresent: Bob");
  });

  test("who lists each player and the count", () => {
    const e = event(
      "who",
      {
        players: [
          { name: "Alice", idleSeconds: 5 },
          { name: "Bob", idleSeconds: 120 },
        ],
      },
      {
        kind: "system",
        id: "",
      },
    );
    expect(renderMarkup(renderEvent(e, bob) ?? "", "none").split("\n")).toEqual([
      `${"Name".padEnd(20)} Idle`,
      `${"Alice".padEnd(20)} 5s`,
      `${"Bob".padEnd(20)} 2m`,
      "2 players are connected.",
    ]);
  });

  test("hostile text in a say cannot inject escapes, telnet bytes, extra lines or markup colour", () => {
    const hostile = "\x1b[2J\x1b]0;pwned\x07hi\u009b31m\r\nFAKE: Wizard says%[red] boo\u0000\u00ff";
    const out = renderMarkup(
      renderEvent(event("say", { name: "Al\x1bice", text: hostile }), bob) ?? "",
      "truecolor",
    );
    expect(out).not.toContain("\x1b");
    expect(out).not.toContain("\u009b");
    expect(out).not.toContain("\n");
    expect(out).not.toContain("\u0000");
    expect(out).toContain("%[red] boo");
    expect(out.startsWith(`Alice says, "`)).toBe(true);
  });

  test("a system event carries markup only when the core itself wrote it", () => {
    const core = event("system", { text: "%[bold]Reboot%[/] soon" }, { kind: "system", id: "" });
    const plugin = event("system", { text: "%[bold]Reboot%[/] soon" }, { kind: "plugin", id: "dice" });
    expect(renderMarkup(renderEvent(core, bob) ?? "", "16")).toBe("\x1b[1mReboot\x1b[0m soon");
    expect(renderMarkup(renderEvent(plugin, bob) ?? "", "16")).toBe("%[bold]Reboot%[/] soon");
  });

  test("an unknown type shows its sanitised message, or nothing", () => {
    expect(renderEvent(event("dice.roll", { text: "Alice rolls 4.\x07" }), bob)).toBe("Alice rolls 4.");
    expect(renderEvent(event("dice.internal", { value: 4 }), bob)).toBeUndefined();
    expect(renderEvent(event("toString", {}), bob)).toBeUndefined();
  });

  test("a payload with missing or mistyped fields still renders", () => {
    expect(renderEvent(event("say", { name: 42 }), bob)).toBe(`Someone says, ""`);
    expect(renderEvent(event("look", { location: 42 }), bob)).toBeUndefined();
  });
});
