import { escapeMarkup } from "./markup.ts";

/** How to sanitise untrusted text. */
export interface SanitizeOptions {
  /** Keep line breaks (as LF); otherwise each becomes a space, so one say cannot forge extra lines. */
  readonly newlines?: boolean;
}

// C0 controls, DEL, C1 controls (U+0080–U+009F, which some terminals read as CSI/OSC), bidi overrides and
// isolates (U+202A–U+202E, U+2066–U+2069, the Arabic letter mark U+061C), and invisible characters that let a
// name or a line look like another: zero-width space, joiners and marks (U+200B–U+200F), word joiner and
// invisible operators (U+2060–U+2064; with them the reserved U+2065 and deprecated format controls to U+206F),
// the Mongolian vowel separator (U+180E), the byte-order mark (U+FEFF) and annotation marks (U+FFF9–U+FFFB).
// Known limitation: removing U+200C/U+200D also breaks emoji ZWJ sequences and some Persian and Indic spellings.
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: some terminals and clients break the line on them.
const separators = /[\u2028\u2029]/g;

/**
 * Neutralises text from players and plugins: ESC, C0/C1 controls, bidi overrides and invisible characters are
 * removed, tabs become a space, U+2028/U+2029 are line breaks like LF, lone surrogates become U+FFFD. Telnet IAC
 * cannot appear: output is UTF-8, which never contains byte 255, and the telnet encoder doubles IAC regardless.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const wellFormed = text.toWellFormed();
  const lines = wellFormed.replace(/\r\n?/g, "\n").replace(separators, "\n").replaceAll("\t", " ");
  const flat = options.newlines ? lines : lines.replaceAll("\n", " ");
  return flat.replace(unsafe, "");
}

/** Untrusted text made safe to splice into server markup: sanitised, then markup-escaped so it cannot add colour. */
export function playerText(text: string, options: SanitizeOptions = {}): string {
  return escapeMarkup(sanitizeText(text, options));
}
