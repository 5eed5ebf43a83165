import type { Actor, NewEvent } from "#core/events/event.ts";
import type { EventPayloads, EventType } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";

/** Who a communication command acts as: a character, and the ids its events get. */
export interface Speaker {
  readonly id: string;
  readonly name: string;
  readonly newId: NewId;
}

/** The actor of the core's own events (e.g. creating the default channel). */
export const SYSTEM_ACTOR: Actor = { kind: "system", id: "core" };

/** Builds a new event by `speaker` (or the system) at the clock's time; the payload is typed by the schema. */
export function commEvent<T extends EventType>(
  clock: Clock,
  newId: NewId,
  actor: Actor,
  stream: string,
  type: T,
  payload: EventPayloads[T],
): NewEvent {
  return { id: newId(), stream, type, timestamp: clock.now(), actor, payload };
}

/** The actor of a speaker's events. */
export function characterActor(speaker: Pick<Speaker, "id">): Actor {
  return { kind: "character", id: speaker.id };
}
