import type { Viewer } from "#gateway/events/event-view.ts";
import type { ClientEvent } from "#gateway/structured-client.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { TelnetCapabilities } from "#gateway/telnet/telnet-capabilities.ts";
import type { ConnectionItem, Session } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { RoomInfo } from "./room-info.ts";
import type { SharedEvent } from "./shared-event.ts";

/** One item of a connection's output: an event from the feed, or one of its own items. */
export type OutputItem = { readonly case: "event"; readonly value: SharedEvent } | ConnectionItem["item"];

/** The parts of a connection the output writes to. */
export type OutputConnection = Pick<TelnetConnection, "send" | "sendMarkup" | "sendGmcp" | "structured"> & {
  readonly capabilities: Pick<TelnetCapabilities, "colorDepth" | "width" | "screenReader">;
};

/** Shows one connection's output items: replay framing, events, notices; keeps the cursor. */
export interface StreamOutput {
  /** Shows one item of the current watch. */
  show(item: OutputItem): void;
  /** Shows one event of the current watch: show() of an event item, with no item made per connection. */
  event(shared: SharedEvent): void;
  /**
   * A new watch begins: an unfinished replay is dropped (it comes again), the cursor stays, and events are
   * dropped until the new watch's replay starts (they come again in it).
   */
  restart(): void;
  /** The position of the last event shown, or the replay's last position; 0 before any. */
  readonly cursor: number;
  /** True once the current stream's replay is over and live events flow. */
  readonly live: boolean;
}

/** A replay held back until ReplayEnd, so the frame counts only what the player will see. */
interface PendingReplay {
  readonly skipped: number;
  /** Others' arrivals and departures (connects, channel joins) the core left out of the replay. */
  readonly presence: number;
  /** Whether each replayed line shows its time (the player's `timestamps` setting, decided by the core). */
  readonly timestamps: boolean;
  /** The replayed events that show something (markup), in position order. */
  readonly events: ClientEvent[];
  room: RoomInfo | undefined;
  cursor: number;
}

/** The event as a structured client gets it: the viewer's markup, and the payload when it passed the schema. */
function clientEvent(shared: SharedEvent, markup: string): ClientEvent {
  const view = shared.view;
  return {
    position: view.position,
    eventType: view.type,
    stream: view.stream,
    markup,
    ...(view.known ? { payload: view.payload as Readonly<Record<string, unknown>> } : {}),
    ...(view.timestamp === undefined ? {} : { time: view.timestamp }),
  };
}

/** A replayed line's time, `[14:05]` in UTC, so every player and every test reads the same. */
export function replayStamp(time: number): string {
  return `[${new Date(time).toISOString().slice(11, 16)}]`;
}

