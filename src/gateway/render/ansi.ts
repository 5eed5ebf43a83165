import type { Color, Style } from "#shared/markup/parse-markup.ts";
import type { ColorDepth } from "./color-depth.ts";

/** The 16 ANSI colours as xterm draws them, for downgrading. */
const ansi16: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [205, 0, 0],
  [0, 205, 0],
  [205, 205, 0],
  [0, 0, 238],
  [205, 0, 205],
  [0, 205, 205],
  [229, 229, 229],
  [127, 127, 127],
  [255, 0, 0],
  [0, 255, 0],
  [255, 255, 0],
  [92, 92, 255],
  [255, 0, 255],
  [0, 255, 255],
  [255, 255, 255],
];
const cubeLevels = [0, 95, 135, 175, 215, 255] as const;

type Rgb = readonly [number, number, number];

function paletteToRgb(index: number): Rgb {
  if (index < 16) return ansi16[index]!;
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return [v, v, v];
  }
  const n = index - 16;
  return [cubeLevels[Math.floor(n / 36)]!, cubeLevels[Math.floor(n / 6) % 6]!, cubeLevels[n % 6]!];
}

const dist = (a: Rgb, b: Rgb): number => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

function nearest(rgb: Rgb, from: number, to: number): number {
  let best = from;
  for (let i = from; i <= to; i++) if (dist(rgb, paletteToRgb(i)) < dist(rgb, paletteToRgb(best))) best = i;
  return best;
}

function toRgb(c: Color): Rgb {
  return c.kind === "rgb" ? [c.r, c.g, c.b] : paletteToRgb(c.index);
}

/** SGR parameters for a colour at `depth`, downgraded as needed (truecolor → 256 → 16). */
export function colorSgr(c: Color, depth: Exclude<ColorDepth, "none">, background: boolean): string {
  if (depth === "truecolor" && c.kind === "rgb") return `${background ? 48 : 38};2;${c.r};${c.g};${c.b}`;
  if ((depth === "truecolor" || depth === "256") && c.kind !== "ansi") {
    const index = c.kind === "palette" ? c.index : nearest(toRgb(c), 16, 255);
    return `${background ? 48 : 38};5;${index}`;
  }
  const index = c.kind === "ansi" ? c.index : nearest(toRgb(c), 0, 15);
  const base = (background ? 40 : 30) + (index >= 8 ? 60 : 0);
  return String(base + (index % 8));
}

/** The escape sequence that sets `style` from a reset state, or "" when the style is plain or depth is none. */
export function styleSgr(style: Style, depth: ColorDepth): string {
  if (depth === "none") return "";
  const params: string[] = [];
  if (style.bold) params.push("1");
  if (style.dim) params.push("2");
  if (style.italic) params.push("3");
  if (style.underline) params.push("4");
  if (style.reverse) params.push("7");
  if (style.fg) params.push(colorSgr(style.fg, depth, false));
  if (style.bg) params.push(colorSgr(style.bg, depth, true));
  return params.length ? `\x1b[${params.join(";")}m` : "";
}

/** The SGR reset sequence. */
export const sgrReset = "\x1b[0m";
