/** A colour in server markup: one of the 16 ANSI colours, a 256-palette index, or 24-bit RGB. */
export type Color =
  | { readonly kind: "ansi"; readonly index: number }
  | { readonly kind: "palette"; readonly index: number }
  | { readonly kind: "rgb"; readonly r: number; readonly g: number; readonly b: number };

/** The style of a run of text. */
export interface Style {
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly reverse?: boolean;
  readonly fg?: Color;
  readonly bg?: Color;
}

/** A run of text with one style. */
export interface Segment {
  readonly text: string;
  readonly style: Style;
}

const colorNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"] as const;
const flags = ["bold", "dim", "italic", "underline", "reverse"] as const;

function parseColor(name: string): Color | undefined {
  const base = colorNames.indexOf(name as (typeof colorNames)[number]);
  if (base >= 0) return { kind: "ansi", index: base };
  const bright = colorNames.indexOf(name.replace(/^bright-/, "") as (typeof colorNames)[number]);
  if (name.startsWith("bright-") && bright >= 0) return { kind: "ansi", index: bright + 8 };
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(name);
  if (hex)
    return { kind: "rgb", r: parseInt(hex[1]!, 16), g: parseInt(hex[2]!, 16), b: parseInt(hex[3]!, 16) };
  const pal = /^c(\d{1,3})$/.exec(name);
  if (pal && Number(pal[1]) < 256) return { kind: "palette", index: Number(pal[1]) };
  return undefined;
}

/** Applies the tags of one `%[…]` to `base`; unknown tags are ignored. */
function applyTags(base: Style, tags: string): Style {
  let style: Style = { ...base };
  for (const tag of tags.toLowerCase().split(/\s+/).filter(Boolean)) {
    if ((flags as readonly string[]).includes(tag)) style = { ...style, [tag]: true };
    else if (tag.startsWith("bg:")) {
      const c = parseColor(tag.slice(3));
      if (c) style = { ...style, bg: c };
    } else {
      const c = parseColor(tag);
      if (c) style = { ...style, fg: c };
    }
  }
  return style;
}

/**
 * Parses server markup into styled segments. The markup (documented in src/gateway/render/README.md):
 * `%[bold red]` opens a span, `%[/]` closes the innermost one, `%%` is a literal `%`; unclosed spans end with the text.
 */
export function parseMarkup(markup: string): Segment[] {
  const segments: Segment[] = [];
  const stack: Style[] = [{}];
  let text = "";
  const current = (): Style => stack.at(-1)!;
  const flush = (): void => {
    if (text) segments.push({ text, style: current() });
    text = "";
  };
  let i = 0;
  while (i < markup.length) {
    const ch = markup[i]!;
    const next = markup[i + 1];
    if (ch === "%" && next === "%") {
      text += "%";
      i += 2;
    } else if (ch === "%" && next === "[") {
      const end = markup.indexOf("]", i + 2);
      if (end < 0) {
        text += markup.slice(i);
        break;
      }
      flush();
      const body = markup.slice(i + 2, end).trim();
      if (body === "/") {
        if (stack.length > 1) stack.pop();
      } else stack.push(applyTags(current(), body));
      i = end + 1;
    } else {
      text += ch;
      i++;
    }
  }
  flush();
  return segments;
}
