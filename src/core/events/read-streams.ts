import { HoloError } from "#shared/errors/holo-error.ts";
import { type Actor, isValidStream, type StoredEvent } from "./event.ts";
import type { CountAfterOptions, ReadStreamsOptions } from "./event-store.ts";

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

/** The most types one read may leave out. */
export const MAX_EXCEPT_TYPES = 16;

/** A read's filters, checked, with their defaults: every type, no upper position, any actor. */
export interface ReadFilters {
  readonly exceptTypes: readonly string[];
  /** Empty: every type. */
  readonly onlyTypes: readonly string[];
  readonly upTo: number;
  readonly notBy: Actor | undefined;
}

const checkTypes = (types: readonly string[] | undefined): readonly string[] => {
  const list = types ?? [];
  if (list.length > MAX_EXCEPT_TYPES || list.some((t) => typeof t !== "string"))
    throw new HoloError("invalid_argument", `A read may name at most ${MAX_EXCEPT_TYPES} event types.`);
  return list;
};

/** Checks a read's filters and fills in their defaults. */
export function readFilters(options?: CountAfterOptions): ReadFilters {
  const upTo = options?.upTo ?? Number.MAX_SAFE_INTEGER;
  checkPosition(upTo);
  return {
    exceptTypes: checkTypes(options?.exceptTypes),
    onlyTypes: checkTypes(options?.onlyTypes),
    upTo,
    notBy: options?.notBy,
  };
}

/** True when `event` passes the filters. */
export const passesFilters = (event: StoredEvent, f: ReadFilters): boolean =>
  event.position <= f.upTo &&
  !f.exceptTypes.includes(event.type) &&
  (f.onlyTypes.length === 0 || f.onlyTypes.includes(event.type)) &&
  !(f.notBy && event.actor.kind === f.notBy.kind && event.actor.id === f.notBy.id);

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
  const matching = matchingAfter(events, cursors, options);
  if (limit === 0) return [];
  return options?.newest ? matching.slice(-limit) : matching.slice(0, limit);
}

/** countAfter over an in-memory list, for the memory adapter. */
export function countAfterCursors(
  events: readonly StoredEvent[],
  cursors: Readonly<Record<string, number>>,
  options?: CountAfterOptions,
): number {
  return matchingAfter(events, cursors, options).length;
}

function matchingAfter(
  events: readonly StoredEvent[],
  cursors: Readonly<Record<string, number>>,
  options?: CountAfterOptions,
): StoredEvent[] {
  const map = new Map(cursorEntries(cursors));
  const filters = readFilters(options);
  return events.filter(
    (e) => e.position > (map.get(e.stream) ?? Number.POSITIVE_INFINITY) && passesFilters(e, filters),
  );
}

/** The actor key fair shares are counted by. */
export const actorKey = (e: Pick<StoredEvent, "actor">): string => `${e.actor.kind}:${e.actor.id}`;

/**
 * The largest per-actor cap `c` with Σ min(count, c) ≤ limit: max-min fair shares of `limit` slots, so the
 * actors with the most events lose them first and one with few keeps all of them.
 */
export function fairShareCap(counts: readonly number[], limit: number): number {
  let low = 0;
  let high = Math.max(0, ...counts);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (counts.reduce((n, c) => n + Math.min(c, mid), 0) <= limit) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Cuts `events` (one stream's, any order) to at most `limit` by fair share: each actor keeps its newest
 * events up to the cap, and the slots left over go to the next-newest events of the actors over the cap,
 * newest first. Returns them in position order. `counts` may be given when `events` holds only each actor's
 * newest cap + 1 (as the SQL adapters read them); it must then count every event in range.
 */
export function fairShareCut(
  events: readonly StoredEvent[],
  limit: number,
  counts: ReadonlyMap<string, number> = countByActor(events),
): StoredEvent[] {
  const total = [...counts.values()].reduce((n, c) => n + c, 0);
  const sorted = [...events].sort((a, b) => b.position - a.position);
  if (total <= limit) return sorted.reverse();
  const cap = fairShareCap([...counts.values()], limit);
  const seen = new Map<string, number>();
  const kept: StoredEvent[] = [];
  const extra: StoredEvent[] = [];
  for (const event of sorted) {
    const rank = (seen.get(actorKey(event)) ?? 0) + 1;
    seen.set(actorKey(event), rank);
    if (rank <= cap) kept.push(event);
    else if (rank === cap + 1) extra.push(event);
  }
  kept.push(...extra.slice(0, Math.max(0, limit - kept.length)));
  return kept.sort((a, b) => a.position - b.position);
}

function countByActor(events: readonly StoredEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(actorKey(event), (counts.get(actorKey(event)) ?? 0) + 1);
  return counts;
}
