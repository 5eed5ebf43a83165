import { displayWidth, forEachPart } from "./display-width.ts";

/** A word or a run of spaces, with its display width; escapes inside count zero. */
interface Token {
  readonly text: string;
  readonly width: number;
  readonly space: boolean;
}

/** Splits one line into tokens: runs of spaces, and words (which carry any ANSI escapes inside them). */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let text = "";
  let width = 0;
  let space = false;
  forEachPart(line, (part, w, isEscape) => {
    const isSpace = !isEscape && part === " ";
    if (isSpace !== space && text) {
      tokens.push({ text, width, space });
      text = "";
      width = 0;
    }
    space = isSpace;
    text += part;
    width += w;
  });
  if (text) tokens.push({ text, width, space });
  return tokens;
}

/** Breaks a word wider than `width` into pieces of at most `width` cells, keeping escapes and surrogates whole. */
function hardBreak(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let used = 0;
  forEachPart(word, (part, w) => {
    if (used + w > width && used > 0) {
      pieces.push(piece);
      piece = "";
      used = 0;
    }
    piece += part;
    used += w;
  });
  pieces.push(piece);
  return pieces;
}

/** Word-wraps `text` at `width` cells (80 by default), aware of ANSI escapes and wide characters. Line breaks stay. */
export function wrapText(text: string, width = 80): string {
  const limit = Math.max(1, Math.floor(width));
  return text
    .split("\n")
    .map((line) => wrapLine(line, limit))
    .join("\n");
}

/** Greedy wrap of one line: spaces at a break are dropped, leading indentation is kept. */
function wrapLine(line: string, width: number): string {
  const out: string[] = [];
  let current = "";
  let used = 0;
  let space: Token | undefined;
  for (const token of tokenize(line)) {
    if (token.space) {
      space = token;
      continue;
    }
    const gap = space && (used > 0 || out.length === 0) ? space : undefined;
    const gapWidth = gap?.width ?? 0;
    if (used + gapWidth + token.width <= width) {
      current += (gap?.text ?? "") + token.text;
      used += gapWidth + token.width;
    } else {
      // Escapes on an otherwise empty line move along with the next word.
      const carried = used > 0 ? "" : current;
      if (used > 0) out.push(current);
      const pieces = token.width > width ? hardBreak(carried + token.text, width) : [carried + token.text];
      out.push(...pieces.slice(0, -1));
      current = pieces.at(-1) ?? "";
      used = displayWidth(current);
    }
    space = undefined;
  }
  out.push(current);
  return out.join("\n");
}
