import { type Color, parseMarkup, type Style } from "#shared/markup/parse-markup.ts";

/** What a span in the output links to: an exit to walk through or a character to page. */
export type SpanAction =
  | { readonly kind: "exit"; readonly name: string }
  | { readonly kind: "name"; readonly name: string };

/** One span of a line, as the DOM layer builds it: text only ever as text, colours as classes and variables. */
export interface SpanSpec {
  readonly text: string;
  readonly classes: readonly string[];
  /** CSS custom properties (`--fg`, `--bg`) for 256-palette and RGB colours, set with style.setProperty. */
  readonly vars: Readonly<Record<string, string>>;
  readonly action?: SpanAction;
}

/** How a line is rendered. */
export interface SpecOptions {
  /** Screen reader mode: no colour, no separator art. */
  readonly plain: boolean;
}

const hex = (n: number) => n.toString(16).padStart(2, "0");
const rgb = (r: number, g: number, b: number) => `#${hex(r)}${hex(g)}${hex(b)}`;

/** The xterm colour of a 256-palette index from 16 up: a 6×6×6 cube, then 24 greys. */
export function paletteColor(index: number): string {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return rgb(v, v, v);
  }
  const i = index - 16;
  const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
  return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function colorClass(layer: "fg" | "bg", color: Color, classes: string[], vars: Record<string, string>): void {
  // Palette indexes 0–15 are the 16 ANSI colours, which follow the theme like `%[red]`.
  if (color.kind === "ansi" || (color.kind === "palette" && color.index < 16)) {
    classes.push(`${layer}-${color.index}`);
    return;
  }
  classes.push(`${layer}-x`);
  vars[`--${layer}`] = color.kind === "rgb" ? rgb(color.r, color.g, color.b) : paletteColor(color.index);
}

function specOf(text: string, style: Style): SpanSpec {
  const classes: string[] = [];
  const vars: Record<string, string> = {};
  if (style.bold) classes.push("b");
  if (style.dim) classes.push("dim");
  if (style.italic) classes.push("i");
  if (style.underline) classes.push("u");
  const [fg, bg] = style.reverse ? [style.bg, style.fg] : [style.fg, style.bg];
  if (style.reverse && !fg && !bg) classes.push("rev");
  if (fg) colorClass("fg", fg, classes, vars);
  if (bg) colorClass("bg", bg, classes, vars);
  return { text, classes, vars };
}

/** Runs of four or more of the same drawing character: separators and frames that a screen reader would spell out. */
const art = /([-=_*~#+|.:\u2500-\u257f])\1{3,}/g;
const artOnly = /^[\s\-=_*~#+|.:\u2500-\u257f]*$/;

/** Text without separator art; a line made only of art (and spaces) becomes empty. */
export function withoutArt(text: string): string {
  const cut = text.replace(art, " ").replace(/ {2,}/g, " ");
  return cut !== text && artOnly.test(cut) ? "" : cut;
}

/** The spans of one line of markup; an empty list means there is nothing to show (a line of art in plain mode). */
export function markupSpans(markup: string, options: SpecOptions): SpanSpec[] {
  const segments = parseMarkup(markup);
  if (options.plain) {
    const text = withoutArt(segments.map((s) => s.text).join(""));
    return text === "" ? [] : [{ text, classes: [], vars: {} }];
  }
  return segments.map((s) => specOf(s.text, s.style));
}

/** A span per plain text line (gateway notices): never parsed as markup. */
export function textSpans(text: string, options: SpecOptions): SpanSpec[] {
  const shown = options.plain ? withoutArt(text) : text;
  return shown === "" ? [] : [{ text: shown, classes: [], vars: {} }];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Splits spans so that each whole-word occurrence of a term becomes its own span with the term's action;
 * longer terms win over shorter ones that they contain ("north east" before "north").
 */
export function linkSpans(spans: readonly SpanSpec[], terms: readonly SpanAction[]): SpanSpec[] {
  const usable = terms.filter((t) => t.name.trim() !== "").sort((a, b) => b.name.length - a.name.length);
  if (usable.length === 0) return [...spans];
  const byName = new Map(usable.map((t) => [t.name.toLowerCase(), t]));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(${usable.map((t) => escapeRegExp(t.name)).join("|")})(?![\\p{L}\\p{N}])`,
    "giu",
  );
  const out: SpanSpec[] = [];
  for (const span of spans) {
    if (span.action) {
      out.push(span);
      continue;
    }
    let last = 0;
    for (const match of span.text.matchAll(pattern)) {
      const at = match.index;
      if (at > last) out.push({ ...span, text: span.text.slice(last, at) });
      const action = byName.get(match[0].toLowerCase());
      out.push(action ? { ...span, text: match[0], action } : { ...span, text: match[0] });
      last = at + match[0].length;
    }
    if (last < span.text.length) out.push(last === 0 ? span : { ...span, text: span.text.slice(last) });
  }
  return out;
}
