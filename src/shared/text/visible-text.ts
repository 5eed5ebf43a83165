import { HoloError } from "../errors/holo-error.ts";

/**
 * Characters that show nothing, or change how the text around them shows: controls (C0, DEL, C1), format
 * characters (bidi controls, zero-width space and joiners, the BOM, soft hyphen, tags), U+2028 and U+2029,
 * private use, lone surrogates, unassigned code points, spaces other than U+0020, and the blank letters and
 * marks (Hangul fillers, braille blank, combining grapheme joiner, variation selectors) that pass for text.
 */
const invisible =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0\u2800]|\p{Variation_Selector}/u;

/** Combining marks that show nothing: the combining grapheme joiner and the Khmer inherent vowels. */
const blankMarks: ReadonlySet<number> = new Set([0x034f, 0x17b4, 0x17b5]);

/** The first invisible or layout-changing character of `text` (see above), or undefined when there is none. */
export function invisibleCharacterIn(text: string): string | undefined {
  const found = invisible.exec(text)?.[0];
  if (found !== undefined) return found;
  return [...text].find((c) => blankMarks.has(c.codePointAt(0) ?? 0));
}

/** How checkVisibleText words its refusals and where it cuts. */
export interface VisibleTextOptions {
  /** What the text is, at the start of a sentence: "A name", "An exit name". */
  readonly what: string;
  /** The most characters (code points, after NFC) accepted. */
  readonly maxLength: number;
}

/**
 * Checks a short label a player types (a name of an object, exit or room): trimmed, NFC, not empty, at most
 * `maxLength` characters, and holding no invisible or layout-changing character. Returns the text to store;
 * throws invalid_argument otherwise. Validate on write, so stored labels never hold such characters.
 */
export function checkVisibleText(text: string, options: VisibleTextOptions): string {
  const normal = text.normalize("NFC").trim();
  if (normal === "") throw new HoloError("invalid_argument", `${options.what} cannot be empty.`);
  if (invisibleCharacterIn(normal) !== undefined)
    throw new HoloError("invalid_argument", `${options.what} cannot hold invisible or control characters.`);
  if ([...normal].length > options.maxLength)
    throw new HoloError(
      "invalid_argument",
      `${options.what} can be at most ${options.maxLength} characters.`,
    );
  return normal;
}
