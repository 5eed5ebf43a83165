import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Character } from "#core/accounts/account-store.ts";
import type { Actor, StoredEvent } from "#core/events/event.ts";
import type { Attached } from "#core/sessions/attached.ts";
import type { ConnectionOutput, FeedItem } from "#core/sessions/feed-queue.ts";
import {
  ActorKind,
  type CharacterSummary,
  CharacterSummarySchema,
  type ConnectionItem,
  ConnectionItemSchema,
  type Event,
  EventSchema,
  type FeedResponse,
  FeedResponseSchema,
  type Session,
  SessionSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import type { RecipientEncoder } from "#shared/rpc/recipient-sets.ts";
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
    payloadJson: JSON.stringify(e.payload),
    position: BigInt(e.position),
    version: BigInt(e.version),
  });
}

/** Turns stored events into proto Events, each event object once however many feeds carry it. */
export interface EventEncoder {
  (event: StoredEvent): Event;
  /** How many events were encoded (not served from the cache), for tests and benchmarks. */
  readonly encoded: number;
}

/**
 * Creates an encoder that remembers each event object's message: the broadcaster hands the same object to
 * every feed, so a say to a room is encoded once, not once per listener. Entries go with the events.
 */
export function createEventEncoder(): EventEncoder {
  const cache = new WeakMap<StoredEvent, Event>();
  let encoded = 0;
  const encode = (event: StoredEvent) => {
    const known = cache.get(event);
    if (known) return known;
    const message = toProtoEvent(event);
    cache.set(event, message);
    encoded += 1;
    return message;
  };
  return Object.defineProperty(encode, "encoded", { get: () => encoded }) as EventEncoder;
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

/** A connection's item on a feed as the proto's ConnectionItem. */
export function toConnectionItem(
  connectionId: string,
  item: ConnectionOutput,
  sessionTtlMs: number,
): ConnectionItem {
  const value = ((): NonNullable<MessageInitShape<typeof ConnectionItemSchema>["item"]> => {
    switch (item.kind) {
      case "replayStart":
        return {
          case: "replayStart",
          value: {
            count: BigInt(item.count),
            skipped: BigInt(item.skipped),
            presence: BigInt(item.presence),
            timestamps: item.timestamps,
          },
        };
      case "replayEnd":
        return {
          case: "replayEnd",
          value: { count: BigInt(item.count), lastPosition: BigInt(item.lastPosition) },
        };
      case "notice":
        return { case: "notice", value: { text: item.text } };
      case "closed":
        return { case: "closed", value: { text: item.text } };
      case "switched":
        return { case: "switched", value: toProtoSession(item.attached, sessionTtlMs) };
      default:
        return assertNever(item);
    }
  })();
  return create(ConnectionItemSchema, { connectionId, item: value });
}

/**
 * One feed item as a FeedResponse, its event encoded by `encode` (once per event, see createEventEncoder) and
 * its recipients by `recipients`, the feed's own encoder: call it for every item, in the order they are sent.
 */
export function toFeedResponse(
  item: FeedItem,
  encode: EventEncoder,
  recipients: RecipientEncoder,
  sessionTtlMs: number,
): FeedResponse {
  if (item.kind === "event") {
    const wire = recipients.encode(item.event.stream, item.connectionIds);
    return create(FeedResponseSchema, {
      item: {
        case: "event",
        value: {
          event: encode(item.event),
          connectionIds: [...wire.connectionIds],
          delta: wire.delta,
          removedIds: [...wire.removedIds],
          remember: wire.remember,
        },
      },
    });
  }
  return create(FeedResponseSchema, {
    item: { case: "connection", value: toConnectionItem(item.connectionId, item.item, sessionTtlMs) },
  });
}
