import { HoloError } from "#shared/errors/holo-error.ts";
import { type NewEvent, type StoredEvent, validateNewEvent } from "./event.ts";
import type { AppendOptions } from "./event-store.ts";

/** One validated call to append, waiting to be committed. */
export interface AppendRequest {
  readonly events: readonly NewEvent[];
  readonly expectedVersion: number | undefined;
}

/** What became of one request in a commit group. */
export type AppendOutcome =
  | { readonly ok: true; readonly events: StoredEvent[] }
  | { readonly ok: false; readonly error: HoloError };

/** What the store holds that a group of requests depends on, read under the writer's lock. */
export interface AppendSnapshot {
  /** Already stored events, by id, for every id of the group. */
  readonly existing: ReadonlyMap<string, StoredEvent>;
  /** The last version of every stream the group touches (absent means 0). */
  readonly versions: ReadonlyMap<string, number>;
  /** The global head position. */
  readonly head: number;
}

/** Per-request outcomes and the rows to insert, in position order. */
export interface AppendPlan {
  readonly outcomes: AppendOutcome[];
  readonly inserts: StoredEvent[];
}

/** Validates an append call and copies its events (payloads through JSON) so the caller cannot mutate them. */
export function prepareAppend(
  events: NewEvent | readonly NewEvent[],
  options?: AppendOptions,
): AppendRequest {
  const list: readonly NewEvent[] = Array.isArray(events) ? events : [events as NewEvent];
  const ids = new Set<string>();
  const copies = list.map((event) => {
    const json = validateNewEvent(event);
    if (ids.has(event.id)) throw new HoloError("invalid_argument", `Event id ${event.id} appears twice.`);
    ids.add(event.id);
    const { id, stream, type, timestamp, actor } = event;
    return {
      id,
      stream,
      type,
      timestamp,
      actor: { kind: actor.kind, id: actor.id },
      payload: JSON.parse(json),
    };
  });
  const expectedVersion = options?.expectedVersion;
  if (expectedVersion !== undefined) {
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      throw new HoloError("invalid_argument", "expectedVersion must be a non-negative integer.");
    }
    if (new Set(copies.map((e) => e.stream)).size > 1) {
      throw new HoloError(
        "invalid_argument",
        "expectedVersion needs every event of the batch in one stream.",
      );
    }
  }
  return { events: copies, expectedVersion };
}

/** Every event id of a group. */
export function idsOf(requests: readonly AppendRequest[]): string[] {
  return requests.flatMap((r) => r.events.map((e) => e.id));
}

/** Every distinct stream of a group. */
export function streamsOf(requests: readonly AppendRequest[]): string[] {
  return [...new Set(requests.flatMap((r) => r.events.map((e) => e.stream)))];
}

/**
 * Decides, in order, what each request of a group does against the snapshot: return stored events
 * (idempotent re-append), fail (conflict), or insert. Later requests see earlier ones' inserts.
 */
export function planAppends(requests: readonly AppendRequest[], snapshot: AppendSnapshot): AppendPlan {
  const known = new Map(snapshot.existing);
  const versions = new Map(snapshot.versions);
  let head = snapshot.head;
  const inserts: StoredEvent[] = [];
  const outcomes = requests.map((request): AppendOutcome => {
    const found = request.events.map((e) => known.get(e.id));
    const stored = found.filter((e) => e !== undefined);
    if (stored.length > 0 && stored.length === found.length) return { ok: true, events: stored };
    if (stored.length > 0) {
      const error = new HoloError("conflict", "This batch mixes new events with events already stored.");
      return { ok: false, error };
    }
    const first = request.events[0];
    if (request.expectedVersion !== undefined && first) {
      const current = versions.get(first.stream) ?? 0;
      if (current !== request.expectedVersion) {
        const message = `Stream ${first.stream} is at version ${current}, not ${request.expectedVersion}.`;
        return { ok: false, error: new HoloError("conflict", message) };
      }
    }
    const placed = request.events.map((event) => {
      const version = (versions.get(event.stream) ?? 0) + 1;
      versions.set(event.stream, version);
      head += 1;
      const storedEvent: StoredEvent = { ...event, position: head, version };
      known.set(event.id, storedEvent);
      return storedEvent;
    });
    inserts.push(...placed);
    return { ok: true, events: placed };
  });
  return { outcomes, inserts };
}
