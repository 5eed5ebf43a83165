import { type ColorDepth, colorDepthFromMtts } from "#gateway/render/color-depth.ts";
import { flagsFromTerminalName, Mtts } from "./mtts.ts";

/** What a client has told us about itself, through negotiation. */
export interface TelnetCapabilities {
  /** The first TTYPE answer, usually the client's name ("MUDLET", "TINTIN++"). */
  readonly ttype: string | undefined;
  /** Every distinct TTYPE answer, in order. */
  readonly terminalTypes: readonly string[];
  /** The MTTS bitvector, or flags guessed from terminal names when the client sent none. */
  readonly mtts: number;
  readonly colorDepth: ColorDepth;
  readonly width: number;
  readonly height: number;
  readonly utf8: boolean;
  readonly screenReader: boolean;
  readonly gmcp: boolean;
  readonly gmcpSupports: readonly string[];
  readonly gmcpClient: { readonly name: string; readonly version: string } | undefined;
  readonly eor: boolean;
  readonly sga: boolean;
  readonly naws: boolean;
}

/** Width and height assumed until NAWS says otherwise. */
export const defaultSize = { width: 80, height: 24 } as const;

/** Mutable capability state held by a session; `snapshot()` gives the read-only view. */
export interface CapabilityState {
  ttypes: string[];
  mttsSeen: number | undefined;
  ttypeAnswered: boolean;
  width: number;
  height: number;
  charsetUtf8: boolean;
  gmcp: boolean;
  gmcpSupports: Set<string>;
  gmcpClient: { name: string; version: string } | undefined;
  eor: boolean;
  sga: boolean;
  naws: boolean;
}

/** A fresh capability state. */
export function initialCapabilities(): CapabilityState {
  return {
    ttypes: [],
    mttsSeen: undefined,
    ttypeAnswered: false,
    ...defaultSize,
    charsetUtf8: false,
    gmcp: false,
    gmcpSupports: new Set(),
    gmcpClient: undefined,
    eor: false,
    sga: false,
    naws: false,
  };
}

/** The list a snapshot shows when there is nothing to list: one for every connection, not a new one each. */
const noNames: readonly string[] = Object.freeze([]);

/** The read-only view of `s`. Until TTYPE answers, clients are assumed to speak 16-colour ANSI. */
export function snapshotCapabilities(s: CapabilityState): TelnetCapabilities {
  const guessed = s.ttypes.reduce((acc, n) => acc | flagsFromTerminalName(n), 0);
  const mtts = s.mttsSeen ?? (s.ttypeAnswered ? guessed : guessed | Mtts.ANSI);
  return {
    ttype: s.ttypes[0],
    terminalTypes: s.ttypes.length === 0 ? noNames : [...s.ttypes],
    mtts,
    // A screen reader would read colour codes aloud or skip them; it gets plain text.
    colorDepth: (mtts & Mtts.SCREEN_READER) !== 0 ? "none" : colorDepthFromMtts(mtts),
    width: s.width,
    height: s.height,
    utf8: s.charsetUtf8 || (mtts & Mtts.UTF8) !== 0,
    screenReader: (mtts & Mtts.SCREEN_READER) !== 0,
    gmcp: s.gmcp,
    gmcpSupports: s.gmcpSupports.size === 0 ? noNames : [...s.gmcpSupports],
    gmcpClient: s.gmcpClient,
    eor: s.eor,
    sga: s.sga,
    naws: s.naws,
  };
}
