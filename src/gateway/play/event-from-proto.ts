import type { EventActorView, EventView } from "#gateway/events/event-view.ts";
import { ActorKind, type Event } from "#gen/holomush/core/v1/core_pb.ts";

const kinds: Readonly<Record<ActorKind, EventActorView["kind"]>> = {
  [ActorKind.UNSPECIFIED]: "unknown",
  [ActorKind.CHARACTER]: "character",
  [ActorKind.SYSTEM]: "system",
  [ActorKind.PLUGIN]: "plugin",
};

/** The renderer's view of a wire event. */
export function eventFromProto(event: Event): EventView {
  return {
    type: event.type,
    stream: event.stream,
    actor: {
      kind: kinds[event.actor?.kind ?? ActorKind.UNSPECIFIED] ?? "unknown",
      id: event.actor?.id ?? "",
    },
    payload: event.payload ?? {},
    position: Number(event.position),
  };
}
