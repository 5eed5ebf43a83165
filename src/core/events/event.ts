import { HoloError } from "#shared/errors/holo-error.ts";
import { isKnownEventType, validatePayload } from "#shared/events/event-schema.ts";

/** Who caused an event. */
export interface Actor {
  readonly kind: "character" | "player" | "system" | "plugin";
  readonly id: string;
}

/** An event as a writer builds it, before the store has placed it. */
export interface NewEvent {
  /** A ULID made by the writer; it is also the idempotency key of the append. */
  readonly id: string;
  readonly stream: string;
  readonly type: string;
  /** Milliseconds since the epoch, from the writer's clock. */
  readonly timestamp: number;
  readonly actor: Actor;
  /** A JSON object. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** An event as the store keeps it. */
export interface StoredEvent extends NewEvent {
  /** Global, strictly increasing, equal to commit order, so a reader moving past a position never misses a late commit. */
  readonly position: number;
  /** The event's version within its stream, contiguous from 1. */
  readonly version: number;
}

/** The stream of all global events. */
export const WORLD_STREAM = "world";

/** The largest payload accepted, in bytes of UTF-8 JSON. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** The stream of a location's activity. */
export function locationStream(id: string): string {
  return `location:${id}`;
}

/** The stream of a channel's messages. */
export function channelStream(name: string): string {
  return `channel:${name}`;
}

/** The stream of one character's private messages and notifications. */
export function charStream(id: string): string {
  return `char:${id}`;
}

const actorKinds: ReadonlySet<string> = new Set(["character", "player", "system", "plugin"]);
// Streams are `world` or `<kind>:<name>`; no whitespace or control characters anywhere.
const streamPattern = /^[a-z][a-z0-9_-]{0,31}(?::[^\s\p{Cc}]{1,200})?$/u;
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const typePattern = /^[a-z][a-z0-9_.-]{0,63}$/;
const actorIdPattern = /^[^\s\p{Cc}]{1,128}$/u;

/** True when `stream` is a well-formed stream name. */
export function isValidStream(stream: string): boolean {
  return streamPattern.test(stream);
}

/**
 * Checks an event before it reaches any store and returns its payload as JSON. A known type's payload must match
 * the event schema (src/shared/events/event-schema.ts) exactly; a plugin's own type needs only a JSON object.
 * Throws HoloError("invalid_argument") on any malformed field or a payload over MAX_PAYLOAD_BYTES.
 */
export function validateNewEvent(event: NewEvent): string {
  const bad = (what: string) => new HoloError("invalid_argument", `Event ${what}.`);
  if (typeof event.id !== "string" || !idPattern.test(event.id)) throw bad("id is malformed");
  if (typeof event.stream !== "string" || !isValidStream(event.stream)) throw bad("stream is malformed");
  if (typeof event.type !== "string" || !typePattern.test(event.type)) throw bad("type is malformed");
  if (!Number.isSafeInteger(event.timestamp) || event.timestamp < 0) throw bad("timestamp is malformed");
  const actor = event.actor as Actor | undefined;
  if (
    !actor ||
    !actorKinds.has(actor.kind) ||
    typeof actor.id !== "string" ||
    !actorIdPattern.test(actor.id)
  ) {
    throw bad("actor is malformed");
  }
  const payload = event.payload as unknown;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw bad("payload is not a JSON object");
  }
  if (isKnownEventType(event.type)) {
    const checked = validatePayload(event.type, payload);
    if (!checked.ok) throw new HoloError("invalid_argument", checked.error);
  }
  let json: string;
  try {
    json = JSON.stringify(payload);
  } catch (cause) {
    throw new HoloError("invalid_argument", "Event payload is not JSON.", { cause });
  }
  // Invariant: PostgreSQL's jsonb refuses \u0000, so every adapter refuses it alike.
  if (json.includes("\\u0000")) throw bad("payload contains a NUL character");
  if (Buffer.byteLength(json, "utf8") > MAX_PAYLOAD_BYTES) {
    throw bad(`payload is larger than ${MAX_PAYLOAD_BYTES} bytes`);
  }
  return json;
}
