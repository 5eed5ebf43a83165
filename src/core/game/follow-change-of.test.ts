import { describe, expect, test } from "bun:test";
import { channelEventTypes } from "#core/channels/channel-events.ts";
import type { StoredEvent } from "#core/events/event.ts";
import { followChangeOf } from "./follow-change-of.ts";

const event = (stream: string, type: string, payload: unknown) =>
  ({ stream, type, payload, position: 7 }) as unknown as StoredEvent;

describe("the change of followed streams an event causes", () => {
  test("a move leaves the old room and joins the new one", () => {
    const moved = event("world", "character_moved", { id: "c1", name: "Alice", from: "lobby", to: "garden" });
    expect(followChangeOf(moved)).toEqual({
      characterId: "c1",
      change: { add: ["location:garden"], remove: ["location:lobby"] },
    });
  });

  test("a channel join or leave joins or leaves that channel", () => {
    const join = event("channel:public", channelEventTypes.join, { name: "Alice", characterId: "c1" });
    const leave = event("channel:public", channelEventTypes.leave, { name: "Alice", characterId: "c1" });
    expect(followChangeOf(join)).toEqual({ characterId: "c1", change: { add: ["channel:public"] } });
    expect(followChangeOf(leave)).toEqual({ characterId: "c1", change: { remove: ["channel:public"] } });
  });

  test("a kick or a ban leaves the channel for the one kicked or banned, not for the moderator", () => {
    const who = { channel: "Public", name: "Alice", target: "Bob", characterId: "c2" };
    for (const type of [channelEventTypes.kick, channelEventTypes.ban])
      expect(followChangeOf(event("channel:public", type, who))).toEqual({
        characterId: "c2",
        change: { remove: ["channel:public"] },
      });
    expect(followChangeOf(event("channel:public", channelEventTypes.mute, who))).toBeUndefined();
  });

  test("a gag on the player's own stream leaves the channel it names, an ungag follows it again", () => {
    const who = { channel: "Public", characterId: "c1" };
    expect(followChangeOf(event("char:c1", channelEventTypes.gag, who))).toEqual({
      characterId: "c1",
      change: { remove: ["channel:public"] },
    });
    expect(followChangeOf(event("char:c1", channelEventTypes.ungag, who))).toEqual({
      characterId: "c1",
      change: { add: ["channel:public"] },
    });
  });

  test("a scene's start or join follows its stream, a leave stops, an invitation does nothing", () => {
    const who = { scene: 3, name: "Alice", characterId: "c1" };
    expect(followChangeOf(event("scene:3", "scene.start", who))).toEqual({
      characterId: "c1",
      change: { add: ["scene:3"] },
    });
    expect(followChangeOf(event("scene:3", "scene.join", who))).toEqual({
      characterId: "c1",
      change: { add: ["scene:3"] },
    });
    expect(followChangeOf(event("scene:3", "scene.leave", who))).toEqual({
      characterId: "c1",
      change: { remove: ["scene:3"] },
    });
    expect(followChangeOf(event("scene:3", "scene.invite", { ...who, invitee: "Bob" }))).toBeUndefined();
    expect(followChangeOf(event("location:lobby", "scene.join", who))).toBeUndefined();
  });

  test("a say changes nothing", () => {
    expect(followChangeOf(event("location:lobby", "say", { text: "hi" }))).toBeUndefined();
  });
});
