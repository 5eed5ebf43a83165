import { describe, expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { createFollowRegistry, type StreamChange } from "./session-following.ts";

const at = (stream: string, position: number) => ({ stream, position }) as StoredEvent;

describe("following a session's streams", () => {
  test("a change applied at dispatch and again by its command is applied once", () => {
    const registry = createFollowRegistry();
    using following = registry.open("s1", { "location:a": 0 }, {});
    const heard: StreamChange[] = [];
    following.onChange((_streams, change) => heard.push(change));
    const move = { add: ["location:b"], remove: ["location:a"] };
    registry.change("s1", move, 5);
    registry.change("s1", move, 5);
    expect(heard).toEqual([move]);
    expect(following.accepts(at("location:b", 6))).toBe(true);
    expect(following.accepts(at("location:a", 6))).toBe(false);
  });

  test("a late repeat of an older move does not undo a newer one", () => {
    const registry = createFollowRegistry();
    using following = registry.open("s1", { "location:a": 0 }, {});
    registry.change("s1", { add: ["location:b"], remove: ["location:a"] }, 5);
    registry.change("s1", { add: ["location:a"], remove: ["location:b"] }, 9);
    registry.change("s1", { add: ["location:b"], remove: ["location:a"] }, 5);
    expect(following.accepts(at("location:a", 10))).toBe(true);
    expect(following.accepts(at("location:b", 10))).toBe(false);
    expect(following.accepts(at("location:b", 7))).toBe(true);
  });

  test("has() answers for a stream as streams() lists it, the one being left included", () => {
    const registry = createFollowRegistry();
    using following = registry.open("s1", { "location:a": 0 }, {});
    registry.change("s1", { add: ["location:b"], remove: ["location:a"] }, 5);
    for (const stream of ["location:a", "location:b", "location:c"])
      expect(following.has(stream)).toBe(following.streams().includes(stream));
    expect(following.has("location:b")).toBe(true);
  });
});
