import { describe, expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { createFollowRegistry, type StreamChange } from "./session-following.ts";

const at = (stream: string, position: number) => ({ stream, position }) as StoredEvent;

describe("following a session's streams", () => {
  test("a change applied at dispatch and again by its command is applied once", () => {
    const registry = createFollowRegistry();
    using following = registry.open("s1", { "location:a": 0 }, {});
    const heard: StreamChange[] = [];
    following.onChange({ followChanged: (_streams, change) => heard.push(change) });
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

  test("every open output of a session hears a change, and one closed stops hearing while the others go on", () => {
    const registry = createFollowRegistry();
    const heard: string[] = [];
    const outputs = ["o1", "o2", "o3"].map((name) => {
      const following = registry.open("s1", { "location:a": 0 }, {});
      following.onChange({ followChanged: () => heard.push(name) });
      return following;
    });
    registry.change("s1", { add: ["location:b"], remove: ["location:a"] }, 5);
    expect(heard).toEqual(["o1", "o2", "o3"]);
    outputs[1]?.[Symbol.dispose]();
    outputs[0]?.[Symbol.dispose]();
    registry.change("s1", { add: ["location:c"], remove: ["location:b"] }, 9);
    expect(heard).toEqual(["o1", "o2", "o3", "o3"]);
    expect(outputs[2]?.accepts(at("location:c", 10))).toBe(true);
    outputs[2]?.[Symbol.dispose]();
    registry.change("s1", { add: ["location:d"] }, 12);
    expect(heard).toHaveLength(4);
  });

  test("a listener hears each change, and each left stream once it is done, through its followChanged method", () => {
    const registry = createFollowRegistry();
    using following = registry.open("s1", { "location:a": 0, "location:z": 0 }, { "location:z": 3 });
    const heard: (number | undefined)[] = [];
    following.onChange({ followChanged: (_streams, _change, position) => heard.push(position) });
    registry.change("s1", { add: ["location:b"] }, 5);
    expect(following.cursorsAt(4)).toEqual({ "location:a": 4, "location:z": 3, "location:b": 4 });
    expect(heard).toEqual([5, undefined]);
    expect(following.streams()).toEqual(["location:a", "location:b"]);
  });
});
