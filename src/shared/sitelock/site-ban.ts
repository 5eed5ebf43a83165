import { HoloError } from "../errors/holo-error.ts";

/** What a ban names: one address, a block of addresses (CIDR), or a player account by name. */
export type BanKind = "ip" | "cidr" | "account";

/** One site ban as the core keeps it and the gateway caches it. */
export interface SiteBan {
  readonly kind: BanKind;
  /** The canonical target: `203.0.113.7`, `2001:db8::/32`, or the account name in lower case. */
  readonly target: string;
  readonly reason: string;
  /** When it ends, in ms since the epoch; undefined for a permanent ban. */
  readonly expiresAt?: number | undefined;
}

/** An address as a family and a 128-bit number (IPv4 in the low 32 bits). */
interface Address {
  readonly v6: boolean;
  readonly value: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/.test(text) || text.split("::").length > 2) return undefined;
  const [head = "", tail] = text.split("::");
  const groups = (part: string): bigint[] | undefined => {
    if (part === "") return [];
    const out: bigint[] = [];
    for (const g of part.split(":")) {
      if (g.includes(".")) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-f]{1,4}$/.test(g)) out.push(BigInt(`0x${g}`));
      else return undefined;
    }
    return out;
  };
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  if (!front || !back) return undefined;
  const missing = 8 - front.length - back.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...front, ...Array<bigint>(missing).fill(0n), ...back].reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 or IPv6 address (a port, brackets or a zone are stripped); IPv4-mapped IPv6 counts as IPv4. */
export function parseAddress(raw: string): Address | undefined {
  let text = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.replace(/:\d+$/, "");
  text = text.replace(/%.*$/, "");
  const v4 = parseV4(text);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = parseV6(text);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, value: v6 & 0xffffffffn };
  return { v6: true, value: v6 };
}

function formatAddress(a: Address): string {
  if (!a.v6) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn)).join(".");
  const groups = [...Array(8).keys()].map((i) => Number((a.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of zero groups (two or more) becomes "::", as RFC 5952 writes it.
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
}

/** A block of addresses: its base and prefix length. */
interface Block extends Address {
  readonly prefix: number;
}

function parseBlock(text: string): Block | undefined {
  const [addr = "", bits, ...rest] = text.split("/");
  if (rest.length > 0) return undefined;
  const base = parseAddress(addr);
  if (!base || (bits !== undefined && !/^\d{1,3}$/.test(bits))) return undefined;
  const width = base.v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return undefined;
  const host = (1n << BigInt(width - prefix)) - 1n;
  return { v6: base.v6, value: base.value & ~host, prefix };
}

function covers(block: Block, address: Address): boolean {
  if (block.v6 !== address.v6) return false;
  const width = block.v6 ? 128 : 32;
  return address.value >> BigInt(width - block.prefix) === block.value >> BigInt(width - block.prefix);
}

/**
 * What `ban <target>` names: an address (`ip`), a block (`cidr`, normalised to its base), or else an account
 * name. Throws invalid_argument for text that looks like an address but is not one (`10.0.0.300`, `::1/200`).
 */
export function parseBanTarget(text: string): { kind: BanKind; target: string } {
  const typed = text.trim();
  const looksLikeAddress =
    /^[\d.]+(\/\d+)?$/.test(typed) || (typed.includes(":") && /^[0-9a-f:./[\]%]+$/i.test(typed));
  if (!looksLikeAddress) return { kind: "account", target: typed.toLowerCase() };
  const block = parseBlock(typed);
  if (!block) throw new HoloError("invalid_argument", `"${typed}" is not an IP address or a CIDR block.`);
  const width = block.v6 ? 128 : 32;
  if (block.prefix === width) return { kind: "ip", target: formatAddress(block) };
  return { kind: "cidr", target: `${formatAddress(block)}/${block.prefix}` };
}

/** Whether an `ip` or `cidr` ban covers `address`; an account ban or an unreadable address never does. */
export function banCoversAddress(ban: Pick<SiteBan, "kind" | "target">, address: string): boolean {
  if (ban.kind === "account") return false;
  const block = parseBlock(ban.target);
  const parsed = parseAddress(address);
  return block !== undefined && parsed !== undefined && covers(block, parsed);
}

/** The first ban in force at `now` that covers `address` (or names `account`, any case), if any. */
export function findBan(
  bans: Iterable<SiteBan>,
  who: { readonly address?: string | undefined; readonly account?: string | undefined },
  now: number,
): SiteBan | undefined {
  const account = who.account?.trim().toLowerCase();
  for (const ban of bans) {
    if (ban.expiresAt !== undefined && ban.expiresAt <= now) continue;
    if (ban.kind === "account" ? ban.target === account : who.address && banCoversAddress(ban, who.address))
      return ban;
  }
  return undefined;
}

/** The line a banned client reads before the connection closes. */
export function bannedText(ban: Pick<SiteBan, "reason" | "expiresAt">): string {
  const until =
    ban.expiresAt === undefined
      ? ""
      : ` until ${new Date(ban.expiresAt).toISOString().replace(/\.\d+Z$/, "Z")}`;
  return `You are banned from this game${until}: ${ban.reason}`;
}
