import { HoloError } from "../errors/holo-error.ts";

/** A parsed `host:port` listen or dial address. */
export interface ListenAddress {
  /** Host to bind or dial; `0.0.0.0` when the address was `:port`. */
  readonly host: string;
  readonly port: number;
}

/** Parses `host:port`, `:port` or `[v6]:port`; `name` is the flag, for the error message. */
export function parseListenAddress(text: string, name: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new HoloError("invalid_argument", `--${name} must look like host:port or :port, not "${text}"`);
  }
  const host = match[1] ?? (match[2] || "0.0.0.0");
  return { host, port };
}

/** Formats an address back to `host:port`, bracketing IPv6 hosts. */
export function formatAddress(address: ListenAddress): string {
  return address.host.includes(":") ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
