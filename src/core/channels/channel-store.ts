/** A channel: its display name, the key its stream is named by, and the alias members talk with. */
export interface Channel {
  /** Lower-case name; the stream is `channel:<key>`. */
  readonly key: string;
  readonly name: string;
  /** Lower-case word members type to talk (`pub hello`); unique among channels. */
  readonly alias: string;
  readonly createdAt: number;
  /** The character that created it: its first moderator. Absent for the game's own Public. */
  readonly ownerId?: string;
}

/**
 * What a character is on a channel besides a member: an appointed moderator, muted (hears, may not speak),
 * banned (may not join), or gagged (a member who hears nothing of it, by their own choice).
 */
export type ChannelMarkKind = "moderator" | "muted" | "banned" | "gagged";

/** One mark of one character on one channel. */
export interface ChannelMark {
  readonly key: string;
  readonly characterId: string;
  readonly mark: ChannelMarkKind;
  /** When a mute or ban ends (ms since the epoch); absent while it lasts until lifted. */
  readonly until?: number;
  readonly reason?: string;
}

/** One change the channel projection applies, read from a channel event (see channel-events.ts). */
export type ChannelChange =
  | { readonly kind: "create"; readonly channel: Channel }
  | { readonly kind: "destroy"; readonly key: string }
  | { readonly kind: "join"; readonly key: string; readonly characterId: string; readonly at: number }
  | { readonly kind: "leave"; readonly key: string; readonly characterId: string }
  /** Sets a mark, replacing one of the same kind; on a missing channel it does nothing. */
  | { readonly kind: "mark"; readonly mark: ChannelMark }
  | {
      readonly kind: "unmark";
      readonly key: string;
      readonly characterId: string;
      readonly mark: ChannelMarkKind;
    };

/** Everything the projection holds, for comparing a rebuild with the live state. */
export interface ChannelSnapshot {
  readonly channels: readonly Channel[];
  /** `<key> <characterId>` pairs, sorted. */
  readonly members: readonly string[];
  /** `<key> <characterId> <mark> <until or -> <reason>`, sorted. */
  readonly marks: readonly string[];
}

/**
 * The channel projection's storage: channels and their members, rebuilt from `channel:` events.
 * Changes are idempotent (creating an existing channel, joining twice or leaving when absent do nothing),
 * so re-applying events after a crash is safe. Leaving a channel drops the leaver's gag; destroying it drops
 * every mark on it. An unreachable store throws HoloError("unavailable").
 */
export interface ChannelStore {
  /** Applies changes in order, atomically, and raises the applied position to `position`. */
  apply(changes: readonly ChannelChange[], position: number): Promise<void>;
  /** The position of the last event applied; 0 when none. */
  appliedPosition(): Promise<number>;
  get(key: string): Promise<Channel | undefined>;
  /** Every channel, by key. */
  list(): Promise<Channel[]>;
  /** The member character ids of a channel, in join order. */
  members(key: string): Promise<string[]>;
  /** The keys of the channels a character belongs to, sorted. */
  channelsOf(characterId: string): Promise<string[]>;
  /** The marks on a channel, by character id then kind, expired ones included. */
  marks(key: string): Promise<ChannelMark[]>;
  /** A character's marks on every channel, by channel key then kind. */
  marksOf(characterId: string): Promise<ChannelMark[]>;
  snapshot(): Promise<ChannelSnapshot>;
}

/** Sorts channels and member pairs so two snapshots compare equal when their content does. */
export function sortedSnapshot(
  channels: readonly Channel[],
  members: readonly string[],
  marks: readonly ChannelMark[],
): ChannelSnapshot {
  return {
    channels: [...channels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    members: [...members].sort(),
    marks: marks.map((m) => `${m.key} ${m.characterId} ${m.mark} ${m.until ?? "-"} ${m.reason ?? ""}`).sort(),
  };
}

/** Orders marks by `first` (a channel key or a character id), then by kind. */
export function markOrder(first: "key" | "characterId") {
  return (a: ChannelMark, b: ChannelMark): number =>
    a[first] < b[first] ? -1 : a[first] > b[first] ? 1 : a.mark < b.mark ? -1 : a.mark > b.mark ? 1 : 0;
}

/** A mark read from a store row, with absent fields left out. */
export function markOf(row: {
  channel_key: string;
  character_id: string;
  mark: string;
  until: number | string | null;
  reason: string | null;
}): ChannelMark {
  return {
    key: row.channel_key,
    characterId: row.character_id,
    mark: row.mark as ChannelMarkKind,
    ...(row.until === null ? {} : { until: Number(row.until) }),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}
