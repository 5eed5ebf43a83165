// C0 and C1 controls (ESC, CSI, BEL…) and DEL, except newline and tab; U+FFFD replaced invalid UTF-8 already.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Plugin text with terminal control characters removed and its length capped; it stays untrusted text. */
export function sanitizePluginText(text: string, maxLength = 4000): string {
  const clean = text.replace(controls, "");
  return clean.length > maxLength ? clean.slice(0, maxLength) : clean;
}
