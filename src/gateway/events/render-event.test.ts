import { describe, expect, test } from "bun:test";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { type EventView, toEventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const alice = { kind: "character", id: "char-alice" } as const;
const bob = { characterId: "char-bob" };
const aliceViewer = { characterId: "char-alice" };

function event(type: string, payload: Record<string, unknown>, actor: EventView["actor"] = alice): EventView {
  return toEventView({ type, stream: "location:1", actor, payload, position: 1 });
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
    ["emit", { text: "The wind howls." }, "The wind howls.", "The wind howls."],
    ["emit", { text: "Bob frowns.", except: "char-bob" }, undefined, "Bob frowns."],
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
    [
      "page",
      { name: "Alice", text: "hi", to: ["Bob"], toIds: ["char-bob"] },
      "Alice pages: hi",
      `You paged Bob with "hi".`,
    ],
    [
      "whisper",
      { name: "Alice", text: "psst", to: ["Bob"], toIds: ["char-bob"] },
      `Alice whispers, "psst"`,
      `You whisper "psst" to Bob.`,
    ],
  ])("a %s reads one way to others and another to the actor", (type, payload, toOthers, toSelf) => {
    expect(renderEvent(event(type, payload), bob)).toBe(toOthers);
    expect(renderEvent(event(type, payload), aliceViewer)).toBe(toSelf);
  });

  test.each([
    [{ connected: ["Alice"], disconnected: [] }, "Alice has connected."],
    [
      { connected: ["Alice", "Bob"], disconnected: ["Cid"] },
      "Alice and Bob have connected.\nCid has disconnected.",
    ],
    [
      { connected: ["Alice", "Bob"], disconnected: [], more: { connected: 12 } },
      "Alice, Bob and 12 more have connected.",
    ],
    [{ connected: [], disconnected: [], more: { disconnected: 3 } }, "3 more have disconnected."],
  ])("a crowd's connects and disconnects read as one line each: %j", (payload, text) => {
    expect(renderEvent(event("crowd_presence", payload), bob)).toBe(text);
  });

  test("a channel message names the channel in colour", () => {
    const e = event("channel", { channel: "Public", name: "Alice", text: "hi" });
    expect(renderMarkup(renderEvent(e, bob) ?? "", "none")).toBe(`[Public] Alice says, "hi"`);
  });

  test("a look as the core writes it shows the name, the description and who is present", () => {
    const e = event("look", {
      location: { id: "lobby", name: "Lobby" },
      description: "A quiet lobby.",
      present: ["Alice", "Bob"],
      contents: [],
      exits: [],
    });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe(
      "Lobby\nA quiet lobby.\nPresent: Alice and Bob\nThere are no obvious exits.",
    );
  });

  test("a look with a location object lists the location, its description, who is present and the exits", () => {
    const e = event("look", {
      location: { id: "room-1", name: "Town Square" },
      description: "A wide square.\nPigeons.",
      present: ["Bob", "Carol"],
      contents: [],
      exits: [
        { name: "north", aliases: [], to: "room-2" },
        { name: "south", aliases: [], to: "room-3" },
      ],
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
      exits: [
        { name: "north", aliases: [], to: "r2" },
        { name: "south", aliases: [], to: "r3" },
      ],
      omitted: { present: 1, contents: 3, exits: 40, ignored: "x" },
    });
    expect(renderMarkup(renderEvent(e, aliceViewer) ?? "", "none")).toBe(
      "Bazaar\nCrowded.\nPresent: Bob and 1 more\nYou see: a lamp, a rock and 3 more\nExits: north, south and 40 more",
    );
  });

  test.each([[-1], [1.5], ["3"], [null]])(
    "a look with an omitted count of %p is malformed and shows nothing",
    (count) => {
      const look = {
        location: { id: "h", name: "Hall" },
        description: "",
        present: ["Bob"],
        contents: [],
        exits: [],
      };
      expect(renderMarkup(renderEvent(event("look", look), aliceViewer) ?? "", "none")).toBe(
        "Hall\nPresent: Bob\nThere are no obvious exits.",
      );
      expect(
        renderEvent(event("look", { ...look, omitted: { present: count } }), aliceViewer),
      ).toBeUndefined();
    },
  );

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

  test("a payload with missing or mistyped fields is malformed: it shows nothing and never throws", () => {
    const say = event("say", { name: 42, text: "hi" });
    expect(say).toMatchObject({ known: false, malformed: expect.stringContaining("payload.name") });
    expect(renderEvent(say, bob)).toBeUndefined();
    expect(renderEvent(event("look", { location: 42 }), bob)).toBeUndefined();
  });

  test("a field the schema does not name is passed over, so the draft's message field shows nothing", () => {
    expect(renderEvent(event("say", { name: "Alice", text: "hi", mood: "glad" }), bob)).toBe(
      'Alice says, "hi"',
    );
    expect(renderEvent(event("pose", { name: "Alice", message: "waves." }), bob)).toBeUndefined();
    expect(renderEvent(event("dice.roll", { message: "Alice rolls 4." }), bob)).toBeUndefined();
  });
});
