// C0 controls (line breaks included), DEL, C1 controls, bidi marks, overrides and isolates, line and paragraph
// separators, and zero-width and other invisible format characters: anything that could end a log line early,
// drive the operator's terminal, or make a logged name read as another.
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being escaped.
  /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|\p{Cs}/gu;

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `text` with every control, bidi, separator and invisible character (and any lone surrogate) written as a
 * `\uXXXX` escape, so a logged value stays on its line and shows as what it is. Inside a JSON string the
 * result is still valid JSON with the same value.
 */
export function escapeLogText(text: string): string {
  return text.replace(unsafe, unicodeEscape);
}
