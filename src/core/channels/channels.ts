import { characterActor, commEvent, type Speaker, SYSTEM_ACTOR } from "#core/comms/comm-event.ts";
import { requireOne } from "#core/comms/match-name.ts";
import type { Speech } from "#core/comms/speech.ts";
import { type Actor, channelStream, charStream, type StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { channelEventTypes, HISTORY_SCAN, historyLines } from "./channel-events.ts";
import {
  type ChannelModeration,
  createChannelModeration,
  type MembershipChanged,
} from "./channel-moderation.ts";
import { createChannelRecorder } from "./channel-recorder.ts";
import { channelKey, checkChannelAlias, checkChannelName, DEFAULT_CHANNEL } from "./channel-rules.ts";
import type { Channel, ChannelStore } from "./channel-store.ts";

/** A channel as `channel list` shows it to one character. */
export interface ChannelView {
  readonly channel: Channel;
  readonly member: boolean;
  readonly members: number;
}

/** What the channel service needs. */
export interface ChannelsDeps {
  readonly store: ChannelStore;
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly clock: Clock;
  /**
   * Called after a character joined or left a channel, so its session follows `channel:<key>` after
   * `position` (the join event's) or stops after it (the leave or destroy event's).
   */
  readonly membershipChanged: MembershipChanged;
}

/** Channels: the projection of `channel:` events and the commands on them. Refusals throw and append nothing. */
export interface Channels extends ChannelModeration {
  /** Every channel, with whether `characterId` is on it. */
  list(characterId: string): Promise<ChannelView[]>;
  /** The channel `typed` names (exact name or unique prefix); else not_found or "Which 'p'? …". */
  find(typed: string): Promise<Channel>;
  /** The channel a member talks on with `word`: its alias, or `+<name or prefix>`; undefined when none. */
  talkTarget(characterId: string, word: string): Promise<Channel | undefined>;
  create(by: Speaker, name: string, alias: string): Promise<StoredEvent[]>;
  destroy(by: Speaker, typed: string): Promise<StoredEvent[]>;
  join(who: Speaker, typed: string): Promise<StoredEvent[]>;
  leave(who: Speaker, typed: string): Promise<StoredEvent[]>;
  /** A member's message; refused to non-members, and to members muted on it or gagging it. */
  say(who: Speaker, channel: Channel, speech: Speech): Promise<StoredEvent[]>;
  /** The member ids of the channel `typed` names. */
  members(typed: string): Promise<{ channel: Channel; memberIds: string[] }>;
  /** Appends `channel.history` to the asker's own stream: the last `count` messages of the channel. */
  history(who: Speaker, typed: string, count: number): Promise<StoredEvent[]>;
  /** The keys of every channel a character is on, gagged ones included. */
  keysOf(characterId: string): Promise<string[]>;
  /** The `channel:` streams a character's session follows: those it is on and has not gagged. */
  streamsOf(characterId: string): Promise<string[]>;
  /** Creates the default Public channel on a fresh game (never again once its stream exists). */
  ensureDefault(newId: NewId): Promise<void>;
  /** Puts a new character on the default channel, if it exists. */
  joinDefault(who: Speaker): Promise<StoredEvent[]>;
}

/** The types written to a channel's own stream, each payload naming the channel. */
type ChannelEventType = "channel" | "channel.join" | "channel.leave" | "channel.create" | "channel.destroy";

const positionOf = (stored: readonly StoredEvent[]) => Math.max(0, ...stored.map((e) => e.position));

/** Creates the channel service. Membership changes reach the projection in order (channel-recorder.ts). */
export function createChannels(deps: ChannelsDeps): Channels {
  const { store, clock } = deps;
  const record = createChannelRecorder(deps.append, store);
  const event = <T extends ChannelEventType>(
    actor: Actor,
    newId: NewId,
    channel: Channel,
    type: T,
    payload: Omit<EventPayloads[T], "channel">,
  ) =>
    commEvent(clock, newId, actor, channelStream(channel.key), type, {
      channel: channel.name,
      ...payload,
    } as EventPayloads[T]);
  /** By exact name, then exact alias, then unique name prefix. */
  const find = async (typed: string) => {
    const channels = await store.list();
    const wanted = typed.trim().toLowerCase();
    const exact = channels.find((c) => c.key === wanted) ?? channels.find((c) => c.alias === wanted);
    return (
      exact ??
      requireOne(
        channels,
        typed,
        (c) => c.name,
        (t) => `There is no channel called "${t}".`,
      )
    );
  };
  const isMember = async (characterId: string, key: string) =>
    (await store.channelsOf(characterId)).includes(key);
  const moderation = createChannelModeration({
    store,
    clock,
    record,
    isMember,
    membershipChanged: deps.membershipChanged,
  });
  const membership = async (who: Speaker, typed: string, join: boolean) => {
    const channel = await find(typed);
    if ((await isMember(who.id, channel.key)) === join)
      throw new HoloError("invalid_argument", `You are ${join ? "already" : "not"} on ${channel.name}.`);
    if (join) await moderation.checkJoiner(who, channel);
    const type = join ? channelEventTypes.join : channelEventTypes.leave;
    const stored = await record([
      event(characterActor(who), who.newId, channel, type, { name: who.name, characterId: who.id }),
    ]);
    await deps.membershipChanged(who.id, channelStream(channel.key), join, positionOf(stored));
    return stored;
  };

  return {
    ...moderation,
    async list(characterId) {
      const mine = new Set(await store.channelsOf(characterId));
      const channels = await store.list();
      return Promise.all(
        channels.map(async (channel) => ({
          channel,
          member: mine.has(channel.key),
          members: (await store.members(channel.key)).length,
        })),
      );
    },
    find,
    async talkTarget(characterId, word) {
      const mine = await store.channelsOf(characterId);
      const channels = (await store.list()).filter((c) => mine.includes(c.key));
      if (word.startsWith("+") && word.length > 1)
        return requireOne(
          channels,
          word.slice(1),
          (c) => c.name,
          (t) => `You are on no channel called "${t}".`,
        );
      return channels.find((c) => c.alias === word.toLowerCase());
    },
    async create(by, name, alias) {
      checkChannelName(name);
      checkChannelAlias(alias);
      const channels = await store.list();
      if (channels.some((c) => c.key === channelKey(name)))
        throw new HoloError("already_exists", `There is already a channel called ${name}.`);
      if (channels.some((c) => c.alias === alias))
        throw new HoloError("invalid_argument", `Another channel already uses the alias "${alias}".`);
      const channel: Channel = { key: channelKey(name), name, alias, createdAt: clock.now(), ownerId: by.id };
      return record([
        event(characterActor(by), by.newId, channel, channelEventTypes.create, {
          alias,
          name: by.name,
          characterId: by.id,
        }),
      ]);
    },
    async destroy(by, typed) {
      const channel = await find(typed);
      const members = await store.members(channel.key);
      const stored = await record([
        event(characterActor(by), by.newId, channel, channelEventTypes.destroy, { name: by.name }),
      ]);
      for (const id of members)
        await deps.membershipChanged(id, channelStream(channel.key), false, positionOf(stored));
      return stored;
    },
    join: (who, typed) => membership(who, typed, true),
    leave: (who, typed) => membership(who, typed, false),
    async say(who, channel, speech) {
      if (!(await isMember(who.id, channel.key)))
        throw new HoloError("invalid_argument", `You are not on ${channel.name}.`);
      if (speech.text === "")
        throw new HoloError("invalid_argument", `What do you want to say on ${channel.name}?`);
      await moderation.checkSpeaker(who, channel);
      return deps.append([
        event(characterActor(who), who.newId, channel, channelEventTypes.message, {
          name: who.name,
          ...speech,
        }),
      ]);
    },
    async members(typed) {
      const channel = await find(typed);
      return { channel, memberIds: await store.members(channel.key) };
    },
    async history(who, typed, count) {
      const channel = await find(typed);
      const read = await deps.events.readStreams({ [channelStream(channel.key)]: 0 }, HISTORY_SCAN, {
        newest: true,
      });
      const messages = historyLines(read, count);
      return deps.append([
        commEvent(clock, who.newId, characterActor(who), charStream(who.id), channelEventTypes.history, {
          channel: channel.name,
          messages,
        }),
      ]);
    },
    keysOf: (characterId) => store.channelsOf(characterId),
    async streamsOf(characterId) {
      const gagged = new Set(
        (await store.marksOf(characterId)).filter((m) => m.mark === "gagged").map((m) => m.key),
      );
      return (await store.channelsOf(characterId)).filter((key) => !gagged.has(key)).map(channelStream);
    },
    async ensureDefault(newId) {
      const key = channelKey(DEFAULT_CHANNEL.name);
      if ((await deps.events.lastVersion(channelStream(key))) > 0) return;
      const channel: Channel = { key, ...DEFAULT_CHANNEL, createdAt: clock.now() };
      await record([
        event(SYSTEM_ACTOR, newId, channel, channelEventTypes.create, {
          alias: channel.alias,
          name: "HoloMUSH",
        }),
      ]);
    },
    async joinDefault(who) {
      const channel = await store.get(channelKey(DEFAULT_CHANNEL.name));
      if (!channel || (await isMember(who.id, channel.key))) return [];
      const stored = await record([
        event(characterActor(who), who.newId, channel, channelEventTypes.join, {
          name: who.name,
          characterId: who.id,
        }),
      ]);
      await deps.membershipChanged(who.id, channelStream(channel.key), true, positionOf(stored));
      return stored;
    },
  };
}
