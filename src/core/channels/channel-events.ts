import type { StoredEvent } from "#core/events/event.ts";
import type { ChannelChange } from "./channel-store.ts";

/**
 * Event types on `channel:<key>` streams (and `channel.history` on the asker's); their payloads are defined in
 * src/shared/events/comms-event-schema.ts.
 */
export const channelEventTypes = {
  create: "channel.create",
  destroy: "channel.destroy",
  join: "channel.join",
  leave: "channel.leave",
  message: "channel",
  history: "channel.history",
} as const;

/** How many of a channel's newest events `channel history` reads before picking messages. */
export const HISTORY_SCAN = 500;

/** The largest `channel.history` payload built, in bytes, well under the store's 16 KiB limit. */
const HISTORY_BYTES = 12 * 1024;

/** One message of `channel.history`. */
export interface HistoryLine {
  readonly name: string;
  readonly text: string;
  readonly timestamp: number;
  readonly pose?: true;
  readonly semipose?: true;
}

/** The newest `count` messages among `events` (oldest first), as many as fit the payload limit. */
export function historyLines(events: readonly StoredEvent[], count: number): HistoryLine[] {
  const lines: HistoryLine[] = [];
  let bytes = 0;
  for (const e of [...events].reverse()) {
    if (lines.length >= count) break;
    if (e.type !== channelEventTypes.message) continue;
    const name = str(e.payload, "name") ?? "";
    const text = str(e.payload, "text") ?? "";
    const line: HistoryLine = {
      name,
      text,
      timestamp: e.timestamp,
      ...(e.payload.pose === true ? { pose: true as const } : {}),
      ...(e.payload.semipose === true ? { semipose: true as const } : {}),
    };
    bytes += Buffer.byteLength(JSON.stringify(line), "utf8");
    if (bytes > HISTORY_BYTES) break;
    lines.push(line);
  }
  return lines.reverse();
}

const prefix = "channel:";

const str = (payload: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = payload[key];
  return typeof value === "string" ? value : undefined;
};

/** The projection change an event makes, or undefined for any event that changes no membership. */
export function channelChangeOf(event: StoredEvent): ChannelChange | undefined {
  if (!event.stream.startsWith(prefix)) return undefined;
  const key = event.stream.slice(prefix.length);
  const p = event.payload;
  switch (event.type) {
    case channelEventTypes.create: {
      const name = str(p, "channel");
      const alias = str(p, "alias");
      if (!name || !alias) return undefined;
      return { kind: "create", channel: { key, name, alias, createdAt: event.timestamp } };
    }
    case channelEventTypes.destroy:
      return { kind: "destroy", key };
    case channelEventTypes.join:
    case channelEventTypes.leave: {
      const characterId = str(p, "characterId");
      if (!characterId) return undefined;
      return event.type === channelEventTypes.join
        ? { kind: "join", key, characterId, at: event.timestamp }
        : { kind: "leave", key, characterId };
    }
    default:
      return undefined;
  }
}
