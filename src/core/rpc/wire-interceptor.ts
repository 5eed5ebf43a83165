import type { Interceptor } from "@connectrpc/connect";
import { HoloError } from "#shared/errors/holo-error.ts";
import { CORE_WIRE, CORE_WIRE_HEADER, wireMismatch } from "#shared/rpc/core-wire.ts";

/**
 * Server interceptor that refuses every call from a gateway of another wire revision (an older one sends no
 * header), before any handler runs: such a gateway would read this core's events as empty.
 */
export function wireInterceptor(): Interceptor {
  return (next) => async (req) => {
    const theirs = Number(req.header.get(CORE_WIRE_HEADER) ?? 0);
    if (theirs !== CORE_WIRE) throw new HoloError("failed_precondition", wireMismatch("core", theirs));
    return next(req);
  };
}
