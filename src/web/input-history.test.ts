import { expect, test } from "bun:test";
import { createInputHistory } from "./input-history.ts";
import { memoryKeyValueStore } from "./key-value-store.ts";

test("up walks back from the draft, down walks forward and returns the draft", () => {
  const history = createInputHistory({ store: memoryKeyValueStore() });
  history.add("look");
  history.add("say hi");
  expect(history.older("dra")).toBe("say hi");
  expect(history.older("say hi")).toBe("look");
  expect(history.older("look")).toBeUndefined();
  expect(history.newer()).toBe("say hi");
  expect(history.newer()).toBe("dra");
  expect(history.newer()).toBeUndefined();
});

test("each character keeps its own history across reloads, bounded, without repeats", () => {
  const store = memoryKeyValueStore();
  const first = createInputHistory({ store, limit: 2 });
  first.use("Alice");
  for (const c of ["a", "b", "b", "c"]) first.add(c);
  first.use("Bob");
  first.add("x");
  const reloaded = createInputHistory({ store });
  reloaded.use("Alice");
  expect([reloaded.older(""), reloaded.older(""), reloaded.older("")]).toEqual(["c", "b", undefined]);
  reloaded.use("Bob");
  expect(reloaded.older("")).toBe("x");
});

test("an unreadable stored history starts empty", () => {
  const store = memoryKeyValueStore();
  store.setItem("holomush.history.Alice", "{not json");
  const history = createInputHistory({ store });
  history.use("Alice");
  expect(history.older("")).toBeUndefined();
});
