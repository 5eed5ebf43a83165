import type { EventPayloads } from "#shared/events/event-schema.ts";
import { worldEventSchema } from "#shared/events/world-event-schema.ts";

/** What a described or renamed thing is. */
export type ThingKind = EventPayloads["described"]["kind"];

/** A world event type: the events of the `world` stream, whose payloads the event schema defines. */
export type WorldEventType = keyof typeof worldEventSchema;

/**
 * Payloads of the events on the `world` stream, by type (src/shared/events/world-event-schema.ts). The world
 * projection is a fold of these alone (see applyWorldEvent); activity a room sees goes to location streams.
 */
export type WorldEventPayloads = { [T in WorldEventType]: EventPayloads[T] };

/** Every world event type, for tests and the gateway's documentation. */
export const worldEventTypes = Object.keys(worldEventSchema) as readonly WorldEventType[];

/** A world event as commands build it, before ids and the clock are added. */
export type WorldChange = {
  [T in WorldEventType]: { readonly type: T; readonly payload: WorldEventPayloads[T] };
}[WorldEventType];
