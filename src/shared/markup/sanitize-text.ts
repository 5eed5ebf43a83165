/** How to sanitise untrusted text. */
export interface SanitizeOptions {
  /** Keep line breaks (as LF); otherwise each becomes a space, so one say cannot forge extra lines. */
  readonly newlines?: boolean;
}

// C0 controls (but tab and LF, handled below), DEL, C1 controls (U+0080–U+009F, which some terminals read as
// CSI/OSC), bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069),
// zero-width and invisible characters (U+180E, U+200B–U+200D, U+2060–U+2064, U+FEFF; with them the reserved
// U+2065 and the deprecated format controls U+206A–U+206F) and the interlinear
// annotation marks (U+FFF9–U+FFFB): none is ever wanted on a terminal, and each can hide or reorder text.
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * Neutralises text from players, plugins and the store: ESC, C0/C1 controls, bidi controls and invisible
 * characters are removed; tabs become a space; CR LF, CR and U+2028/U+2029 are line breaks (a space unless
 * `newlines`); lone surrogates become U+FFFD. Telnet IAC cannot appear: output is UTF-8, which never contains
 * byte 255, and the telnet encoder doubles IAC regardless.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const wellFormed = text.toWellFormed();
  const lines = wellFormed.replace(/\r\n?|[\u2028\u2029]/g, "\n").replaceAll("\t", " ");
  const flat = options.newlines ? lines : lines.replaceAll("\n", " ");
  return flat.replace(unsafe, "");
}

/** True when `text` is one line that sanitizeText leaves as it is: no control, bidi or invisible character. */
export function isCleanLine(text: string): boolean {
  return sanitizeText(text) === text && !text.includes("\t");
}
