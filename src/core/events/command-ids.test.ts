import { describe, expect, test } from "bun:test";
import { commandSeed, derivedIds } from "./command-ids.ts";

const ulid = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

describe("command seeds", () => {
  test("a command's seed depends only on its key, so a retry in another process gets the same ids", () => {
    const seed = commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-1", 7);
    expect(commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-1", 7)).toBe(seed);
    expect(seed).toMatch(ulid);
    expect(seed.slice(0, 10)).toBe("01HZX3K7J8");
    const ids = derivedIds(seed);
    const again = derivedIds(commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-1", 7));
    expect([again(), again()]).toEqual([ids(), ids()]);
  });

  test("each part of the key changes the seed", () => {
    const seeds = [
      commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-1", 7),
      commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V7", "conn-1", 7),
      commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-2", 7),
      commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-1", 8),
      commandSeed("01HZX3K7J8M9N0P1Q2R3S4T5V6", "conn-17", 1),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
  });

  test("a session id that is not a ULID still gives a valid ULID seed", () => {
    expect(commandSeed("S1", "a", 1)).toMatch(ulid);
    expect(commandSeed("S1", "a", 1).slice(0, 10)).toBe("0000000000");
  });
});
