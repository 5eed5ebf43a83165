import { expect, test } from "bun:test";
import { growBuffer } from "./grow-buffer.ts";

test("a buffer is made at its first size, kept while it has room, then doubled with its bytes up to the cap", () => {
  const first = growBuffer(undefined, 0, 4, 10);
  expect(first.length).toBe(4);
  first.set([1, 2, 3, 4]);
  expect(growBuffer(first, 3, 4, 10)).toBe(first);
  const doubled = growBuffer(first, 4, 4, 10);
  expect([doubled.length, ...doubled.subarray(0, 4)]).toEqual([8, 1, 2, 3, 4]);
  expect(growBuffer(doubled, 8, 4, 10).length).toBe(10);
});
