/**
 * The commands in what the player typed or pasted, in order: one per line (CRLF, CR or LF), trailing
 * whitespace cut, blank lines dropped (a blank Enter sends nothing).
 */
export function splitPaste(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== "");
}
