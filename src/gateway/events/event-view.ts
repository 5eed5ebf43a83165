import {
  type EventPayloads,
  type EventType,
  isKnownEventType,
  validatePayload,
} from "#shared/events/event-schema.ts";

/** Who caused an event, as the renderer sees it. */
export interface EventActorView {
  readonly kind: "character" | "system" | "plugin" | "unknown";
  readonly id: string;
}

interface EventViewBase {
  readonly stream: string;
  readonly actor: EventActorView;
  /** The global position (the cursor unit), as a number: positions stay far below 2^53. */
  readonly position: number;
  /** When the event was made, in ms since the epoch; absent when the wire carried none. */
  readonly timestamp?: number;
}

/** An event of a type the schema defines, whose payload passed its check. */
export type KnownEventView = {
  [T in EventType]: EventViewBase & {
    readonly known: true;
    readonly type: T;
    readonly payload: EventPayloads[T];
  };
}[EventType];

/** A known event of type `T`. */
export type EventViewOf<T extends EventType> = Extract<KnownEventView, { readonly type: T }>;

/**
 * An event of a plugin's own type (any JSON object), or of a known type whose payload failed the schema's check:
 * then `malformed` says why, and the event is shown as nothing.
 */
export interface OtherEventView extends EventViewBase {
  readonly known: false;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly malformed?: string;
}

/** An event as the renderer reads it: free of the wire format, so the web client can share the renderer. */
export type EventView = KnownEventView | OtherEventView;

/** An event as it arrives, before its payload is checked. */
export interface RawEventView extends EventViewBase {
  readonly type: string;
  readonly payload: unknown;
}

/**
 * Checks a raw event's payload against the event schema. Fields the schema does not name are passed over (a
 * newer core may write more); a payload that fails is kept out of rendering, never thrown: one bad event must
 * not cost a player their connection.
 */
export function toEventView(raw: RawEventView): EventView {
  const { type, stream, actor, position } = raw;
  const base = {
    type,
    stream,
    actor,
    position,
    ...(raw.timestamp === undefined ? {} : { timestamp: raw.timestamp }),
  };
  const checked = validatePayload(type, raw.payload, "ignore");
  if (!checked.ok) return { known: false, ...base, payload: {}, malformed: checked.error };
  if (!isKnownEventType(type)) return { known: false, ...base, payload: checked.payload };
  return { known: true, ...base, payload: checked.payload } as KnownEventView;
}

/** Who is looking: the viewer's own character, to tell "You say" from "Alice says". */
export interface Viewer {
  readonly characterId: string;
}
