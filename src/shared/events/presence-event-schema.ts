import { object, oneOf, str } from "./payload-check.ts";

/**
 * The events of a character's own settings and comings and goings, on its `presence:<id>` stream, which no session
 * follows: `who`, `finger` and `last` read them, and the core reads the replay setting. Part of eventSchema
 * (./event-schema.ts).
 */
export const presenceEventSchema = {
  doing_set: {
    streams: ["presence"],
    description: "The character's `doing` text, shown by `who` and `finger`; empty clears it.",
    payload: object({ text: str }),
  },
  timestamps_set: {
    streams: ["presence"],
    description:
      "Whether replayed lines carry their time: `on`, `off`, or `auto` (when the oldest is over an hour old).",
    payload: object({ mode: oneOf("on", "off", "auto") }),
  },
  logged_in: {
    streams: ["presence"],
    description: "The character's first connection attached (for `last` and `finger`).",
    payload: object({}),
  },
  logged_out: {
    streams: ["presence"],
    description: "The character's last connection detached (for `last` and `finger`).",
    payload: object({}),
  },
} as const;
