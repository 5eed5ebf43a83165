import { arrayOf, bool, count, object, str } from "./payload-check.ts";

const names = arrayOf(str);
/** A message that may be a pose (`:waves`) or a semipose (`;'s hat falls`) instead of speech. */
const posed = { pose: bool, semipose: bool };
const channelMember = object({ channel: str, name: str, characterId: str });
/** A moderation action: `name` (the actor) did it to `target`, whose id is `characterId`. */
const channelTarget = { channel: str, name: str, target: str, characterId: str };
/** How long a mute or ban lasts (`until`, ms since the epoch; absent until lifted) and why. */
const channelTerm = { until: count, reason: str };

/**
 * The events of pages, whispers, out-of-character talk, channels and account notes. Part of eventSchema
 * (./event-schema.ts). `channel` is a channel's display name; `name` the acting character's.
 */
export const commsEventSchema = {
  page: {
    streams: ["char"],
    description:
      "On each recipient's stream and the sender's: `Alice pages: hi` / `You paged Bob with \"hi\".`; to several: `To Bob and Carol, Alice pages: hi`; a pose: `From afar, Alice waves.` `toIds` are the recipients in the order of `to`.",
    payload: object({ name: str, text: str, to: names, toIds: names }, posed),
  },
  whisper: {
    streams: ["char"],
    description:
      "On the recipient's and the sender's streams: `Alice whispers, \"psst\"`; a pose: `You sense: Alice winks.`",
    payload: object({ name: str, text: str, to: names, toIds: names }, posed),
  },
  "whisper.notice": {
    streams: ["location"],
    description: "`Alice whispers something to Bob.`, to the room, hidden from the two of them.",
    payload: object({ name: str, to: names, toIds: names }),
  },
  ooc: {
    streams: ["location", "scene"],
    description:
      "`<OOC> Alice says, \"brb\"` or `<OOC> Alice yawns.`; a private scene's participant's goes to the scene's stream.",
    payload: object({ name: str, text: str }, posed),
  },
  channel: {
    streams: ["channel"],
    description: '`[Public] Alice says, "hi"` or `[Public] Alice waves.`; GMCP Comm.Channel.Text too.',
    payload: object({ channel: str, name: str, text: str }, posed),
  },
  "channel.join": {
    streams: ["channel"],
    description: "`[Public] Bob has joined the channel.`",
    payload: channelMember,
  },
  "channel.leave": {
    streams: ["channel"],
    description: "`[Public] Bob has left the channel.`",
    payload: channelMember,
  },
  "channel.create": {
    streams: ["channel"],
    description:
      "The channel was created, with its member `alias`; `name` is who created it and `characterId` their id: the channel's owner (absent for the game's own Public).",
    payload: object({ channel: str, name: str, alias: str }, { characterId: str }),
  },
  "channel.destroy": {
    streams: ["channel"],
    description: "The channel was closed; `name` is who closed it.",
    payload: object({ channel: str, name: str }),
  },
  "channel.mod": {
    streams: ["channel"],
    description: "`[Public] Alice made Bob a moderator of the channel.` (`channel/mod`)",
    payload: object(channelTarget),
  },
  "channel.unmod": {
    streams: ["channel"],
    description: "`[Public] Alice removed Bob as a moderator of the channel.` (`channel/unmod`)",
    payload: object(channelTarget),
  },
  "channel.mute": {
    streams: ["channel"],
    description:
      "`[Public] Alice muted Bob for 30 minutes: spam.` (`channel/mute`): Bob still hears the channel but may not speak on it until `until` (absent: until unmuted). A later mute replaces it.",
    payload: object(channelTarget, channelTerm),
  },
  "channel.unmute": {
    streams: ["channel"],
    description: "`[Public] Alice unmuted Bob.` (`channel/unmute`)",
    payload: object(channelTarget),
  },
  "channel.kick": {
    streams: ["channel"],
    description: "`[Public] Alice kicked Bob off the channel.` (`channel/kick`): Bob is no longer on it.",
    payload: object(channelTarget),
  },
  "channel.ban": {
    streams: ["channel"],
    description:
      "`[Public] Alice banned Bob from the channel: spam.` (`channel/ban`): Bob is taken off the channel and may not join it until `until` (absent: until unbanned).",
    payload: object(channelTarget, channelTerm),
  },
  "channel.unban": {
    streams: ["channel"],
    description: "`[Public] Alice lifted Bob's ban.` (`channel/unban`): Bob may join again.",
    payload: object(channelTarget),
  },
  "channel.gag": {
    streams: ["char"],
    description:
      "On the player's own stream (`channel/gag`): they stay on the channel but its events no longer reach them, live or replayed.",
    payload: object({ channel: str, characterId: str }),
  },
  "channel.ungag": {
    streams: ["char"],
    description: "On the player's own stream (`channel/ungag`): the channel reaches them again from now on.",
    payload: object({ channel: str, characterId: str }),
  },
  "channel.history": {
    streams: ["char"],
    description: "On the asker's stream: the channel's newest messages, oldest first, within 12 KiB.",
    payload: object({
      channel: str,
      messages: arrayOf(object({ name: str, text: str, timestamp: count }, posed)),
    }),
  },
  "password.changed": {
    streams: ["char"],
    description: "The player changed their password; no fields: a password never reaches an event.",
    payload: object({}),
  },
  "password.reset": {
    streams: ["char"],
    description: "On the admin's stream: whose password an admin replaced.",
    payload: object({ player: str }),
  },
  "role.changed": {
    streams: ["char"],
    description: "On the admin's stream: whose role an admin set, and to what.",
    payload: object({ player: str, role: str }),
  },
  "character.created": {
    streams: ["char"],
    description: "On the creating character's stream: the new character's name.",
    payload: object({ character: str }),
  },
  boot: {
    streams: ["char"],
    description: "On the admin's stream: who was booted and how many connections were closed.",
    payload: object({ target: str, connections: count }),
  },
} as const;
