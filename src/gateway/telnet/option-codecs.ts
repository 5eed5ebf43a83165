import { Sub } from "./telnet-constants.ts";

const utf8 = new TextEncoder();
const latin1 = new TextDecoder("latin1");
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

/** NAWS payload (RFC 1073): width and height, 16 bits each, big-endian; undefined when malformed. */
export function parseNaws(data: Uint8Array): { width: number; height: number } | undefined {
  if (data.length !== 4) return undefined;
  return { width: (data[0]! << 8) | data[1]!, height: (data[2]! << 8) | data[3]! };
}

/** NAWS payload bytes, for tests and clients. */
export function encodeNaws(width: number, height: number): Uint8Array {
  return Uint8Array.of((width >> 8) & 255, width & 255, (height >> 8) & 255, height & 255);
}

/** TTYPE IS <name> (RFC 1091): the name, or undefined when the payload is not an IS. */
export function parseTtypeIs(data: Uint8Array): string | undefined {
  if (data[0] !== Sub.IS) return undefined;
  return latin1.decode(data.subarray(1)).slice(0, 64);
}

/** A CHARSET REQUEST (RFC 2066 §4.2): the offered names, or undefined when the payload is not a REQUEST. */
export function parseCharsetRequest(data: Uint8Array): string[] | undefined {
  if (data[0] !== Sub.CHARSET_REQUEST || data.length < 2) return undefined;
  let rest = latin1.decode(data.subarray(1));
  // An optional "[TTABLE]" version marker may precede the separator.
  if (rest.startsWith("[TTABLE]")) rest = rest.slice(9);
  const sep = rest[0];
  if (sep === undefined) return [];
  return rest
    .slice(1)
    .split(sep)
    .filter((n) => n.length > 0);
}

/** The reply to a CHARSET REQUEST: ACCEPTED UTF-8 when offered (any spelling), REJECTED otherwise. */
export function charsetReply(offered: readonly string[]): { accepted: boolean; payload: Uint8Array } {
  const name = offered.find((n) => /^UTF-?8$/i.test(n));
  if (name === undefined) return { accepted: false, payload: Uint8Array.of(Sub.CHARSET_REJECTED) };
  return { accepted: true, payload: Uint8Array.of(Sub.CHARSET_ACCEPTED, ...utf8.encode(name)) };
}

/** A value in the MSSP table: one string, or several (sent as repeated VALs). */
export type MsspValue = string | number | readonly (string | number)[];

/** MSSP payload: MSSP_VAR name MSSP_VAL value … (tintin.mudhalla.net/protocols/mssp). */
export function encodeMssp(table: Readonly<Record<string, MsspValue>>): Uint8Array {
  const parts: number[] = [];
  const clean = (s: string | number): number[] => [...utf8.encode(String(s))].filter((b) => b > 2);
  for (const [name, value] of Object.entries(table)) {
    parts.push(Sub.MSSP_VAR, ...clean(name));
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as (string | number)[]) parts.push(Sub.MSSP_VAL, ...clean(v));
  }
  return Uint8Array.from(parts);
}

/** GMCP payload: "Package.Message <json>" (UTF-8). */
export function encodeGmcp(pkg: string, data?: unknown): Uint8Array {
  const name = pkg.replace(/[^A-Za-z0-9._-]/g, "");
  return utf8.encode(data === undefined ? name : `${name} ${JSON.stringify(data)}`);
}

/** A GMCP message from a client; data is undefined when absent or not valid JSON. */
export function parseGmcp(payload: Uint8Array): { pkg: string; data: unknown } | undefined {
  const text = utf8Decoder.decode(payload).trim();
  const space = text.search(/\s/);
  const pkg = space < 0 ? text : text.slice(0, space);
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(pkg)) return undefined;
  if (space < 0) return { pkg, data: undefined };
  try {
    return { pkg, data: JSON.parse(text.slice(space + 1)) as unknown };
  } catch {
    return { pkg, data: undefined };
  }
}
