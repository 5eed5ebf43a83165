/** Typed text as speech: a plain message, a pose (`:waves`) or a semipose (`;'s hat falls`). */
export interface Speech {
  readonly text: string;
  readonly pose?: true;
  readonly semipose?: true;
}

/** Reads `:` and `;` at the start as a pose or a semipose, as MUSH players expect in pages and channels. */
export function parseSpeech(typed: string): Speech {
  const text = typed.trim();
  if (text.startsWith(":")) return { text: text.slice(1).trim(), pose: true };
  if (text.startsWith(";")) return { text: text.slice(1), semipose: true };
  return { text };
}
