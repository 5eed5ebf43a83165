import { HoloError } from "#shared/errors/holo-error.ts";
import { invisibleCharacterIn } from "#shared/text/visible-text.ts";
import { confusablesTable } from "./confusables-table.ts";
import { mixesScripts } from "./name-scripts.ts";

/** The shortest and longest name accepted, in characters (code points after NFC). */
export const NAME_LENGTH = { min: 3, max: 20 } as const;

/** The refusal of a name whose skeleton matches a name already taken. */
export const TOO_SIMILAR = "That name is too much like an existing one.";

const confusables = new Map(
  confusablesTable.split(" ").map((entry) => {
    const [from = "", to = ""] = entry.split(":");
    const text = String.fromCodePoint(...to.split(".").map((h) => Number.parseInt(h, 16)));
    return [Number.parseInt(from, 16), text] as const;
  }),
);

/** Full case folding, as far as JavaScript offers it: "ß" → "ss", final "ς" → "σ". */
const caseFold = (text: string) => text.toUpperCase().toLowerCase().normalize("NFD");

/** TR39's skeleton: NFD, each character mapped through confusables.txt, NFD again. */
export function confusableSkeleton(text: string): string {
  let out = "";
  for (const character of text.normalize("NFD"))
    out += confusables.get(character.codePointAt(0) ?? 0) ?? character;
  return out.normalize("NFD");
}

/**
 * The key two names that look alike share: the TR39 skeleton, case-folded. "AIice" (capital i), "A1ice" and
 * "Аlice" (Cyrillic А) all give the key of "Alice". Stores keep it beside each name, unique.
 */
export function nameSkeleton(name: string): string {
  return caseFold(confusableSkeleton(name));
}

/** Digits and letters that pass for one another once case and accents are gone. */
const lookAlike: Readonly<Record<string, string>> = {
  l: "i",
  "1": "i",
  "|": "i",
  "!": "i",
  "0": "o",
  "2": "z",
  "3": "e",
  "4": "a",
  "5": "s",
  "6": "g",
  "7": "t",
  "8": "b",
  "9": "g",
};

/**
 * A looser key, for reserved words only: the skeleton of the case-folded name, case-folded again, with marks
 * and punctuation removed and look-alike digits and letters folded, so "Adm1n", "admin_" and "ADMlN" all
 * give the key of "admin". With `dropTrailingDigits`, digits at the end go first ("Guest-7", "admin2").
 */
export function looseNameKey(name: string, dropTrailingDigits = false): string {
  const base = dropTrailingDigits ? name.replace(/[\p{P}\d]+$/u, "") : name;
  const folded = caseFold(confusableSkeleton(caseFold(base)));
  let out = "";
  for (const character of folded) {
    if (/[\p{M}\p{P}\p{S}\p{Z}]/u.test(character)) continue;
    out += lookAlike[character] ?? character;
  }
  return out;
}

/** Words the game gives a meaning to, or that would let a player pass for staff or the server. */
export const reservedNames: readonly string[] = [
  "here",
  "me",
  "home",
  "self",
  "myself",
  "all",
  "everyone",
  "everybody",
  "anyone",
  "anybody",
  "someone",
  "somebody",
  "nobody",
  "guest",
  "guests",
  "admin",
  "admins",
  "administrator",
  "sysadmin",
  "sysop",
  "root",
  "wizard",
  "god",
  "staff",
  "moderator",
  "owner",
  "system",
  "server",
  "console",
  "operator",
  "holomush",
  "connect",
  "register",
  "quit",
  "logout",
  "help",
  "who",
];

/**
 * The keys reserved words are compared by. Short words use the strict key (skeleton, case-folded, without
 * punctuation), since their loose keys catch real names ("Ali" would pass for "all"); longer ones the loose key.
 */
const strictKey = (name: string, dropTrailingDigits = false) =>
  nameSkeleton(dropTrailingDigits ? name.replace(/[\p{P}\d]+$/u, "") : name).replace(/[\p{P}\p{Z}]/gu, "");
const SHORT_WORD = 3;
const strictReserved = new Set(reservedNames.filter((w) => w.length <= SHORT_WORD).map((w) => strictKey(w)));
const looseReserved = new Set(reservedNames.filter((w) => w.length > SHORT_WORD).map((w) => looseNameKey(w)));

/** True when `name` is a reserved word or passes for one ("ADMlN", "admin_", "Guest-7", "A11"). */
export function isReservedName(name: string): boolean {
  return [false, true].some(
    (drop) => strictReserved.has(strictKey(name, drop)) || looseReserved.has(looseNameKey(name, drop)),
  );
}

/** A letter, a combining mark, an ASCII digit, `_` or `-`: what names are made of, in any script. */
const nameCharacter = /^[\p{L}\p{M}0-9_-]$/u;

/** Options of checkName. */
export interface CheckNameOptions {
  /** Skip the reserved-word rule: only for the first-start `admin` account. */
  readonly reservedOk?: boolean;
}

/** The refusal of a name that passes for a guest's. */
const GUEST_RESERVED = "That name is reserved for guests.";

const refuse = (message: string): never => {
  throw new HoloError("invalid_argument", message);
};

/**
 * Checks a new player or character name and returns it as stored (NFC). A name is one word of 3 to 20
 * letters (any script, one script at a time, as TR39's Highly Restrictive level), digits, `_` or `-`,
 * starting with a letter; it holds no control, bidi, zero-width or separator character, no special letter
 * form (fullwidth, mathematical: NFKC must leave it alone), and is no reserved word. Throws invalid_argument.
 */
export function checkName(name: string, options: CheckNameOptions = {}): string {
  const normal = name.normalize("NFC");
  const characters = [...normal];
  const usage = `A name must be one word of ${NAME_LENGTH.min} to ${NAME_LENGTH.max} letters, digits, '_' or '-'.`;
  if (invisibleCharacterIn(normal) !== undefined)
    refuse("A name cannot hold invisible or control characters.");
  if (characters.length < NAME_LENGTH.min || characters.length > NAME_LENGTH.max) refuse(usage);
  if (!characters.every((c) => nameCharacter.test(c))) refuse(usage);
  if (!/^\p{L}/u.test(normal)) refuse("A name must start with a letter.");
  if (/\p{M}{4}/u.test(normal.normalize("NFD"))) refuse("A name cannot stack so many accents on one letter.");
  if (normal.normalize("NFKC") !== normal)
    refuse("Please type the letters of your name in their plain form.");
  if (mixesScripts(normal)) refuse("A name must use the letters of one alphabet.");
  if (!options.reservedOk && isReservedName(normal))
    refuse(looseNameKey(normal, true) === looseNameKey("guest") ? GUEST_RESERVED : "That name is reserved.");
  return normal;
}
