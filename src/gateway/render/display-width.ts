// Code point ranges drawn two cells wide (East Asian Wide/Fullwidth, emoji) and zero wide (combining marks).
const wide: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
const zero: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xe0100, 0xe01ef],
];

const inRanges = (cp: number, ranges: readonly (readonly [number, number])[]): boolean =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** Terminal cells a code point takes: 0, 1 or 2. A reasonable approximation of wcwidth, not a full one. */
export function codePointWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (inRanges(cp, zero)) return 0;
  return inRanges(cp, wide) ? 2 : 1;
}

/** Matches one ANSI escape: CSI (ESC [ … final) or OSC (ESC ] … BEL or ST), or a lone ESC + char. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point.
export const ansiEscape = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])/y;

/** Calls `visit` for each ANSI escape (width 0, escape true) and each code point of `text`, in order. */
export function forEachPart(
  text: string,
  visit: (part: string, width: number, isEscape: boolean) => void,
): void {
  for (let i = 0; i < text.length; ) {
    if (text.charCodeAt(i) === 0x1b) {
      ansiEscape.lastIndex = i;
      if (ansiEscape.test(text)) {
        visit(text.slice(i, ansiEscape.lastIndex), 0, true);
        i = ansiEscape.lastIndex;
        continue;
      }
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    visit(text.slice(i, i + len), codePointWidth(cp), false);
    i += len;
  }
}

/** Cells `text` takes on a terminal, ignoring ANSI escapes. */
export function displayWidth(text: string): number {
  let width = 0;
  forEachPart(text, (_part, w) => {
    width += w;
  });
  return width;
}
