/** Telnet command bytes (RFC 854) and the EOR command (RFC 885). */
export const Cmd = {
  SE: 240,
  NOP: 241,
  DM: 242,
  BRK: 243,
  IP: 244,
  AO: 245,
  AYT: 246,
  EC: 247,
  EL: 248,
  GA: 249,
  SB: 250,
  WILL: 251,
  WONT: 252,
  DO: 253,
  DONT: 254,
  IAC: 255,
  EOR: 239,
} as const;

/** The option codes this server knows about. */
export const Opt = {
  ECHO: 1,
  SGA: 3,
  TTYPE: 24,
  EOR: 25,
  NAWS: 31,
  CHARSET: 42,
  MSSP: 70,
  /** MCCP2: the server's output is one zlib stream from `IAC SB COMPRESS2 IAC SE` on. */
  COMPRESS2: 86,
  GMCP: 201,
} as const;

/** One of the four negotiation verbs. */
export type NegotiationVerb = typeof Cmd.WILL | typeof Cmd.WONT | typeof Cmd.DO | typeof Cmd.DONT;

/** True when `byte` is WILL, WONT, DO or DONT. */
export function isNegotiationVerb(byte: number): byte is NegotiationVerb {
  return byte >= Cmd.WILL && byte <= Cmd.DONT;
}

/** Sub-negotiation codes for TTYPE (RFC 1091), CHARSET (RFC 2066) and MSSP. */
export const Sub = {
  IS: 0,
  SEND: 1,
  CHARSET_REQUEST: 1,
  CHARSET_ACCEPTED: 2,
  CHARSET_REJECTED: 3,
  MSSP_VAR: 1,
  MSSP_VAL: 2,
} as const;
