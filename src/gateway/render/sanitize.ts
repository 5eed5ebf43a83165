import { escapeMarkup } from "./markup.ts";

/** How to sanitise untrusted text. */
export interface SanitizeOptions {
  /** Keep line breaks (as LF); otherwise each becomes a space, so one say cannot forge extra lines. */
  readonly newlines?: boolean;
}

// C0 controls, DEL, C1 controls (U+0080–U+009F, which some terminals read as CSI/OSC), bidi overrides and isolates.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed.
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Neutralises text from players and plugins: ESC, C0/C1 controls and bidi overrides are removed, tabs become a
 * space, lone surrogates become U+FFFD. Telnet IAC cannot appear: output is UTF-8, which never contains byte 255,
 * and the telnet encoder doubles IAC regardless.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const wellFormed = text.toWellFormed();
  const lines = wellFormed.replace(/\r\n?/g, "\n").replaceAll("\t", " ");
  const flat = options.newlines ? lines : lines.replaceAll("\n", " ");
  return flat.replace(unsafe, "");
}

/** Untrusted text made safe to splice into server markup: sanitised, then markup-escaped so it cannot add colour. */
export function playerText(text: string, options: SanitizeOptions = {}): string {
  return escapeMarkup(sanitizeText(text, options));
}
