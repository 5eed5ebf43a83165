import { describe, expect, test } from "bun:test";
import { roomInfoFrom } from "#gateway/play/room-info.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { type EventView, toEventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const admin = { kind: "character", id: "char-admin" } as const;
const event = (type: string, payload: Record<string, unknown>): EventView =>
  toEventView({ type, stream: "location:garden", actor: admin, payload, position: 9 });

describe("world events", () => {
  test("a character teleported by someone else sees neither their leave nor their arrive", () => {
    const arrive = event("arrive", { id: "char-alice", name: "Alice", from: "The Lobby" });
    expect(renderEvent(arrive, { characterId: "char-alice" })).toBeUndefined();
    expect(renderEvent(arrive, { characterId: "char-bob" })).toBe("Alice arrives from The Lobby.");
  });

  test("looking at an exit shows its name, its formatted description and where it leads, made safe", () => {
    const look = event("look_at", {
      kind: "exit",
      name: "Gate\u001b[31m",
      description: "Iron %[red]bars\u0007.",
      leadsTo: "The Garden",
    });
    expect(renderMarkup(renderEvent(look, { characterId: "char-bob" }) ?? "", "none")).toBe(
      "Gate[31m\nIron bars.\nIt leads to The Garden.",
    );
    // A description's colour span is its own: closed before the next line, never reaching the name.
    expect(renderEvent(look, { characterId: "char-bob" })).toBe(
      "%[bold]Gate[31m%[/]\nIron %[red]bars.%[/]\nIt leads to The Garden.",
    );
  });

  test("an attribute message is the text to its actor, and name then text to the others", () => {
    const osucc = event("attribute_message", {
      name: "Alice",
      attribute: "OSUCC",
      text: "climbs %[red]up%r",
    });
    const succ = event("attribute_message", {
      name: "Alice",
      attribute: "SUCC",
      text: "You climb.\nWell done.",
    });
    expect(renderEvent(osucc, { characterId: "char-admin" })).toBeUndefined();
    expect(renderEvent(osucc, { characterId: "char-bob" })).toBe("Alice climbs %[red]up%%r%[/]");
    expect(renderEvent(succ, { characterId: "char-admin" })).toBe("You climb.\nWell done.");
  });

  test("looking at a locked exit one may change shows its lock and fail message, made safe", () => {
    const look = event("look_at", {
      kind: "exit",
      name: "Gate",
      description: "",
      lock: "flag:member",
      lockFail: "Members %[red]only\u001b[0m.",
    });
    expect(renderMarkup(renderEvent(look, { characterId: "char-bob" }) ?? "", "none")).toBe(
      "Gate\nYou see nothing special.\nLocked: flag:member\nFail message: Members %[red]only[0m.",
    );
  });

  test("the core's look gives the room, its contents and exits, and GMCP Room.Info", () => {
    const look = event("look", {
      location: { id: "garden", name: "The Garden" },
      description: "Roses.",
      exits: [{ name: "Lobby", aliases: ["n"], to: "lobby" }],
      present: ["Alice"],
      contents: ["bench"],
    });
    expect(renderMarkup(renderEvent(look, { characterId: "char-bob" }) ?? "", "none")).toBe(
      "The Garden\nRoses.\nPresent: Alice\nYou see: bench\nExits: Lobby",
    );
    expect(roomInfoFrom(look)).toEqual({ num: "garden", name: "The Garden", exits: { Lobby: "lobby" } });
  });
});
