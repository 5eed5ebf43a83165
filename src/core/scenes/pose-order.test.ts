import { describe, expect, test } from "bun:test";
import { nextPoser, poseOrder } from "./pose-order.ts";
import type { SceneLogEntry } from "./scene-log.ts";

const MIN = 60_000;
const scene = {
  participants: new Map([
    ["a", "Alice"],
    ["b", "Bob"],
    ["c", "Carol"],
  ]),
  joinedAt: new Map([
    ["a", 0],
    ["b", 0],
    ["c", 0],
  ]),
  idleMinutes: 30,
};
const line = (position: number, authorId: string, minute: number, ooc = false): SceneLogEntry => ({
  position,
  at: minute * MIN,
  kind: "pose",
  ooc,
  authorId,
  name: authorId,
  text: "acts.",
  semipose: false,
});

describe("pose order", () => {
  test("someone quiet past the idle limit leaves the order, not the scene, and is back once they pose", () => {
    const log = [line(1, "c", 1), line(2, "a", 20), line(3, "b", 25)];
    expect(poseOrder(scene, log, 40 * MIN)).toEqual({
      turns: [
        { id: "a", name: "Alice", since: 1 },
        { id: "b", name: "Bob", since: 0 },
      ],
      idle: [{ id: "c", name: "Carol" }],
    });
    const back = [...log, line(4, "c", 41)];
    expect(poseOrder(scene, back, 41 * MIN).turns.map((t) => t.id)).toEqual(["a", "b", "c"]);
  });

  test("an idle limit of 0 keeps everyone in the order", () => {
    const log = [line(1, "c", 1)];
    expect(poseOrder({ ...scene, idleMinutes: 0 }, log, 600 * MIN).idle).toEqual([]);
  });

  test("out-of-character lines take no turn and count as no line since", () => {
    const log = [line(1, "a", 1), line(2, "b", 2), line(3, "a", 3, true)];
    expect(poseOrder(scene, log, 4 * MIN).turns).toEqual([
      { id: "c", name: "Carol", since: undefined },
      { id: "a", name: "Alice", since: 1 },
      { id: "b", name: "Bob", since: 0 },
    ]);
  });

  test("the next poser is whoever the order puts first", () => {
    const last = new Map([
      ["a", { position: 2, at: MIN }],
      ["b", { position: 1, at: MIN }],
      ["c", { position: 3, at: MIN }],
    ]);
    expect(nextPoser(scene, last, 2 * MIN)).toBe("b");
    expect(nextPoser(scene, last, 40 * MIN)).toBeUndefined();
  });
});
