import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { checkName, isReservedName, looseNameKey, nameSkeleton } from "./name-rules.ts";
import { mixesScripts, scriptNames } from "./name-scripts.ts";

const verdict = (name: string) => {
  try {
    return `ok ${checkName(name)}`;
  } catch (error) {
    return isHoloError(error) ? error.message : String(error);
  }
};

const usage = "A name must be one word of 3 to 20 letters, digits, '_' or '-'.";
const invisible = "A name cannot hold invisible or control characters.";

describe("name rules", () => {
  test.each([
    "Alice",
    "Bob",
    "Zoë",
    "Søren",
    "Ἀλέξανδρος",
    "Юлия",
    "Μαρία",
    "José",
    "Nguyễn",
    "山田太郎",
    "山田Taro",
    "김민준",
    "Ali",
    "Mia",
    "x_y-z",
    "R2D2",
    "Godfrey",
    "Homer",
    "Badminton",
    "Administrative",
  ])("%p is accepted", (name) => {
    expect(verdict(name)).toBe(`ok ${name.normalize("NFC")}`);
  });

  test.each([
    ["Carol Smith", usage],
    ["al", usage],
    ["a".repeat(21), usage],
    ["O'Neil", usage],
    ["Bob!", usage],
    ["Alice\u200b", invisible],
    ["Al\u200dice", invisible],
    ["Ali\u202ece", invisible],
    ["Alice\u2028", invisible],
    ["Ali\u0007ce", invisible],
    ["Ali\u00adce", invisible],
    ["Ali\u3164ce", invisible],
    ["Ali\u034fce", invisible],
    ["Alice\ufe0f", invisible],
    ["\u115fAlice", invisible],
    ["1Alice", "A name must start with a letter."],
    ["_Alice", "A name must start with a letter."],
    ["Ａlice", "Please type the letters of your name in their plain form."],
    ["𝐀lice", "Please type the letters of your name in their plain form."],
    ["Aﬁce", "Please type the letters of your name in their plain form."],
    ["Zalgo\u0301\u0302\u0303\u0304", "A name cannot stack so many accents on one letter."],
    ["Аlice", "A name must use the letters of one alphabet."],
    ["Pаypal", "A name must use the letters of one alphabet."],
    ["Αlice", "A name must use the letters of one alphabet."],
    ["admin", "That name is reserved."],
    ["Adm1n", "That name is reserved."],
    ["admin_", "That name is reserved."],
    ["ADMlN", "That name is reserved."],
    ["Admin2", "That name is reserved."],
    ["Administrator", "That name is reserved."],
    ["here", "That name is reserved."],
    ["HOME", "That name is reserved."],
    ["All", "That name is reserved."],
    ["A11", "That name is reserved."],
    ["Everyone", "That name is reserved."],
    ["System", "That name is reserved."],
    ["Self", "That name is reserved."],
    ["Wizard", "That name is reserved."],
    ["Guest", "That name is reserved for guests."],
    ["Guest-7", "That name is reserved for guests."],
    ["gu3st12", "That name is reserved for guests."],
  ])("%p is refused: %p", (name, message) => {
    expect(verdict(name)).toBe(message);
  });

  test("the first-start admin may keep the reserved name admin", () => {
    expect(checkName("admin", { reservedOk: true })).toBe("admin");
  });

  test("a name is stored in NFC, so a decomposed Zoë is the same name", () => {
    expect(checkName("Zoe\u0308")).toBe("Zoë");
  });

  test.each([
    ["Alice", "AIice"],
    ["Alice", "A1ice"],
    ["Alice", "ALICE".toLowerCase()],
    ["Alice", "Аlice"],
    ["Bob", "B0b"],
    ["Carmen", "Carrnen"],
    ["Zoë", "Zoe\u0308"],
    ["Paul", "PauI"],
  ])("%p and %p have the same look-alike key", (a, b) => {
    expect(nameSkeleton(b)).toBe(nameSkeleton(a));
  });

  test.each([
    ["Alice", "Alicia"],
    ["Ali", "All"],
    ["Zoë", "Zoe"],
    ["Søren", "Soren"],
  ])("%p and %p are different names", (a, b) => {
    expect(nameSkeleton(b)).not.toBe(nameSkeleton(a));
  });

  test("reserved words are compared loosely, but real names that merely contain one pass", () => {
    expect([looseNameKey("ADMlN"), looseNameKey("Adm1n"), looseNameKey("admin_")]).toEqual(
      Array(3).fill(looseNameKey("admin")),
    );
    expect(["Badminton", "Homer", "Ali", "Selfie", "Allison"].filter(isReservedName)).toEqual([]);
  });
});

describe("scripts", () => {
  test.each([
    ["Alice", false],
    ["Юлия", false],
    ["山田Taro", false],
    ["김Kim", false],
    ["Аlice", true],
    ["Юлия\u0301", false],
    ["ΑBC", true],
    ["abcか", false],
    ["Юか", true],
  ])("%p mixes scripts: %p", (name, mixed) => {
    expect(mixesScripts(name)).toBe(mixed);
  });

  test("every letter the regex engine knows belongs to a listed script, so no script mixes unseen", () => {
    const supported = scriptNames.filter((name) => {
      try {
        return new RegExp(`\\p{Script=${name}}`, "u") !== undefined;
      } catch {
        return false;
      }
    });
    const listed = new RegExp(
      `[${supported.map((n) => `\\p{Script_Extensions=${n}}`).join("")}\\p{Script_Extensions=Common}\\p{Script_Extensions=Inherited}]`,
      "u",
    );
    const unlisted: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const character = String.fromCodePoint(cp);
      if (/\p{L}/u.test(character) && !listed.test(character)) unlisted.push(cp.toString(16));
    }
    expect(unlisted).toEqual([]);
  });
});
