import { timestampMs } from "@bufbuild/protobuf/wkt";
import { type EventActorView, type EventView, toEventView } from "#gateway/events/event-view.ts";
import { ActorKind, type Event } from "#gen/holomush/core/v1/core_pb.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";

const kinds: Readonly<Record<ActorKind, EventActorView["kind"]>> = {
  [ActorKind.UNSPECIFIED]: "unknown",
  [ActorKind.CHARACTER]: "character",
  [ActorKind.SYSTEM]: "system",
  [ActorKind.PLUGIN]: "plugin",
};

/** The renderer's view of a wire event, its payload checked against the event schema (see toEventView). */
export function eventFromProto(event: Event): EventView {
  return toEventView({
    type: event.type,
    stream: event.stream,
    actor: {
      kind: kinds[event.actor?.kind ?? ActorKind.UNSPECIFIED] ?? "unknown",
      id: event.actor?.id ?? "",
    },
    payload: eventPayload(event),
    position: Number(event.position),
    ...(event.timestamp ? { timestamp: timestampMs(event.timestamp) } : {}),
  });
}
