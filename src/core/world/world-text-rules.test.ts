import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import {
  checkDescription,
  checkExitNames,
  checkThingName,
  clipDescription,
  clipName,
  MAX_ALIASES,
  MAX_DESCRIPTION_BYTES,
  MAX_NAME_LENGTH,
} from "./world-text-rules.ts";

/** The refusal `check` throws, or undefined when it accepts. */
const refusal = (check: () => void): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    if (!isHoloError(error, "invalid_argument")) throw error;
    return error.message;
  }
};

describe("names of locations, exits and objects", () => {
  test.each([
    ["brass lamp"],
    ["Ünïcödé 漢字 😀"],
    ["100% wool"],
    ["[Brackets] and {braces}"],
    ["x".repeat(MAX_NAME_LENGTH)],
    ["😀".repeat(MAX_NAME_LENGTH)],
  ])("%p is accepted", (name) => {
    expect(refusal(() => checkThingName(name))).toBeUndefined();
  });

  test.each([
    ["", "A name cannot be empty."],
    ["   ", "A name cannot be empty."],
    ["x".repeat(MAX_NAME_LENGTH + 1), `A name can be at most ${MAX_NAME_LENGTH} characters.`],
    ["Lamp \x1b]0;PWNED\x07\x1b[2J", "A name cannot hold invisible or control characters."],
    ["a\u009b31mb", "A name cannot hold invisible or control characters."],
    ["evil\u202Etxt.exe", "A name cannot hold invisible or control characters."],
    ["zero\u200Bwidth", "A name cannot hold invisible or control characters."],
    ["line\u2028break", "A name cannot hold invisible or control characters."],
    ["tab\there", "A name cannot hold invisible or control characters."],
    ["%[red]Lamp", "A name cannot hold '%['."],
  ])("%p is refused", (name, line) => {
    expect(refusal(() => checkThingName(name))).toBe(line);
  });

  test("an exit may have up to the most aliases, each a fit name", () => {
    const aliases = Array.from({ length: MAX_ALIASES }, (_, i) => `a${i}`);
    expect(refusal(() => checkExitNames("North", aliases))).toBeUndefined();
    expect(refusal(() => checkExitNames("North", [...aliases, "one more"]))).toBe(
      `An exit may have at most ${MAX_ALIASES} aliases.`,
    );
    expect(refusal(() => checkExitNames("North", ["n", "\x1b[2J"]))).toBe(
      "A name cannot hold invisible or control characters.",
    );
  });
});

describe("descriptions", () => {
  test("up to the cap in bytes is accepted, one byte more is refused", () => {
    expect(refusal(() => checkDescription(""))).toBeUndefined();
    expect(refusal(() => checkDescription("x".repeat(MAX_DESCRIPTION_BYTES)))).toBeUndefined();
    expect(refusal(() => checkDescription("x".repeat(MAX_DESCRIPTION_BYTES + 1)))).toBe(
      `A description may be at most ${MAX_DESCRIPTION_BYTES} bytes.`,
    );
    // Measured as stored: a quote takes two bytes in the JSON of the event.
    expect(refusal(() => checkDescription('"'.repeat(MAX_DESCRIPTION_BYTES / 2 + 1)))).toBe(
      `A description may be at most ${MAX_DESCRIPTION_BYTES} bytes.`,
    );
  });

  test("a description with an escape is refused", () => {
    expect(refusal(() => checkDescription("A room.\x1b[2J"))).toBe(
      "A description cannot hold control characters or invisible formatting.",
    );
  });
});

describe("clipping stored text that predates the caps", () => {
  test("a long name is cut to the cap with an ellipsis; a short one is kept", () => {
    expect(clipName("lamp")).toBe("lamp");
    const clipped = clipName("😀".repeat(500));
    expect([...clipped]).toHaveLength(MAX_NAME_LENGTH);
    expect(clipped.endsWith("😀…")).toBe(true);
  });

  test.each([
    ["plain text", "x".repeat(20_000)],
    ["quotes, two bytes each in JSON", '"'.repeat(20_000)],
    ["controls, six bytes each in JSON", "\x01".repeat(20_000)],
    ["emoji, four bytes each", "😀".repeat(20_000)],
  ])("a long description of %s is cut to the cap as stored", (_kind, text) => {
    const clipped = clipDescription(text);
    expect(Buffer.byteLength(JSON.stringify(clipped), "utf8") - 2).toBeLessThanOrEqual(MAX_DESCRIPTION_BYTES);
    expect(Buffer.byteLength(JSON.stringify(clipped), "utf8") - 2).toBeGreaterThan(MAX_DESCRIPTION_BYTES - 8);
    expect(clipped.endsWith("…")).toBe(true);
    expect(clipDescription("A short room.")).toBe("A short room.");
  });
});
