import { describe, expect, test } from "bun:test";
import { firstSorted } from "./first-sorted.ts";

const byCollation = new Intl.Collator().compare;

describe("the first sorted values", () => {
  test("are the same as a full sort's first ones, with duplicates counted once", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const names = Array.from({ length: 500 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => "aAbBéeZz"[Math.floor(random() * 8)]).join(
        "",
      ),
    );
    const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
    for (const limit of [0, 1, 5, 50, sorted.length, sorted.length + 3]) {
      const { first, distinct } = firstSorted(names, limit, byCollation);
      expect(first).toEqual(sorted.slice(0, limit));
      expect(distinct).toBe(sorted.length);
    }
  });

  test("an empty list gives nothing and counts nothing", () => {
    expect(firstSorted([], 50, byCollation)).toEqual({ first: [], distinct: 0 });
  });
});
