import type { StoredEvent } from "#core/events/event.ts";
import { channelKey } from "./channel-rules.ts";
import type { ChannelChange, ChannelMarkKind } from "./channel-store.ts";

/**
 * Event types on `channel:<key>` streams (`channel.history`, `channel.gag` and `channel.ungag` on the
 * character's own); their payloads are defined in src/shared/events/comms-event-schema.ts.
 */
export const channelEventTypes = {
  create: "channel.create",
  destroy: "channel.destroy",
  join: "channel.join",
  leave: "channel.leave",
  message: "channel",
  history: "channel.history",
  mod: "channel.mod",
  unmod: "channel.unmod",
  mute: "channel.mute",
  unmute: "channel.unmute",
  kick: "channel.kick",
  ban: "channel.ban",
  unban: "channel.unban",
  gag: "channel.gag",
  ungag: "channel.ungag",
} as const;

/** The mark each marking event sets (true) or lifts (false). */
const markEvents: Readonly<Record<string, readonly [ChannelMarkKind, boolean]>> = {
  [channelEventTypes.mod]: ["moderator", true],
  [channelEventTypes.unmod]: ["moderator", false],
  [channelEventTypes.mute]: ["muted", true],
  [channelEventTypes.unmute]: ["muted", false],
  [channelEventTypes.ban]: ["banned", true],
  [channelEventTypes.unban]: ["banned", false],
  [channelEventTypes.gag]: ["gagged", true],
  [channelEventTypes.ungag]: ["gagged", false],
};

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

const num = (payload: Readonly<Record<string, unknown>>, key: string): number | undefined => {
  const value = payload[key];
  return typeof value === "number" ? value : undefined;
};

/** The projection changes an event makes: none for any event that changes no channel, member or mark. */
export function channelChangesOf(event: StoredEvent): ChannelChange[] {
  const p = event.payload;
  // Gags are on the character's own stream, so a player's choice reaches none of the channel's members.
  if (event.type === channelEventTypes.gag || event.type === channelEventTypes.ungag) {
    const name = str(p, "channel");
    return name === undefined ? [] : markChanges(event, channelKey(name));
  }
  if (!event.stream.startsWith(prefix)) return [];
  const key = event.stream.slice(prefix.length);
  switch (event.type) {
    case channelEventTypes.create: {
      const name = str(p, "channel");
      const alias = str(p, "alias");
      if (!name || !alias) return [];
      const ownerId = str(p, "characterId");
      const channel = { key, name, alias, createdAt: event.timestamp, ...(ownerId ? { ownerId } : {}) };
      return [{ kind: "create", channel }];
    }
    case channelEventTypes.destroy:
      return [{ kind: "destroy", key }];
    case channelEventTypes.join:
    case channelEventTypes.leave:
    case channelEventTypes.kick: {
      const characterId = str(p, "characterId");
      if (!characterId) return [];
      return event.type === channelEventTypes.join
        ? [{ kind: "join", key, characterId, at: event.timestamp }]
        : [{ kind: "leave", key, characterId }];
    }
    default:
      return markChanges(event, key);
  }
}

/** A mark set or lifted; a ban also takes the banned character off the channel. */
function markChanges(event: StoredEvent, key: string): ChannelChange[] {
  const marking = Object.hasOwn(markEvents, event.type) ? markEvents[event.type] : undefined;
  const characterId = str(event.payload, "characterId");
  if (!marking || !characterId) return [];
  const [mark, set] = marking;
  if (!set) return [{ kind: "unmark", key, characterId, mark }];
  const until = num(event.payload, "until");
  const reason = str(event.payload, "reason");
  const marked: ChannelChange = {
    kind: "mark",
    mark: {
      key,
      characterId,
      mark,
      ...(until === undefined ? {} : { until }),
      ...(reason ? { reason } : {}),
    },
  };
  return mark === "banned" ? [{ kind: "leave", key, characterId }, marked] : [marked];
}
