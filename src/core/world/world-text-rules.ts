import { HoloError } from "#shared/errors/holo-error.ts";
import { isCleanLine } from "#shared/markup/sanitize-text.ts";
import { checkVisibleText } from "#shared/text/visible-text.ts";

/** The longest name of a location, exit, exit alias or object, in characters (code points). */
export const MAX_NAME_LENGTH = 60;

/** The most aliases one exit may have. */
export const MAX_ALIASES = 10;

/**
 * The longest description of a location, exit, object or character, in bytes of the UTF-8 JSON string that
 * carries it: a look holds one, and MAX_PAYLOAD_BYTES (16 KiB) must leave room for the rest.
 */
export const MAX_DESCRIPTION_BYTES = 4096;

const refuse = (line: string): never => {
  throw new HoloError("invalid_argument", line);
};

/** Throws invalid_argument unless `name` is a fit name for a location, exit, alias or object. */
export function checkThingName(name: string): void {
  // The same rule as for account and character names: no invisible or layout-changing character at all.
  checkVisibleText(name, { what: "A name", maxLength: MAX_NAME_LENGTH });
  // A name reads as plain text everywhere; one that looks like colour markup would only confuse.
  if (name.includes("%[")) refuse("A name cannot hold '%['.");
}

/** Throws invalid_argument unless an exit's name and aliases are fit and few enough. */
export function checkExitNames(name: string, aliases: readonly string[]): void {
  if (aliases.length > MAX_ALIASES) refuse(`An exit may have at most ${MAX_ALIASES} aliases.`);
  for (const word of [name, ...aliases]) checkThingName(word);
}

/** Throws invalid_argument unless `text` is a fit description (it may be empty). */
export function checkDescription(text: string): void {
  if (jsonBytes(text) > MAX_DESCRIPTION_BYTES)
    refuse(`A description may be at most ${MAX_DESCRIPTION_BYTES} bytes.`);
  if (!isCleanLine(text)) refuse("A description cannot hold control characters or invisible formatting.");
}

/** The bytes `text` takes as a JSON string in UTF-8, quotes excluded. */
function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), "utf8") - 2;
}

/**
 * A stored name as events and output may carry it: names written before the caps (or by a plugin) can be any
 * length, so one longer than MAX_NAME_LENGTH is cut there, with "…".
 */
export function clipName(name: string): string {
  const chars = [...name];
  return chars.length <= MAX_NAME_LENGTH ? name : `${chars.slice(0, MAX_NAME_LENGTH - 1).join("")}…`;
}

/** A stored description cut, with "…", to MAX_DESCRIPTION_BYTES as a JSON string, for the same reason. */
export function clipDescription(text: string): string {
  if (jsonBytes(text) <= MAX_DESCRIPTION_BYTES) return text;
  let kept = "";
  let bytes = jsonBytes("…");
  for (const char of text) {
    bytes += jsonBytes(char);
    if (bytes > MAX_DESCRIPTION_BYTES) break;
    kept += char;
  }
  return `${kept}…`;
}
