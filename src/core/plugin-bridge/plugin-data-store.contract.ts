import { describe, expect, test } from "bun:test";
import type { PluginDataStore } from "./core-plugins.ts";

/** The behaviour every PluginDataStore adapter must show: memory, embedded and Postgres alike. */
export function pluginDataStoreContract(
  name: string,
  open: () => Promise<PluginDataStore> | PluginDataStore,
): void {
  describe(`PluginDataStore contract: ${name}`, () => {
    test("a missing key reads as undefined", async () => {
      const kv = await open();
      expect(await kv.get("p", "nothing")).toBeUndefined();
    });

    test("a set value is read back and a deleted one is gone", async () => {
      const kv = await open();
      await kv.set("p", "k", "héllo");
      expect(await kv.get("p", "k")).toBe("héllo");
      await kv.delete("p", "k");
      expect(await kv.get("p", "k")).toBeUndefined();
    });

    test("plugins do not see each other's keys", async () => {
      const kv = await open();
      await kv.set("a", "k", "1");
      await kv.set("b", "k", "2");
      expect(await kv.get("a", "k")).toBe("1");
      expect([...(await kv.entries("b"))]).toEqual([["k", "2"]]);
    });

    test("apply performs every change in order", async () => {
      const kv = await open();
      await kv.set("p", "old", "x");
      await kv.apply("p", [
        { key: "a", value: "1" },
        { key: "a", value: "2" },
        { key: "old", value: undefined },
      ]);
      expect([...(await kv.entries("p"))]).toEqual([["a", "2"]]);
    });

    test("entries are listed by key, whatever order they were written in", async () => {
      const kv = await open();
      await kv.set("p", "c", "3");
      await kv.set("p", "a", "1");
      await kv.apply("p", [{ key: "b", value: "2" }]);
      expect([...(await kv.entries("p"))]).toEqual([
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
      ]);
    });

    test("a plugin that never wrote has no entries", async () => {
      const kv = await open();
      await kv.set("other", "k", "v");
      expect([...(await kv.entries("p"))]).toEqual([]);
    });
  });
}
