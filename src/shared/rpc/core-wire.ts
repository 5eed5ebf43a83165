import type { Interceptor } from "@connectrpc/connect";

/**
 * The core link's wire revision, raised whenever a message changes so that a peer of another build would misread
 * it (2: event payloads as JSON text). The one binary serves core and gateway, but an operator who replaces it
 * and restarts only one of the two runs a mixed pair: then every event would reach players empty and be counted
 * as delivered. Each side refuses a peer of another revision instead, saying which process to restart, and the
 * gateway holds its players until the pair matches.
 */
export const CORE_WIRE = 2;

/** The request header in which the gateway names its revision on every call. */
export const CORE_WIRE_HEADER = "holomush-wire";

/** The sentence for a pair whose revisions differ, from the side that found it. */
export function wireMismatch(side: "core" | "gateway", theirs: number): string {
  const peer = side === "core" ? "gateway" : "core";
  return (
    `the ${peer} speaks core-link revision ${theirs || "1"} and this ${side} ${CORE_WIRE}: ` +
    `restart the ${theirs < CORE_WIRE ? peer : side} with the same holomush binary as the other`
  );
}

/** Client interceptor that names this build's revision on every call to the core. */
export const sendWire: Interceptor = (next) => (req) => {
  req.header.set(CORE_WIRE_HEADER, String(CORE_WIRE));
  return next(req);
};
