import type { Viewer } from "#gateway/events/event-view.ts";
import { renderEvent } from "#gateway/events/render-event.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { SubscribeResponse } from "#gen/holomush/core/v1/core_pb.ts";
import { eventFromProto } from "./event-from-proto.ts";
import { roomInfoFrom } from "./room-info.ts";

/** Shows one connection's Subscribe items: replay framing, events, notices; keeps the cursor. */
export interface StreamOutput {
  /** Shows one item from the current stream. */
  show(item: SubscribeResponse): void;
  /** A new Subscribe stream begins: replay framing starts afresh, the cursor stays. */
  restart(): void;
  /** The position of the last event shown, or the replay's last position; 0 before any. */
  readonly cursor: number;
  /** True once the current stream's replay is over and live events flow. */
  readonly live: boolean;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Creates the output side of a game session for `conn`, seen by `viewer`. */
export function createStreamOutput(
  conn: Pick<TelnetConnection, "send" | "sendMarkup" | "sendGmcp">,
  viewer: Viewer,
): StreamOutput {
  let cursor = 0;
  let live = false;
  let replaying = false;
  let framed = false;

  const showEvent = (item: Extract<SubscribeResponse["item"], { case: "event" }>["value"]): void => {
    const event = eventFromProto(item);
    // Invariant: a position at or below the cursor was shown already; after a resubscribe it is a duplicate.
    if (event.position <= cursor) return;
    cursor = event.position;
    if (!replaying) live = true;
    const markup = renderEvent(event, viewer);
    if (markup !== undefined) conn.sendMarkup(markup, { trusted: true });
    const room = roomInfoFrom(event);
    if (room) conn.sendGmcp("Room.Info", room);
  };

  return {
    show(response) {
      const item = response.item;
      switch (item.case) {
        case "event":
          return showEvent(item.value);
        case "replayStart": {
          replaying = true;
          const count = Number(item.value.count);
          const skipped = Number(item.value.skipped);
          framed = count > 0 || skipped > 0;
          if (framed) conn.send(`--- ${plural(count, "missed event", "missed events")} ---`);
          if (skipped > 0) conn.send(`(${plural(skipped, "older event was", "older events were")} skipped.)`);
          return;
        }
        case "replayEnd":
          if (framed) conn.send("--- end of missed events ---");
          framed = false;
          replaying = false;
          live = true;
          cursor = Math.max(cursor, Number(item.value.lastPosition));
          return;
        case "notice":
          conn.sendMarkup(item.value.text, { trusted: true });
          return;
        case undefined:
          return;
      }
    },
    restart() {
      live = false;
      replaying = false;
      framed = false;
    },
    get cursor() {
      return cursor;
    },
    get live() {
      return live;
    },
  };
}
