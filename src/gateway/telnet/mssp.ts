import type { MsspValue } from "./option-codecs.ts";

/** What the MSSP table reports; live values come from functions. */
export interface MsspInfo {
  readonly name: string;
  readonly codebase: string;
  readonly port: number;
  /** The telnet-over-TLS port, when there is one. */
  readonly tlsPort?: number;
  /** When the game started, ms since the epoch; MSSP UPTIME is this in Unix seconds. */
  readonly startedAt: number;
  readonly players: () => number;
}

/** Builds an MSSP provider: NAME, PLAYERS, UPTIME, CODEBASE, PORT, TLS (and SSL), CHARSET, ANSI, GMCP, MCCP, UTF-8. */
export function msspTable(info: MsspInfo): () => Readonly<Record<string, MsspValue>> {
  return () => ({
    NAME: info.name,
    PLAYERS: info.players(),
    UPTIME: Math.floor(info.startedAt / 1000),
    CODEBASE: info.codebase,
    PORT: info.port,
    ...(info.tlsPort === undefined ? {} : { TLS: info.tlsPort, SSL: info.tlsPort }),
    CHARSET: "UTF-8",
    ANSI: 1,
    GMCP: 1,
    "UTF-8": 1,
    "XTERM 256 COLORS": 1,
    "XTERM TRUE COLORS": 1,
    MSDP: 0,
    MCCP: 1,
    "CRAWL DELAY": -1,
  });
}
