/** MTTS bit flags, reported by clients as the third TTYPE answer "MTTS <n>" (tintin.mudhalla.net/protocols/mtts). */
export const Mtts = {
  ANSI: 1,
  VT100: 2,
  UTF8: 4,
  COLORS_256: 8,
  MOUSE: 16,
  OSC_COLOR: 32,
  SCREEN_READER: 64,
  PROXY: 128,
  TRUECOLOR: 256,
  MNES: 512,
  MSLP: 1024,
  SSL: 2048,
} as const;

/** The MTTS bitvector in a TTYPE name such as "MTTS 2825", or undefined when the name is not one. */
export function parseMtts(name: string): number | undefined {
  const m = /^MTTS (\d{1,10})$/i.exec(name.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n >= 0 && n < 2 ** 31 ? n : undefined;
}

/** Flags implied by a plain terminal type name, for clients that do not speak MTTS. */
export function flagsFromTerminalName(name: string): number {
  const n = name.toUpperCase();
  let flags = 0;
  if (/ANSI|XTERM|VT1\d\d|LINUX|SCREEN|TMUX|RXVT|MUDLET|TINTIN|MUSHCLIENT|CMUD|ZMUD/.test(n))
    flags |= Mtts.ANSI;
  if (/256COLOR/.test(n)) flags |= Mtts.ANSI | Mtts.COLORS_256;
  if (/TRUECOLOR|24BIT|DIRECT/.test(n)) flags |= Mtts.ANSI | Mtts.COLORS_256 | Mtts.TRUECOLOR;
  if (/UTF-?8/.test(n)) flags |= Mtts.UTF8;
  return flags;
}
