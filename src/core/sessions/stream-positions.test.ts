import { describe, expect, test } from "bun:test";
import {
  deletePosition,
  hasPosition,
  positionOf,
  type StreamPositions,
  setPosition,
  streamPositions,
  streamsOf,
} from "./stream-positions.ts";

/** The positions and a Map given the same operations must agree at every step. */
function agree(positions: StreamPositions, map: Map<string, number>) {
  expect(streamsOf(positions)).toEqual([...map.keys()]);
  for (const stream of ["a", "b", "s3", "s9", "none"]) {
    expect(positionOf(positions, stream)).toBe(map.get(stream));
    expect(hasPosition(positions, stream)).toBe(map.has(stream));
  }
}

describe("positions per stream", () => {
  test("they answer as a Map does, in its order, for a few streams and past the many a list holds", () => {
    let positions = streamPositions([
      ["a", 1],
      ["b", 2],
    ]);
    const map = new Map([
      ["a", 1],
      ["b", 2],
    ]);
    agree(positions, map);
    for (let n = 0; n < 12; n++) {
      positions = setPosition(positions, `s${n}`, n);
      map.set(`s${n}`, n);
      agree(positions, map);
    }
    positions = setPosition(positions, "a", 7);
    map.set("a", 7);
    expect(deletePosition(positions, "b")).toBe(map.delete("b"));
    expect(deletePosition(positions, "b")).toBe(map.delete("b"));
    agree(positions, map);
  });

  test("a stream set again keeps its place, and one deleted and set again goes last", () => {
    let positions = streamPositions();
    positions = setPosition(positions, "a", 1);
    positions = setPosition(positions, "b", 2);
    positions = setPosition(positions, "a", 3);
    expect(streamsOf(positions)).toEqual(["a", "b"]);
    expect(deletePosition(positions, "a")).toBe(true);
    expect(deletePosition(positions, "a")).toBe(false);
    positions = setPosition(positions, "a", 4);
    expect(streamsOf(positions)).toEqual(["b", "a"]);
    expect(positionOf(positions, "a")).toBe(4);
  });
});
