import { expect, test } from "bun:test";
import { createPanelState } from "./panel-state.ts";

const look = {
  location: { id: "r1", name: "The Lobby" },
  description: "A hall.",
  exits: [{ name: "north", aliases: ["n"], to: "r2" }],
  present: ["Bob", "Alice"],
  contents: [],
};

test("a look fills the room and who lists; arrivals, departures and disconnects update them", () => {
  const panels = createPanelState();
  expect(panels.event("look", look)).toBe(true);
  expect(panels.event("arrive", { name: "Carol" })).toBe(true);
  expect(panels.event("leave", { name: "Bob" })).toBe(true);
  expect(panels.event("disconnect", { name: "Bob" })).toBe(true);
  expect(panels.event("connect", { name: "Dave" })).toBe(true);
  expect(panels.snapshot()).toEqual({
    room: { name: "The Lobby", exits: ["north"], present: ["Alice", "Carol"] },
    channels: [],
    online: ["Alice", "Dave"],
  });
});

test("a crowd's gathered connects and disconnects update who is online", () => {
  const panels = createPanelState();
  panels.event("look", look);
  expect(panels.event("crowd_presence", { connected: ["Dave", "Erin"], disconnected: ["Bob"] })).toBe(true);
  expect(panels.snapshot().online).toEqual(["Alice", "Dave", "Erin"]);
});

test("a malformed payload changes nothing", () => {
  const panels = createPanelState();
  expect(panels.event("look", { location: "nowhere" })).toBe(false);
  expect(panels.snapshot().room).toEqual({ name: "", exits: [], present: [] });
});

test("Room.Info sets the room, channel lines count as unread until read, reset forgets all", () => {
  const panels = createPanelState();
  panels.gmcp("Room.Info", { num: "r2", name: "Garden", exits: { south: "r1", gate: "" } });
  panels.gmcp("Comm.Channel.Text", { channel: "public", talker: "Eve", text: "hi" });
  panels.gmcp("Comm.Channel.Text", { channel: "public", talker: "Eve", text: "again" });
  expect(panels.snapshot()).toEqual({
    room: { name: "Garden", exits: ["south", "gate"], present: [] },
    channels: [{ name: "public", unread: 2 }],
    online: ["Eve"],
  });
  panels.markRead("public");
  expect(panels.snapshot().channels).toEqual([{ name: "public", unread: 0 }]);
  panels.reset();
  expect(panels.snapshot()).toEqual({ room: { name: "", exits: [], present: [] }, channels: [], online: [] });
});
