import { expect, test } from "bun:test";
import { createFeedIndex } from "./feed-index.ts";

test("the index finds the watchers of a stream only, and follows their changes", () => {
  const index = createFeedIndex<string>();
  index.set("w1", ["location:1", "char:a"]);
  index.set("w2", ["location:1"]);
  index.set("w3", ["location:2"]);
  expect([...(index.watchersOf("location:1") ?? [])]).toEqual(["w1", "w2"]);
  index.set("w1", ["location:2", "char:a"]);
  expect([...(index.watchersOf("location:1") ?? [])]).toEqual(["w2"]);
  expect([...(index.watchersOf("location:2") ?? [])]).toEqual(["w3", "w1"]);
  index.remove("w2");
  expect(index.watchersOf("location:1")).toBeUndefined();
  expect(index.size).toBe(2);
});
