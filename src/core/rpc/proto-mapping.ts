import { create, type JsonObject } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Character } from "#core/accounts/account-store.ts";
import type { Actor, StoredEvent } from "#core/events/event.ts";
import type { Attached, StreamItem } from "#core/sessions/session-event-stream.ts";
import {
  ActorKind,
  type CharacterSummary,
  CharacterSummarySchema,
  type Event,
  EventSchema,
  type Session,
  SessionSchema,
  type SubscribeResponse,
  SubscribeResponseSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { assertNever } from "#shared/util/assert-never.ts";

const actorKinds: Readonly<Record<Actor["kind"], ActorKind>> = {
  character: ActorKind.CHARACTER,
  player: ActorKind.CHARACTER,
  system: ActorKind.SYSTEM,
  plugin: ActorKind.PLUGIN,
};

/** A character as the proto's CharacterSummary. */
export function toCharacterSummary(c: Character): CharacterSummary {
  return create(CharacterSummarySchema, {
    id: c.id,
    name: c.name,
    ...(c.lastPlayedAt === undefined ? {} : { lastPlayedAt: timestampFromMs(c.lastPlayedAt) }),
  });
}

/** A stored event as the proto's Event. */
export function toProtoEvent(e: StoredEvent): Event {
  return create(EventSchema, {
    id: e.id,
    stream: e.stream,
    type: e.type,
    timestamp: timestampFromMs(e.timestamp),
    actor: { kind: actorKinds[e.actor.kind], id: e.actor.id },
    payload: e.payload as JsonObject,
    position: BigInt(e.position),
    version: BigInt(e.version),
  });
}

/** An attachment as the proto's Session. */
export function toProtoSession(a: Attached, ttlMs: number): Session {
  return create(SessionSchema, {
    sessionId: a.session.id,
    resumeToken: a.resumeToken,
    character: toCharacterSummary(a.character),
    resumed: a.resumed,
    detachedTtl: durationFromMs(ttlMs),
  });
}

/** One output item as a SubscribeResponse; `sessionTtlMs` fills a `switched` item's session. */
export function toSubscribeResponse(item: StreamItem, sessionTtlMs = 0): SubscribeResponse {
  switch (item.kind) {
    case "event":
      return create(SubscribeResponseSchema, { item: { case: "event", value: toProtoEvent(item.event) } });
    case "replayStart":
      return create(SubscribeResponseSchema, {
        item: { case: "replayStart", value: { count: BigInt(item.count), skipped: BigInt(item.skipped) } },
      });
    case "replayEnd":
      return create(SubscribeResponseSchema, {
        item: {
          case: "replayEnd",
          value: { count: BigInt(item.count), lastPosition: BigInt(item.lastPosition) },
        },
      });
    case "closed":
      return create(SubscribeResponseSchema, { item: { case: "closed", value: { text: item.text } } });
    case "switched":
      return create(SubscribeResponseSchema, {
        item: { case: "switched", value: toProtoSession(item.attached, sessionTtlMs) },
      });
    default:
      return assertNever(item);
  }
}
