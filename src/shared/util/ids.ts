import { monotonicFactory } from "ulid";

/** A source of new ULIDs, passed in as a dependency. */
export type NewId = () => string;

/** Monotonic ULIDs from the given clock. */
export function ulidSource(now: () => number = Date.now): NewId {
  const next = monotonicFactory();
  return () => next(now());
}

/** Predictable ids for tests: prefix plus a zero-padded counter. */
export function sequentialIds(prefix = "id"): NewId {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(6, "0")}`;
}
