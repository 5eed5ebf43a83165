import type { Viewer } from "#gateway/events/event-view.ts";
import { channelTextOf } from "#gateway/events/render-comms.ts";
import { renderEvent } from "#gateway/events/render-event.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { Session, SubscribeResponse } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import { eventFromProto } from "./event-from-proto.ts";
import { type RoomInfo, roomInfoFrom } from "./room-info.ts";

/** Shows one connection's Subscribe items: replay framing, events, notices; keeps the cursor. */
export interface StreamOutput {
  /** Shows one item from the current stream. */
  show(item: SubscribeResponse): void;
  /** A new Subscribe stream begins: an unfinished replay is dropped (it comes again), the cursor stays. */
  restart(): void;
  /** The position of the last event shown, or the replay's last position; 0 before any. */
  readonly cursor: number;
  /** True once the current stream's replay is over and live events flow. */
  readonly live: boolean;
}

type EventItem = Extract<SubscribeResponse["item"], { case: "event" }>["value"];

/** A replay held back until ReplayEnd, so the frame counts only what the player will see. */
interface PendingReplay {
  readonly skipped: number;
  readonly lines: string[];
  room: RoomInfo | undefined;
  cursor: number;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The core ended this connection's stream for good: booted (closed) or moved to another character (switched). */
export type StreamEnd =
  | { readonly kind: "closed"; readonly text: string }
  | { readonly kind: "switched"; readonly session: Session };

/**
 * Creates the output side of a game session for `conn`, seen by `viewer`; `ended` hears of a final item, and
 * `log` of an event whose payload fails the event schema (shown as nothing, the cursor still moving past it).
 */
export function createStreamOutput(
  conn: Pick<TelnetConnection, "send" | "sendMarkup" | "sendGmcp">,
  viewer: Viewer,
  ended: (end: StreamEnd) => void = () => {},
  log?: Pick<Logger, "warn">,
): StreamOutput {
  let cursor = 0;
  let live = false;
  let replay: PendingReplay | undefined;

  const showEvent = (item: EventItem): void => {
    const event = eventFromProto(item);
    // Invariant: a position at or below the cursor was shown already; after a resubscribe it is a duplicate.
    if (event.position <= (replay?.cursor ?? cursor)) return;
    if (!event.known && event.malformed !== undefined)
      log?.warn("an event from the core does not match the event schema; it is shown as nothing", {
        type: event.type,
        position: event.position,
        error: event.malformed,
      });
    const markup = renderEvent(event, viewer);
    const room = roomInfoFrom(event);
    if (replay) {
      replay.cursor = event.position;
      if (markup !== undefined) replay.lines.push(markup);
      if (room) replay.room = room;
      return;
    }
    cursor = event.position;
    live = true;
    if (markup !== undefined) conn.sendMarkup(markup, { trusted: true });
    if (room) conn.sendGmcp("Room.Info", room);
    const channel = channelTextOf(event);
    // GMCP Comm.Channel.Text (Mudlet, IRE): the line as plain text, for a client's channel tabs.
    if (channel && markup !== undefined)
      conn.sendGmcp("Comm.Channel.Text", { ...channel, text: renderMarkup(markup, "none") });
  };

  // Invariant: the cursor moves past replayed events only once they are shown, so a stream that breaks
  // mid-replay replays them again rather than losing them.
  const endReplay = (lastPosition: number): void => {
    const done = replay;
    replay = undefined;
    live = true;
    if (!done) return;
    const shown = done.lines.length;
    if (shown > 0) conn.send(`--- ${plural(shown, "missed event", "missed events")} ---`);
    if (done.skipped > 0)
      conn.send(`(${plural(done.skipped, "older event was", "older events were")} skipped.)`);
    for (const markup of done.lines) conn.sendMarkup(markup, { trusted: true });
    if (shown > 0) conn.send("--- end of missed events ---");
    if (done.room) conn.sendGmcp("Room.Info", done.room);
    cursor = Math.max(cursor, done.cursor, lastPosition);
  };

  return {
    show(response) {
      const item = response.item;
      switch (item.case) {
        case "event":
          return showEvent(item.value);
        case "replayStart":
          replay = { skipped: Number(item.value.skipped), lines: [], room: undefined, cursor };
          return;
        case "replayEnd":
          return endReplay(Number(item.value.lastPosition));
        case "notice":
          conn.sendMarkup(item.value.text, { trusted: true });
          return;
        case "closed":
          return ended({ kind: "closed", text: item.value.text });
        case "switched":
          return ended({ kind: "switched", session: item.value });
        case undefined:
          return;
      }
    },
    restart() {
      live = false;
      replay = undefined;
    },
    get cursor() {
      return cursor;
    },
    get live() {
      return live;
    },
  };
}
