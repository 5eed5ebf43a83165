/** How many colours a client can show: none (plain text), 16, 256 or 24-bit truecolor. */
export type ColorDepth = "none" | "16" | "256" | "truecolor";

/** MTTS bits that matter for colour (tintin.mudhalla.net/protocols/mtts). */
const ANSI = 1;
const COLORS_256 = 8;
const TRUECOLOR = 256;

/** The colour depth an MTTS bitvector promises. */
export function colorDepthFromMtts(flags: number): ColorDepth {
  if (flags & TRUECOLOR) return "truecolor";
  if (flags & COLORS_256) return "256";
  if (flags & ANSI) return "16";
  return "none";
}
