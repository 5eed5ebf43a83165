import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { isCleanLine, sanitizeText } from "./sanitize-text.ts";

describe("sanitizeText", () => {
  test.each<[string, string, string]>([
    ["an ANSI escape", "a\x1b[31mred", "a[31mred"],
    ["an OSC title escape", "\x1b]0;pwned\x07x", "]0;pwnedx"],
    ["a C1 CSI", "a\u009b31mb", "a31mb"],
    ["a bell and backspaces", "a\x07\x08\x08b", "ab"],
    ["a newline, which could forge a line", "hi\nAdmin says, hi", "hi Admin says, hi"],
    ["a line separator, which some clients break on", "hi\u2028Admin says, hi", "hi Admin says, hi"],
    ["a paragraph separator", "a\u2029b", "a b"],
    ["a tab", "a\tb", "a b"],
    ["a bidi override", "abc\u202Edcba", "abcdcba"],
    ["bidi isolates and marks", "a\u2066b\u2069c\u200Fd\u200Ee\u061Cf", "abcdef"],
    ["zero-width characters", "a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf", "abcdef"],
    ["a word joiner and invisible operators", "B\u2060o\u2061b\u2062\u2063\u2064", "Bob"],
    ["an Arabic letter mark and deprecated format controls", "x\u061c\u206a\u206fy", "xy"],
    ["a lone surrogate", "a\ud800b", "a\ufffdb"],
    ["ordinary text with ÿ and emoji", "ÿ 😀 é", "ÿ 😀 é"],
  ])("removes %s", (_name, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });

  test("newlines are kept only when asked, whatever their form", () => {
    expect(sanitizeText("a\r\nb\rc\u2028d", { newlines: true })).toBe("a\nb\nc\nd");
  });

  test("no invisible or line-breaking character survives, whatever the input", () => {
    const invisible = /[\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (s) => {
        expect(sanitizeText(s, { newlines: true })).not.toMatch(invisible);
      }),
    );
    for (let c = 0x2000; c <= 0x2070; c++)
      expect(sanitizeText(`a${String.fromCodePoint(c)}b`)).not.toMatch(invisible);
  });
});

describe("isCleanLine", () => {
  test.each([
    ["brass lamp", true],
    ["Ünïcödé 漢字 😀", true],
    ["Lamp \x1b]0;PWNED\x07", false],
    ["two\nlines", false],
    ["a\ttab", false],
    ["right\u202Eto left", false],
    ["zero\u200Bwidth", false],
    ["a\ud800b", false],
  ])("%p is clean: %p", (text, clean) => {
    expect(isCleanLine(text)).toBe(clean);
  });
});
