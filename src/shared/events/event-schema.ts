import { activityEventSchema } from "./activity-event-schema.ts";
import { commsEventSchema } from "./comms-event-schema.ts";
import { mailEventSchema, mailNoticeSchema } from "./mail-event-schema.ts";
import { at, type Check, type Checked, type ExtraKeys, isJsonObject } from "./payload-check.ts";
import { policyEventSchema } from "./policy-event-schema.ts";
import { presenceEventSchema } from "./presence-event-schema.ts";
import { sceneEventSchema } from "./scene-event-schema.ts";
import { staffEventSchema } from "./staff-event-schema.ts";
import { worldEventSchema } from "./world-event-schema.ts";

/**
 * The kinds of stream an event is written to: `location:<id>`, `char:<id>`, `channel:<key>`, `world`,
 * `game:<setting>` for settings of the whole game kept as events (the message of the day), `mail` and `boards`
 * (each one stream that no session follows), `policy` for the permission policies, `audit` for the
 * permission decisions and staff actions kept, `sitelock` for site bans, `wall` for announcements every session
 * follows, `scene:<n>` for a scene's own events and a private scene's speech, and `presence:<id>` for a
 * character's doing text, replay setting, logins and logouts (no session follows it).
 */
export type StreamKind =
  | "location"
  | "char"
  | "channel"
  | "world"
  | "game"
  | "mail"
  | "boards"
  | "policy"
  | "audit"
  | "sitelock"
  | "wall"
  | "scene"
  | "presence";

/** One event type: the check of its payload, a line on what it means, and the streams it appears on. */
export interface EventSpec {
  readonly payload: Check<unknown>;
  readonly description: string;
  readonly streams: readonly StreamKind[];
}

/**
 * Every event type the core writes (and a plugin may emit), with its payload. The one definition of the
 * event schema: the core's writers, the gateway's renderers and docs/events.md all derive from it. A type not
 * in here is a plugin's own, held only to the generic rules (a JSON object within the store's size cap).
 */
export const eventSchema = {
  ...activityEventSchema,
  ...commsEventSchema,
  ...mailNoticeSchema,
  ...mailEventSchema,
  ...sceneEventSchema,
  ...worldEventSchema,
  ...policyEventSchema,
  ...staffEventSchema,
  ...presenceEventSchema,
} as const satisfies Readonly<Record<string, EventSpec>>;

/** A type the schema defines. */
export type EventType = keyof typeof eventSchema;

/** The payload of each known event type. */
export type EventPayloads = { [T in EventType]: Checked<(typeof eventSchema)[T]["payload"]> };

/** The payload of event type `T`. */
export type EventPayload<T extends EventType> = EventPayloads[T];

/** True when the schema defines `type` (own keys only: "toString" is a plugin's type like any other). */
export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchema, type);
}

/** What checking a payload found. */
export type PayloadCheck<T> =
  | { readonly ok: true; readonly payload: T }
  | { readonly ok: false; readonly error: string };

/**
 * Checks `payload` against the schema of `type`. Writers check with `extra: "reject"` (a field the schema does
 * not name is a bug); readers with `"ignore"`, so an older reader still shows a newer writer's events. A type
 * the schema does not define passes when its payload is a JSON object.
 */
export function validatePayload<T extends string>(
  type: T,
  payload: unknown,
  extra: ExtraKeys = "reject",
): PayloadCheck<T extends EventType ? EventPayloads[T] : Readonly<Record<string, unknown>>> {
  type Result = PayloadCheck<T extends EventType ? EventPayloads[T] : Readonly<Record<string, unknown>>>;
  const problem = isKnownEventType(type)
    ? eventSchema[type].payload(payload, extra)
    : isJsonObject(payload)
      ? undefined
      : "not an object";
  if (problem === undefined) return { ok: true, payload } as Result;
  return { ok: false, error: `The payload of a "${type}" event is malformed: ${at("payload", problem)}.` };
}
