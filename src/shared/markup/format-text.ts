import type { Markup } from "./markup.ts";
import { escapeMarkup } from "./markup.ts";
import type { PronounSet } from "./pronouns.ts";
import { sanitizeText } from "./sanitize-text.ts";

/** What %-substitutions put in: the actor's name (%n) and pronouns (%s %o %p %a). */
export interface Substitutions {
  readonly name: string;
  readonly pronouns: PronounSet;
}

/** MUSH colour letters (`%ch`, `%cr`, `%cR` for a red background) as server markup tags. */
const colourLetters: Readonly<Record<string, string>> = {
  h: "bold",
  u: "underline",
  i: "reverse",
  x: "black",
  r: "red",
  g: "green",
  y: "yellow",
  b: "blue",
  m: "magenta",
  c: "cyan",
  w: "white",
  X: "bg:black",
  R: "bg:red",
  G: "bg:green",
  Y: "bg:yellow",
  B: "bg:blue",
  M: "bg:magenta",
  C: "bg:cyan",
  W: "bg:white",
};

const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** The text a one-letter %-code stands for, or undefined when the letter is no code. */
function codeText(letter: string, subs: Substitutions): string | undefined {
  const lower = letter.toLowerCase();
  const upper = letter !== lower;
  const word = (w: string) => escapeMarkup(upper ? capital(w) : w);
  switch (lower) {
    case "r":
      return "\n";
    case "t":
      return "    ";
    case "b":
      return " ";
    case "n":
      return word(subs.name);
    case "s":
    case "o":
    case "p":
    case "a":
      return word(subs.pronouns[lower]);
    default:
      return undefined;
  }
}

/**
 * Applies MUSH %-substitutions to player text, giving formatted text (server markup source, still untrusted:
 * formattedText makes it safe to show). `%r` newline, `%t` tab (four spaces), `%b` space, `%%` percent, `%n` the
 * actor's name, `%s %o %p %a` pronouns (capitalised as `%N %S %O %P %A`), `%c<letter>` a MUSH colour and `%cn`
 * back to normal, `%[…]` server markup. Data only: nothing a player writes runs. An unfinished or unknown `%`
 * sequence is kept literally, never an error.
 */
export function substitute(text: string, subs: Substitutions): string {
  let out = "";
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch !== "%" || next === undefined) {
      out += ch === "%" ? "%%" : ch;
      continue;
    }
    if (next === "%") out += "%%";
    else if (next === "[" && text.indexOf("]", i + 2) > 0) {
      const end = text.indexOf("]", i + 2);
      const body = text.slice(i + 2, end).trim();
      if (body !== "/") open++;
      else if (open === 0) {
        i = end;
        continue;
      } else open--;
      out += text.slice(i, end + 1);
      i = end;
      continue;
    } else if ((next === "c" || next === "C") && text[i + 2] !== undefined) {
      const letter = text[i + 2] as string;
      if (letter === "n") {
        out += "%[/]".repeat(open);
        open = 0;
      } else if (colourLetters[letter] !== undefined) {
        out += `%[${colourLetters[letter]}]`;
        open++;
      } else out += `%%${next}${escapeMarkup(letter)}`;
      i += 2;
      continue;
    } else out += codeText(next, subs) ?? `%%${escapeMarkup(next)}`;
    i++;
  }
  return out + "%[/]".repeat(open);
}

/** Words a `%[…]` tag may hold: the markup's own (src/gateway/render/README.md) and nothing that could escape. */
const SAFE_TAG = /^[a-z0-9#:\s/-]*$/i;

/**
 * Formatted text (from substitute, or any stored or plugin-written string) as markup that is safe to send:
 * sanitised (line breaks kept), each `%[…]` span kept only when it is well formed and closed (unclosed ones are
 * closed at the end, stray closers dropped), every other `%` shown literally. So colour cannot leak past the text.
 */
export function formattedText(text: string): Markup {
  const clean = sanitizeText(text, { newlines: true });
  let out = "";
  let open = 0;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i] as string;
    const next = clean[i + 1];
    if (ch === "%" && next === "%") {
      out += "%%";
      i++;
    } else if (ch === "%" && next === "[") {
      const end = clean.indexOf("]", i + 2);
      const body = end < 0 ? "" : clean.slice(i + 2, end);
      if (end < 0 || !SAFE_TAG.test(body)) {
        out += "%%";
        continue;
      }
      if (body.trim() === "/") {
        if (open > 0) {
          out += "%[/]";
          open--;
        }
      } else {
        out += `%[${body}]`;
        open++;
      }
      i = end;
    } else out += ch === "%" ? "%%" : ch;
  }
  return (out + "%[/]".repeat(open)) as Markup;
}
