import { isIP } from "node:net";
import { HoloError } from "#shared/errors/holo-error.ts";

/** A set of proxy addresses (IPs and CIDR blocks) whose X-Forwarded-For is believed. */
export interface TrustedProxies {
  has(address: string): boolean;
  readonly empty: boolean;
}

type Block = { readonly v6: boolean; readonly bits: bigint; readonly prefix: number };

/** An address as a 128-bit number (IPv4 and IPv4-mapped IPv6 alike as v4), or undefined. */
function toBits(address: string): { v6: boolean; bits: bigint } | undefined {
  const plain = address
    .replace(/^\[|\]$/g, "")
    .replace(/%.*$/, "")
    .toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain)?.[1];
  const v4 = mapped ?? (isIP(plain) === 4 ? plain : undefined);
  if (v4) {
    const parts = v4.split(".").map(Number);
    return { v6: false, bits: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (isIP(plain) !== 6) return undefined;
  const [head = "", tail] = plain.split("::", 2);
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return { v6: true, bits: all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n) };
}

function parseBlock(text: string): Block {
  const [address = "", prefixText] = text.trim().split("/", 2);
  const parsed = toBits(address);
  const max = parsed?.v6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!parsed || !Number.isInteger(prefix) || prefix < 0 || prefix > max)
    throw new HoloError(
      "invalid_argument",
      `--web-trusted-proxy: "${text}" is not an IP address or CIDR block`,
    );
  const shift = BigInt(max - prefix);
  return { v6: parsed.v6, bits: (parsed.bits >> shift) << shift, prefix };
}

/** Parses `--web-trusted-proxy` values (IPs and CIDR blocks); throws invalid_argument on a bad one. */
export function parseTrustedProxies(values: readonly string[]): TrustedProxies {
  const blocks = values.filter((v) => v.trim() !== "").map(parseBlock);
  return {
    empty: blocks.length === 0,
    has(address) {
      const parsed = toBits(address);
      if (!parsed) return false;
      return blocks.some((b) => {
        if (b.v6 !== parsed.v6) return false;
        const shift = BigInt((b.v6 ? 128 : 32) - b.prefix);
        return (parsed.bits >> shift) << shift === b.bits;
      });
    },
  };
}

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy; then the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's own claim).
 */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: TrustedProxies): string {
  if (trusted.empty || forwardedFor === null || !trusted.has(peer)) return peer;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (toBits(hop) === undefined) return peer;
    if (!trusted.has(hop)) return hop.replace(/^\[|\]$/g, "");
  }
  return peer;
}

/** True when a browser's Origin may open the WebSocket: none (not a browser), the request's own host, or listed. */
export function originAllowed(
  origin: string | null,
  host: string | null,
  allowed: readonly string[],
): boolean {
  if (origin === null) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== null && url.host.toLowerCase() === host.toLowerCase()) return true;
  return allowed.some((a) => a.replace(/\/+$/, "").toLowerCase() === url.origin.toLowerCase());
}
