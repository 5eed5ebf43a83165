import { arrayOf, bool, count, object, str } from "./payload-check.ts";

const names = arrayOf(str);
/** A message that may be a pose (`:waves`) or a semipose (`;'s hat falls`) instead of speech. */
const posed = { pose: bool, semipose: bool };
const channelMember = object({ channel: str, name: str, characterId: str });

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
    description: "The channel was created, with its member `alias`; `name` is who created it.",
    payload: object({ channel: str, name: str, alias: str }),
  },
  "channel.destroy": {
    streams: ["channel"],
    description: "The channel was closed; `name` is who closed it.",
    payload: object({ channel: str, name: str }),
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
