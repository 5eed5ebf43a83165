import { Cmd, type NegotiationVerb } from "./telnet-constants.ts";

const utf8 = new TextEncoder();

/** Doubles every IAC (255) byte, so data can never be read as a telnet command (RFC 854). */
export function escapeIac(bytes: Uint8Array): Uint8Array {
  // The native scan first: text encoded as UTF-8 never holds the byte 255.
  if (bytes.indexOf(Cmd.IAC) === -1) return bytes;
  let count = 0;
  for (const b of bytes) if (b === Cmd.IAC) count++;
  const out = new Uint8Array(bytes.length + count);
  let j = 0;
  for (const b of bytes) {
    out[j++] = b;
    if (b === Cmd.IAC) out[j++] = Cmd.IAC;
  }
  return out;
}

/** Encodes text for the wire: UTF-8, bare LF and CR as CR LF (RFC 854 NVT), IAC doubled. */
export function encodeText(text: string): Uint8Array {
  const normalised = text.replace(/\r\n|\r|\n/g, "\r\n");
  return escapeIac(utf8.encode(normalised));
}

let lastLine: string | undefined;
let lastLineBytes: Uint8Array = new Uint8Array(0);

/**
 * Encodes `text` and a line end, as encodeText does. A fan-out hands every connection of one output variant the
 * same string in a row, so the last encoding is kept and found by comparing the string itself, before any line
 * end is added. The bytes are shared: callers never change them.
 */
export function encodeLine(text: string): Uint8Array {
  if (text !== lastLine) {
    lastLineBytes = encodeText(`${text}\n`);
    lastLine = text;
  }
  return lastLineBytes;
}

/** IAC <verb> <option>. */
export function encodeNegotiation(verb: NegotiationVerb, option: number): Uint8Array {
  return Uint8Array.of(Cmd.IAC, verb, option);
}

/** IAC <command>, for NOP, GA, EOR and friends. */
export function encodeCommand(command: number): Uint8Array {
  return Uint8Array.of(Cmd.IAC, command);
}

/** IAC SB <option> <payload with IAC doubled> IAC SE. */
export function encodeSubnegotiation(option: number, payload: Uint8Array | string): Uint8Array {
  const body = escapeIac(typeof payload === "string" ? utf8.encode(payload) : payload);
  const out = new Uint8Array(body.length + 5);
  out.set([Cmd.IAC, Cmd.SB, option], 0);
  out.set(body, 3);
  out.set([Cmd.IAC, Cmd.SE], body.length + 3);
  return out;
}

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
