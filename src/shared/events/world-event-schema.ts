import { arrayOf, object, oneOf, str } from "./payload-check.ts";

/** What a described or renamed thing is. */
export const thingKind = oneOf("location", "exit", "object", "character");

/** What can be owned: every location, exit and object records the character that owns it. */
export const ownedKind = oneOf("location", "exit", "object");

const id = { id: str };

/**
 * The events of the `world` stream: the world projection is a fold of these alone. Activity a room sees
 * (leave, arrive, get, drop, give) goes to location streams instead. Part of eventSchema (./event-schema.ts).
 */
export const worldEventSchema = {
  location_created: {
    streams: ["world"],
    description:
      "A location was built (@dig), or seeded. `owner` is the creating character; events written before ownership lack it (the actor is then the owner, or the admin for a seed).",
    payload: object({ id: str, name: str, description: str }, { owner: str }),
  },
  location_destroyed: {
    streams: ["world"],
    description: "A location was destroyed.",
    payload: object(id),
  },
  exit_opened: {
    streams: ["world"],
    description:
      "An exit was opened from `location`; `to` is absent for an exit opened unlinked. `owner` as for location_created.",
    payload: object({ id: str, location: str, name: str, aliases: arrayOf(str) }, { to: str, owner: str }),
  },
  exit_linked: {
    streams: ["world"],
    description: "An exit now leads to location `to`.",
    payload: object({ id: str, to: str }),
  },
  exit_unlinked: {
    streams: ["world"],
    description: "An exit now leads nowhere.",
    payload: object(id),
  },
  exit_destroyed: {
    streams: ["world"],
    description: "An exit was destroyed.",
    payload: object(id),
  },
  described: {
    streams: ["world"],
    description: "A thing's description was set.",
    payload: object({ kind: thingKind, id: str, description: str }),
  },
  renamed: {
    streams: ["world"],
    description: "A thing's name (and, when given, its aliases) was set.",
    payload: object({ kind: thingKind, id: str, name: str }, { aliases: arrayOf(str) }),
  },
  object_created: {
    streams: ["world"],
    description:
      "An object was made, lying in a location or held by a character. `owner` as for location_created.",
    payload: object({ id: str, name: str, description: str }, { location: str, holder: str, owner: str }),
  },
  object_moved: {
    streams: ["world"],
    description: "An object now lies in `location`, or is held by `holder`.",
    payload: object(id, { location: str, holder: str }),
  },
  object_destroyed: {
    streams: ["world"],
    description: "An object was destroyed.",
    payload: object(id),
  },
  character_moved: {
    streams: ["world"],
    description: "A character moved from one location (id) to another.",
    payload: object({ id: str, name: str, from: str, to: str }),
  },
  home_set: {
    streams: ["world"],
    description: "A character's or object's home was set.",
    payload: object({ kind: oneOf("character", "object"), id: str, home: str }),
  },
  owner_changed: {
    streams: ["world"],
    description: "`chown`: a location, exit or object now belongs to character `owner`.",
    payload: object({ kind: ownedKind, id: str, owner: str }),
  },
  flag_set: {
    streams: ["world"],
    description: "`flag <target> = <flag>`: a flag that policies can read was set on a character or a thing.",
    payload: object({ kind: thingKind, id: str, flag: str }),
  },
  flag_cleared: {
    streams: ["world"],
    description: "`flag <target> = !<flag>`: a flag was cleared.",
    payload: object({ kind: thingKind, id: str, flag: str }),
  },
  attribute_set: {
    streams: ["world"],
    description:
      "`&NAME <target> = <value>` or `@set <target> = NAME:<value>`: an attribute (upper-case `name`) was set on a character or a thing; a plugin's are named `<PLUGIN>.<NAME>`.",
    payload: object({ kind: thingKind, id: str, name: str, value: str }),
  },
  attribute_cleared: {
    streams: ["world"],
    description: "An attribute was cleared (set to an empty value).",
    payload: object({ kind: thingKind, id: str, name: str }),
  },
  motd_set: {
    streams: ["game"],
    description:
      "`@motd <text>` on `game:motd`: the message of the day shown at login after the operator's file; an empty `text` clears it.",
    payload: object({ text: str }),
  },
} as const;
