import { characterActor, commEvent, type Speaker } from "#core/comms/comm-event.ts";
import { channelStream, charStream, type NewEvent, type StoredEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { durationText } from "#shared/util/duration-text.ts";
import { channelEventTypes } from "./channel-events.ts";
import type { RecordChannelEvents } from "./channel-recorder.ts";
import type { Channel, ChannelMark, ChannelMarkKind, ChannelStore } from "./channel-store.ts";

/** The character a moderation action is about. */
export interface ChannelTarget {
  readonly id: string;
  readonly name: string;
}

/** How long a mute or ban lasts (absent: until lifted) and why. */
export interface ChannelTerm {
  readonly forMs?: number;
  readonly reason?: string;
}

/**
 * Moderation of one channel's members, as events the projection folds into marks. Refusals throw
 * invalid_argument and append nothing. Who may moderate is decided by the caller (the policy engine, through
 * channel-commands.ts); this module checks only what the channel's state allows.
 */
export interface ChannelModeration {
  /** The channel's moderators by id: its owner first, then those appointed. */
  moderators(channel: Channel): Promise<string[]>;
  /** The mutes and bans in force on a channel now. */
  sanctions(channel: Channel): Promise<ChannelMark[]>;
  /** Whether `characterId` has `channel` gagged. */
  gagged(channel: Channel, characterId: string): Promise<boolean>;
  appoint(by: Speaker, channel: Channel, target: ChannelTarget, moderator: boolean): Promise<StoredEvent[]>;
  mute(by: Speaker, channel: Channel, target: ChannelTarget, term: ChannelTerm): Promise<StoredEvent[]>;
  unmute(by: Speaker, channel: Channel, target: ChannelTarget): Promise<StoredEvent[]>;
  kick(by: Speaker, channel: Channel, target: ChannelTarget): Promise<StoredEvent[]>;
  ban(by: Speaker, channel: Channel, target: ChannelTarget, term: ChannelTerm): Promise<StoredEvent[]>;
  unban(by: Speaker, channel: Channel, target: ChannelTarget): Promise<StoredEvent[]>;
  /** Gags (true) or ungags a channel the speaker is on, for themselves alone. */
  gag(who: Speaker, channel: Channel, gag: boolean): Promise<StoredEvent[]>;
  /** Throws the line a member reads when they may not speak now: muted (time left, reason) or gagged. */
  checkSpeaker(who: Speaker, channel: Channel): Promise<void>;
  /** Throws the line a banned character reads on joining. */
  checkJoiner(who: Speaker, channel: Channel): Promise<void>;
}

/** What the moderation needs from the channel service it is part of. */
export interface ChannelModerationDeps {
  readonly store: ChannelStore;
  readonly clock: Clock;
  readonly record: RecordChannelEvents;
  readonly isMember: (characterId: string, key: string) => Promise<boolean>;
  /** As in ChannelsDeps: the character's session follows the stream after `position` or stops. */
  readonly membershipChanged: MembershipChanged;
}

/** Called after a character joined or left a channel: its session follows the stream after `position`, or stops. */
export type MembershipChanged = (
  characterId: string,
  stream: string,
  member: boolean,
  position: number,
) => Promise<void>;

type TargetEvent =
  | "channel.mod"
  | "channel.unmod"
  | "channel.mute"
  | "channel.unmute"
  | "channel.kick"
  | "channel.ban"
  | "channel.unban";

const positionOf = (stored: readonly StoredEvent[]) => Math.max(0, ...stored.map((e) => e.position));
const refuse = (line: string): never => {
  throw new HoloError("invalid_argument", line);
};
const because = (reason: string | undefined) => (reason ? `: ${reason}` : ".");

/** Creates the moderation part of the channel service (channels.ts). */
export function createChannelModeration(deps: ChannelModerationDeps): ChannelModeration {
  const { store, clock, record } = deps;
  const inForce = (m: ChannelMark) => m.until === undefined || m.until > clock.now();
  const markOf = async (channel: Channel, characterId: string, mark: ChannelMarkKind) =>
    (await store.marksOf(characterId)).find((m) => m.key === channel.key && m.mark === mark && inForce(m));
  const targetEvent = (
    by: Speaker,
    channel: Channel,
    type: TargetEvent,
    target: ChannelTarget,
    term: ChannelTerm = {},
  ): NewEvent => {
    const until = term.forMs === undefined ? {} : { until: clock.now() + term.forMs };
    const reason = term.reason ? { reason: term.reason } : {};
    const payload = { channel: channel.name, name: by.name, target: target.name, characterId: target.id };
    return commEvent(clock, by.newId, characterActor(by), channelStream(channel.key), type, {
      ...payload,
      ...until,
      ...reason,
    });
  };
  const notSelf = (by: Speaker, target: ChannelTarget, verb: string) => {
    if (by.id === target.id) refuse(`You cannot ${verb} yourself.`);
  };
  /** Records `event`, which takes `target` off the channel, and stops their session following it. */
  const remove = async (target: ChannelTarget, channel: Channel, event: NewEvent) => {
    const stored = await record([event]);
    await deps.membershipChanged(target.id, channelStream(channel.key), false, positionOf(stored));
    return stored;
  };

  return {
    async moderators(channel) {
      const appointed = (await store.marks(channel.key)).filter((m) => m.mark === "moderator");
      const ids = appointed.map((m) => m.characterId).filter((id) => id !== channel.ownerId);
      return channel.ownerId === undefined ? ids : [channel.ownerId, ...ids];
    },
    async sanctions(channel) {
      return (await store.marks(channel.key)).filter(
        (m) => (m.mark === "muted" || m.mark === "banned") && inForce(m),
      );
    },
    gagged: async (channel, characterId) => (await markOf(channel, characterId, "gagged")) !== undefined,
    async appoint(by, channel, target, moderator) {
      const owner = channel.ownerId === target.id;
      if (owner) refuse(`${target.name} owns ${channel.name}, and so moderates it.`);
      const is = (await markOf(channel, target.id, "moderator")) !== undefined;
      if (is === moderator)
        refuse(`${target.name} is ${moderator ? "already" : "not"} a moderator of ${channel.name}.`);
      const type = moderator ? channelEventTypes.mod : channelEventTypes.unmod;
      return record([targetEvent(by, channel, type, target)]);
    },
    async mute(by, channel, target, term) {
      notSelf(by, target, "mute");
      return record([targetEvent(by, channel, channelEventTypes.mute, target, term)]);
    },
    async unmute(by, channel, target) {
      if (!(await markOf(channel, target.id, "muted")))
        refuse(`${target.name} is not muted on ${channel.name}.`);
      return record([targetEvent(by, channel, channelEventTypes.unmute, target)]);
    },
    async kick(by, channel, target) {
      notSelf(by, target, "kick");
      if (!(await deps.isMember(target.id, channel.key))) refuse(`${target.name} is not on ${channel.name}.`);
      return remove(target, channel, targetEvent(by, channel, channelEventTypes.kick, target));
    },
    async ban(by, channel, target, term) {
      notSelf(by, target, "ban");
      return remove(target, channel, targetEvent(by, channel, channelEventTypes.ban, target, term));
    },
    async unban(by, channel, target) {
      if (!(await markOf(channel, target.id, "banned")))
        refuse(`${target.name} is not banned from ${channel.name}.`);
      return record([targetEvent(by, channel, channelEventTypes.unban, target)]);
    },
    async gag(who, channel, gag) {
      if (!(await deps.isMember(who.id, channel.key))) refuse(`You are not on ${channel.name}.`);
      if (((await markOf(channel, who.id, "gagged")) !== undefined) === gag)
        refuse(`You have ${gag ? "already" : "not"} gagged ${channel.name}.`);
      const type = gag ? channelEventTypes.gag : channelEventTypes.ungag;
      const stored = await record([
        commEvent(clock, who.newId, characterActor(who), charStream(who.id), type, {
          channel: channel.name,
          characterId: who.id,
        }),
      ]);
      // Invariant: an ungag follows the channel after its own event, so nothing said while gagged is replayed.
      await deps.membershipChanged(who.id, channelStream(channel.key), !gag, positionOf(stored));
      return stored;
    },
    async checkSpeaker(who, channel) {
      const muted = await markOf(channel, who.id, "muted");
      if (muted) {
        const left =
          muted.until === undefined
            ? "until a moderator unmutes you"
            : `for another ${durationText(muted.until - clock.now())}`;
        refuse(`You are muted on ${channel.name} ${left}${because(muted.reason)}`);
      }
      if ((await markOf(channel, who.id, "gagged")) !== undefined)
        refuse(
          `You have ${channel.name} gagged; type "channel/ungag ${channel.name}" to hear and talk on it.`,
        );
    },
    async checkJoiner(who, channel) {
      const banned = await markOf(channel, who.id, "banned");
      if (!banned) return;
      const left =
        banned.until === undefined ? "" : ` for another ${durationText(banned.until - clock.now())}`;
      refuse(`You are banned from ${channel.name}${left}${because(banned.reason)}`);
    },
  };
}