/** A replayed event's markup with its time before it when the replay is stamped and the time is known. */
function stampedMarkup(event: ClientEvent, stamped: boolean): string {
  const markup = event.markup ?? "";
  return stamped && event.time !== undefined ? `${replayStamp(event.time)} ${markup}` : markup;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The one line that stands for the arrivals and departures (connects, channel joins) a replay left out. */
export const presenceLine = (n: number): string =>
  `(${plural(n, "arrival or departure", "arrivals and departures")} while you were away ${n === 1 ? "is" : "are"} not shown.)`;

/**
 * A replay for a structured client: `missed` (when there is something to say and the replay is not an arrival),
 * its events, then `missedEnd` with the position it covered.
 */
function showStructuredReplay(
  client: NonNullable<OutputConnection["structured"]>,
  done: PendingReplay,
  framed: boolean,
  covered: number,
): void {
  if (framed && (done.events.length > 0 || done.skipped > 0 || done.presence > 0))
    client.missed(done.events.length, done.skipped, done.presence);
  for (const event of done.events) client.event(event);
  // Always sent: the client reports `covered` as shown, so what the replay summed up is not counted again.
  client.missedEnd(covered);
}

/** The core ended this connection's stream for good: booted (closed) or moved to another character (switched). */
export type StreamEnd =
  | { readonly kind: "closed"; readonly text: string }
  | { readonly kind: "switched"; readonly session: Session };

/** Hears of what the output did, besides writing to the connection. */
export interface StreamOutputHooks {
  /** A final item: the core ended this connection's output. */
  readonly ended?: (end: StreamEnd) => void;
  /** The events up to `position` were handed to the socket (the cursor moved). */
  readonly delivered?: (position: number) => void;
  /** Hears of an event whose payload fails the event schema (shown as nothing, the cursor moving past it). */
  readonly log?: Pick<Logger, "warn">;
  /** A new session: its first replay is its arrival (the motd, the room), shown with no "missed events" frame. */
  readonly arriving?: boolean;
}

/** Creates the output side of a game session for `conn`, seen by `viewer`. */
export function createStreamOutput(
  conn: OutputConnection,
  viewer: Viewer,
  hooks: StreamOutputHooks = {},
): StreamOutput {
  return new Output(conn, viewer, hooks);
}

// A class, not closures: every playing connection holds one output for its life, so its methods are shared.
class Output implements StreamOutput {
  readonly #conn: OutputConnection;
  readonly #viewer: Viewer;
  readonly #hooks: StreamOutputHooks;
  #cursor = 0;
  #live = false;
  #waiting = false;
  #replay: PendingReplay | undefined;
  #arriving: boolean;

  constructor(conn: OutputConnection, viewer: Viewer, hooks: StreamOutputHooks) {
    this.#conn = conn;
    this.#viewer = viewer;
    this.#hooks = hooks;
    this.#arriving = hooks.arriving ?? false;
  }

  get cursor(): number {
    return this.#cursor;
  }

  get live(): boolean {
    return this.#live;
  }

  restart(): void {
    this.#live = false;
    this.#waiting = true;
    this.#replay = undefined;
  }

  show(item: OutputItem): void {
    switch (item.case) {
      case "event":
        this.event(item.value);
        return;
      case "replayStart":
        this.#waiting = false;
        this.#replay = {
          skipped: Number(item.value.skipped),
          presence: Number(item.value.presence),
          timestamps: item.value.timestamps,
          events: [],
          room: undefined,
          cursor: this.#cursor,
        };
        return;
      case "replayEnd":
        this.#endReplay(Number(item.value.lastPosition));
        return;
      case "notice":
        this.#conn.sendMarkup(item.value.text, { trusted: true });
        return;
      case "closed":
        this.#hooks.ended?.({ kind: "closed", text: item.value.text });
        return;
      case "switched":
        this.#hooks.ended?.({ kind: "switched", session: item.value });
        return;
      case undefined:
        return;
    }
  }

  event(shared: SharedEvent): void {
    const event = shared.view;
    const conn = this.#conn;
    const viewer = this.#viewer;
    const replay = this.#replay;
    // Between a new watch and its ReplayStart, live events of the old one are dropped: the replay has them.
    if (this.#waiting) return;
    // Invariant: a position at or below the cursor was shown already; after a new watch it is a duplicate.
    if (event.position <= (replay?.cursor ?? this.#cursor)) return;
    if (!event.known && event.malformed !== undefined)
      this.#hooks.log?.warn(
        "an event from the core does not match the event schema; it is shown as nothing",
        {
          type: event.type,
          position: event.position,
          error: event.malformed,
        },
      );
    const room = shared.room;
    if (replay) {
      const markup = shared.markup(viewer);
      replay.cursor = event.position;
      if (markup !== undefined) {
        const event = clientEvent(shared, markup);
        replay.events.push(replay.timestamps ? { ...event, stamped: true } : event);
      }
      if (room) replay.room = room;
      return;
    }
    this.#cursor = event.position;
    this.#live = true;
    if (conn.structured) {
      const markup = shared.markup(viewer);
      if (markup !== undefined) conn.structured.event(clientEvent(shared, markup));
    } else {
      const { colorDepth, width } = conn.capabilities;
      const text = shared.text(viewer, colorDepth, width);
      if (text !== undefined) conn.send(text);
    }
    if (room) conn.sendGmcp("Room.Info", room);
    // GMCP Comm.Channel.Text (Mudlet, IRE): the line as plain text, for a client's channel tabs.
    const channel = shared.channelText(viewer);
    if (channel) conn.sendGmcp("Comm.Channel.Text", channel);
    this.#hooks.delivered?.(this.#cursor);
  }

  // Invariant: the cursor moves past replayed events only once they are shown, so a stream that breaks
  // mid-replay replays them again rather than losing them.
  #endReplay(lastPosition: number): void {
    const conn = this.#conn;
    const done = this.#replay;
    this.#replay = undefined;
    this.#waiting = false;
    this.#live = true;
    if (!done) return;
    // A new session's first replay is its arrival (the motd, the room), not something missed: no frame.
    const framed = !this.#arriving;
    this.#arriving = false;
    const covered = Math.max(this.#cursor, done.cursor, lastPosition);
    if (conn.structured) showStructuredReplay(conn.structured, done, framed, covered);
    else showPlainReplay(conn, done, framed ? done.events.length : 0);
    if (done.room) conn.sendGmcp("Room.Info", done.room);
    this.#cursor = covered;
    if (this.#cursor > 0) this.#hooks.delivered?.(this.#cursor);
  }
}

/** A replay for a telnet client: the frame around `shown` missed events, what was skipped or left out, the events. */
function showPlainReplay(conn: OutputConnection, done: PendingReplay, shown: number): void {
  const plain = conn.capabilities.screenReader;
  // A screen reader reads separator dashes aloud; it gets the frame as sentences.
  if (shown > 0)
    conn.send(
      plain
        ? `${plural(shown, "missed event", "missed events")}:`
        : `--- ${plural(shown, "missed event", "missed events")} ---`,
    );
  if (done.skipped > 0)
    conn.send(`(${plural(done.skipped, "older event was", "older events were")} skipped.)`);
  if (done.presence > 0) conn.send(presenceLine(done.presence));
  for (const event of done.events) conn.sendMarkup(stampedMarkup(event, done.timestamps), { trusted: true });
  if (shown > 0) conn.send(plain ? "End of missed events." : "--- end of missed events ---");
}
