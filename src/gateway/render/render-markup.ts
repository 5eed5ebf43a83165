import { parseMarkup } from "#shared/markup/parse-markup.ts";
import { sgrReset, styleSgr } from "./ansi.ts";
import type { ColorDepth } from "./color-depth.ts";

/** Renders server markup as ANSI text for a client of `depth`; plain text when depth is "none". */
export function renderMarkup(markup: string, depth: ColorDepth): string {
  let out = "";
  let open = "";
  for (const seg of parseMarkup(markup)) {
    const sgr = styleSgr(seg.style, depth);
    if (sgr !== open) {
      if (open) out += sgrReset;
      out += sgr;
      open = sgr;
    }
    out += seg.text;
  }
  return open ? out + sgrReset : out;
}
