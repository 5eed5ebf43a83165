import { expect, test } from "bun:test";
import { createMemoryPluginDataStore } from "./memory-plugin-data-store.ts";

test("the memory plugin data store keeps one namespace per plugin and lists entries by key", async () => {
  const kv = createMemoryPluginDataStore();
  await kv.set("dice", "b", "2");
  await kv.apply("dice", [
    { key: "a", value: "1" },
    { key: "b", value: undefined },
    { key: "c", value: "3" },
  ]);
  await kv.set("echo", "a", "other");
  await kv.delete("dice", "c");
  expect(await kv.get("dice", "a")).toBe("1");
  expect(await kv.get("dice", "b")).toBeUndefined();
  expect([...(await kv.entries("dice"))]).toEqual([["a", "1"]]);
  expect([...(await kv.entries("echo"))]).toEqual([["a", "other"]]);
});
