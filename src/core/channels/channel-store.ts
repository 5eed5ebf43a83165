/** A channel: its display name, the key its stream is named by, and the alias members talk with. */
export interface Channel {
  /** Lower-case name; the stream is `channel:<key>`. */
  readonly key: string;
  readonly name: string;
  /** Lower-case word members type to talk (`pub hello`); unique among channels. */
  readonly alias: string;
  readonly createdAt: number;
}

/** One change the channel projection applies, read from a channel event (see channel-events.ts). */
export type ChannelChange =
  | { readonly kind: "create"; readonly channel: Channel }
  | { readonly kind: "destroy"; readonly key: string }
  | { readonly kind: "join"; readonly key: string; readonly characterId: string; readonly at: number }
  | { readonly kind: "leave"; readonly key: string; readonly characterId: string };

/** Everything the projection holds, for comparing a rebuild with the live state. */
export interface ChannelSnapshot {
  readonly channels: readonly Channel[];
  /** `<key> <characterId>` pairs, sorted. */
  readonly members: readonly string[];
}

/**
 * The channel projection's storage: channels and their members, rebuilt from `channel:` events.
 * Changes are idempotent (creating an existing channel, joining twice or leaving when absent do nothing),
 * so re-applying events after a crash is safe. An unreachable store throws HoloError("unavailable").
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
  snapshot(): Promise<ChannelSnapshot>;
}

/** Sorts channels and member pairs so two snapshots compare equal when their content does. */
export function sortedSnapshot(channels: readonly Channel[], members: readonly string[]): ChannelSnapshot {
  return {
    channels: [...channels].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    members: [...members].sort(),
  };
}
