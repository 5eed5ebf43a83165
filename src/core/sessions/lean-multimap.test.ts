import { describe, expect, test } from "bun:test";
import { createLeanMultimap } from "./lean-multimap.ts";

describe("a lean multimap", () => {
  test("keeps each key's values in the order added, each once, and counts them", () => {
    const map = createLeanMultimap<string, { n: number }>();
    const [a, b, c] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(map.add("k", a)).toBe(true);
    expect(map.add("k", a)).toBe(false);
    expect([...map.valuesOf("k")]).toEqual([a]);
    map.add("k", b);
    map.add("k", c);
    expect(map.add("k", b)).toBe(false);
    expect([...map.valuesOf("k")]).toEqual([a, b, c]);
    expect(map.countOf("k")).toBe(3);
    expect(map.countOf("other")).toBe(0);
    expect([...map.valuesOf("other")]).toEqual([]);
  });

  test("a key is gone with its last value, and deleting what is not there changes nothing", () => {
    const map = createLeanMultimap<string, string>();
    map.add("k", "a");
    map.add("k", "b");
    map.add("j", "c");
    expect(map.delete("k", "x")).toBe(false);
    expect(map.delete("k", "a")).toBe(true);
    expect([...map.valuesOf("k")]).toEqual(["b"]);
    expect(map.delete("k", "b")).toBe(true);
    expect(map.has("k")).toBe(false);
    expect(map.delete("k", "b")).toBe(false);
    expect(map.all()).toEqual(["c"]);
  });

  test("all lists every value of every key", () => {
    const map = createLeanMultimap<string, string>();
    map.add("k", "a");
    map.add("k", "b");
    map.add("j", "c");
    expect(map.all().sort()).toEqual(["a", "b", "c"]);
  });
});
