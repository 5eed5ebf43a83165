import { HoloError } from "#shared/errors/holo-error.ts";
import { isValidStream, type StoredEvent } from "./event.ts";
import type { ReadStreamsOptions } from "./event-store.ts";

/** The largest `limit` any read accepts. */
export const MAX_READ_LIMIT = 10_000;

/** Checks a position argument; throws invalid_argument when it is not a non-negative integer. */
export function checkPosition(position: number): void {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new HoloError("invalid_argument", "A position must be a non-negative integer.");
  }
}

/** Checks a read limit; throws invalid_argument outside 0..MAX_READ_LIMIT. */
export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_READ_LIMIT) {
    throw new HoloError("invalid_argument", `A read limit must be an integer from 0 to ${MAX_READ_LIMIT}.`);
  }
}

/** Checks the arguments of replay. */
export function checkRead(stream: string, afterPosition: number, limit: number): void {
  if (!isValidStream(stream)) throw new HoloError("invalid_argument", "The stream name is malformed.");
  checkPosition(afterPosition);
  checkLimit(limit);
}

/** Checks a cursor map and returns its entries. */
export function cursorEntries(cursors: Readonly<Record<string, number>>): [string, number][] {
  const entries = Object.entries(cursors);
  if (entries.length > 1000) throw new HoloError("invalid_argument", "Too many streams in one read.");
  for (const [stream, position] of entries) checkRead(stream, position, 0);
  return entries;
}

/** readStreams over an in-memory list in position order, for the memory adapter. */
export function readAfterCursors(
  events: readonly StoredEvent[],
  cursors: Readonly<Record<string, number>>,
  limit: number,
  options?: ReadStreamsOptions,
): StoredEvent[] {
  checkLimit(limit);
  const map = new Map(cursorEntries(cursors));
  const matching = events.filter((e) => e.position > (map.get(e.stream) ?? Number.POSITIVE_INFINITY));
  if (limit === 0) return [];
  return options?.newest ? matching.slice(-limit) : matching.slice(0, limit);
}

/** countAfter over an in-memory list, for the memory adapter. */
export function countAfterCursors(
  events: readonly StoredEvent[],
  cursors: Readonly<Record<string, number>>,
): number {
  const map = new Map(cursorEntries(cursors));
  return events.filter((e) => e.position > (map.get(e.stream) ?? Number.POSITIVE_INFINITY)).length;
}
