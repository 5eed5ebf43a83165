import { arrayOf, bool, count, object, oneOf, str } from "./payload-check.ts";

const named = { name: str };
const list = arrayOf(str);

/** One exit of a location, as `look` lists it: `to` is the id it leads to ("" when unlinked), for GMCP Room.Info. */
const exitSummary = object({ name: str, aliases: list, to: str });

/**
 * The events of what characters do where they are (location streams) and what one character is shown
 * (`char:<id>`). Part of eventSchema (./event-schema.ts). `name` is always the acting character's display name at
 * the time; every string a player or plugin wrote is sanitised and markup-escaped when it is rendered.
 */
export const activityEventSchema = {
  say: {
    streams: ["location", "scene"],
    description: 'Speech: `Alice says, "Hello!"` (the speaker reads `You say, "Hello!"`).',
    payload: object({ name: str, text: str }),
  },
  pose: {
    streams: ["location", "scene"],
    description: "An action: `Alice waves.`; with `semipose`, no space: `Alice's eyes narrow.`",
    payload: object({ name: str, text: str }, { semipose: bool }),
  },
  emit: {
    streams: ["location", "scene", "char"],
    description:
      "Text alone, with no name (@emit and @remit to a room, @pemit to one character's stream; admins only); `name` is kept for moderation only. `except` (@oemit) is a character id who is not shown it.",
    payload: object({ text: str }, { ...named, except: str }),
  },
  arrive: {
    streams: ["location"],
    description:
      "`Alice arrives from The Lobby.` on the new location; `id` is the character moved (an admin may have teleported them), who sees nothing: their look follows.",
    payload: object(named, { id: str, from: str }),
  },
  leave: {
    streams: ["location"],
    description: "`Alice leaves toward The Garden.` on the old location; `id` as for arrive.",
    payload: object(named, { id: str, to: str }),
  },
  get: {
    streams: ["location"],
    description: "`Alice picks up the lamp.`",
    payload: object({ name: str, object: str }),
  },
  drop: {
    streams: ["location"],
    description: "`Alice drops the lamp.`",
    payload: object({ name: str, object: str }),
  },
  give: {
    streams: ["location"],
    description: "`Alice gives the lamp to Bob.` (the receiver, `toId`, reads `... to you.`).",
    payload: object({ name: str, object: str, to: str, toId: str }),
  },
  connect: {
    streams: ["location"],
    description: "`Alice has connected.`, to the others in her location.",
    payload: object(named),
  },
  disconnect: {
    streams: ["location"],
    description: "`Alice has disconnected.`, to the others in her location.",
    payload: object(named),
  },
  crowd_presence: {
    streams: ["location"],
    description:
      "`Alice, Bob and 12 more have connected.` In a crowded location (`--crowd-size`), connects and disconnects are gathered for a few seconds and announced together; each list holds at most 10 names, and `more` counts the rest.",
    payload: object(
      { connected: list, disconnected: list },
      { more: object({}, { connected: count, disconnected: count }) },
    ),
  },
  look: {
    streams: ["char"],
    description:
      "A location: its name, description, who is present, what lies there and its exits; each list holds at most 50 entries, and `omitted` counts those left out (`and 3 more`).",
    payload: object(
      {
        location: object({ id: str, name: str }),
        description: str,
        exits: arrayOf(exitSummary),
        present: list,
        contents: list,
      },
      { omitted: object({}, { exits: count, present: count, contents: count }) },
    ),
  },
  look_at: {
    streams: ["char"],
    description:
      "One character, exit or object looked at; for an exit, `leadsTo` names where it leads. `lock` and `lockFail` (its lock's expression and fail message) are there only for whom may change the lock.",
    payload: object(
      { kind: oneOf("character", "exit", "object"), name: str, description: str },
      { leadsTo: str, lock: str, lockFail: str },
    ),
  },
  attribute_message: {
    streams: ["location", "char"],
    description:
      "A message an attribute gives (SUCC, OSUCC, FAIL, OFAIL, DROP, ODROP, ADESC), substitutions done: `text` is formatted text (docs/formatting.md). An O-message and ADESC are shown as `Alice <text>` to the others, never to `name` who caused it.",
    payload: object({ name: str, attribute: str, text: str }),
  },
  notice: {
    streams: ["char"],
    description: "A plugin's (or the plugin host's) message to one character, shown as untrusted text.",
    payload: object({ text: str }),
  },
  system: {
    streams: ["location", "char", "channel", "world"],
    description:
      "Text from the core itself, in trusted server markup when the actor is the system; anyone else's is player text.",
    payload: object({ text: str }),
  },
} as const;
