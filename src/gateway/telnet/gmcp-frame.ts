import { encodeGmcp } from "./option-codecs.ts";
import { Opt } from "./telnet-constants.ts";
import { encodeSubnegotiation } from "./telnet-encoder.ts";

let lastPkg: string | undefined;
let lastData: object | undefined;
let lastFrame: Uint8Array = new Uint8Array(0);

/**
 * IAC SB GMCP "Package.Message <json>" IAC SE. A fan-out hands every GMCP connection of one variant the same
 * data object in a row (a channel line, a room), so the last frame is kept and found by the package name and
 * the object's identity: one JSON encoding per variant, not per connection. Invariant: data handed to a
 * connection is never changed afterwards (its callers build it fresh or share a readonly one). The bytes are
 * shared: callers never change them.
 */
export function encodeGmcpFrame(pkg: string, data?: unknown): Uint8Array {
  if (typeof data !== "object" || data === null) return encodeSubnegotiation(Opt.GMCP, encodeGmcp(pkg, data));
  if (pkg !== lastPkg || data !== lastData) {
    lastFrame = encodeSubnegotiation(Opt.GMCP, encodeGmcp(pkg, data));
    lastPkg = pkg;
    lastData = data;
  }
  return lastFrame;
}
