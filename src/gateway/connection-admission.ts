/** The gateway's connection caps, shared by every listener (telnet, telnet over TLS, and the web listener). */
export interface ConnectionAdmissionConfig {
  /** Connections from one address (an IPv4 address, or an IPv6 /64), across all listeners. */
  readonly maxPerIp: number;
  /** Connections in all, across all listeners. */
  readonly maxTotal: number;
}

/** The answer to one connection attempt. */
export type Admission =
  | {
      readonly admitted: true;
      /** Gives the place back; calling it again does nothing. */
      release(): void;
    }
  | { readonly admitted: false; readonly cap: "total" | "per-ip" | "banned"; readonly message: string };

/** Counts open connections per address and in all. */
export interface ConnectionAdmission {
  admit(address: string): Admission;
  /** Open connections, all listeners together. */
  readonly total: number;
  /** Open connections from `address`'s key (see addressKey). */
  countFor(address: string): number;
}

/** The line sent before closing a connection past the per-address cap. */
export const perIpRefusal = "Too many connections from your address.";
/** The line sent before closing a connection past the global cap. */
export const totalRefusal = "The game has all the connections it can take right now. Please try again later.";

/**
 * The key an address is counted under. An IPv4 address counts as itself, also when a dual-stack listener
 * reports it IPv4-mapped (`::ffff:1.2.3.4`), so the same client counts once on every listener. An IPv6 address
 * counts under its /64, since one host is normally given a whole /64 and could otherwise take a new address
 * per connection.
 */
export function addressKey(address: string): string {
  const plain = address.toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped?.[1]) return mapped[1];
  if (!plain.includes(":")) return plain;
  const [head = "", tail] = plain.split("::", 2);
  const groups = (part: string) =>
    part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

/** The ban line for an address, or undefined when it may connect (the core's site bans, as the gateway caches them). */
export type AddressRefusal = (address: string) => string | undefined;

/** Creates the counter the gateway's composition root hands to each listener; `banned` refuses before any cap. */
export function createConnectionAdmission(
  config: ConnectionAdmissionConfig,
  banned: AddressRefusal = () => undefined,
): ConnectionAdmission {
  const perKey = new Map<string, number>();
  let total = 0;
  // One function for every place given back, so an admitted connection holds no closure of its own.
  const free = (key: string): void => {
    total--;
    const left = (perKey.get(key) ?? 1) - 1;
    if (left > 0) perKey.set(key, left);
    else perKey.delete(key);
  };
  return {
    admit(address) {
      const ban = banned(address);
      if (ban !== undefined) return { admitted: false, cap: "banned", message: ban };
      const key = addressKey(address);
      const count = perKey.get(key) ?? 0;
      if (total >= config.maxTotal) return { admitted: false, cap: "total", message: totalRefusal };
      if (count >= config.maxPerIp) return { admitted: false, cap: "per-ip", message: perIpRefusal };
      perKey.set(key, count + 1);
      total++;
      return new Place(key, free);
    },
    get total() {
      return total;
    },
    countFor: (address) => perKey.get(addressKey(address)) ?? 0,
  };
}

// A class, not an object with a closure: every open connection holds its place for its life.
class Place {
  readonly admitted = true;
  readonly #key: string;
  readonly #free: (key: string) => void;
  #released = false;

  constructor(key: string, free: (key: string) => void) {
    this.#key = key;
    this.#free = free;
  }

  /** Gives the place back; calling it again does nothing. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#free(this.#key);
  }
}
