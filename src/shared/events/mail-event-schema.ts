import { arrayOf, count, object, oneOf, str } from "./payload-check.ts";

const ids = arrayOf(str);
/** Who may read, post in or moderate a board, from the widest to the narrowest. */
const level = oneOf("everyone", "players", "builders", "admins");
const owned = { ownerId: str, ids };

/**
 * The events of mail and bulletin boards. Mail lives on the one `mail` stream and boards on the one `boards`
 * stream, which no session follows: nobody is sent them, and the mail and board projections are folded from
 * these two streams alone. Part of eventSchema (./event-schema.ts). Message ids are the ids of `mail.sent`
 * events; `ownerId` is the character whose mailbox changes.
 */
export const mailEventSchema = {
  "mail.sent": {
    streams: ["mail"],
    description:
      "A message delivered to the mailboxes of `toIds` (the recipients who received it; `to` their names). `from` is the sender's name.",
    payload: object({ fromId: str, from: str, toIds: ids, to: ids, subject: str, body: str }),
  },
  "mail.read": {
    streams: ["mail"],
    description: "The owner read these messages.",
    payload: object(owned),
  },
  "mail.deleted": {
    streams: ["mail"],
    description: "The owner deleted these messages from their mailbox.",
    payload: object(owned),
  },
  "mail.filed": {
    streams: ["mail"],
    description: "The owner moved these messages to `folder` (lower case).",
    payload: object({ ...owned, folder: str }),
  },
  "mail.draft": {
    streams: ["mail"],
    description: "The owner started a message to `toIds` (`to`, their names) with `subject`; lines follow.",
    payload: object({ ownerId: str, toIds: ids, to: ids, subject: str }),
  },
  "mail.draft.line": {
    streams: ["mail"],
    description: "One more line of the owner's message being written.",
    payload: object({ ownerId: str, text: str }),
  },
  "mail.draft.end": {
    streams: ["mail"],
    description:
      "The owner's message being written was sent (a `mail.sent` comes in the same batch) or abandoned.",
    payload: object({ ownerId: str }),
  },
  "board.create": {
    streams: ["boards"],
    description: "A board was created with who may read, post and moderate; `name` is who created it.",
    payload: object({ board: str, name: str, read: level, post: level, moderate: level }),
  },
  "board.destroy": {
    streams: ["boards"],
    description: "A board and its posts were removed; `name` is who did it.",
    payload: object({ board: str, name: str }),
  },
  "board.post": {
    streams: ["boards"],
    description:
      "A post, numbered by the board in order (numbers are never reused); `replyTo` is the number it answers.",
    payload: object({ board: str, authorId: str, name: str, subject: str, body: str }, { replyTo: count }),
  },
  "board.edit": {
    streams: ["boards"],
    description: "A post's author replaced its text.",
    payload: object({ board: str, number: count, body: str, name: str }),
  },
  "board.remove": {
    streams: ["boards"],
    description: "A post was removed, by its author or a moderator (`name`).",
    payload: object({ board: str, number: count, name: str }),
  },
  "board.read": {
    streams: ["boards"],
    description: "A character read a post.",
    payload: object({ board: str, number: count, characterId: str }),
  },
} as const;

/** The notices of mail and boards, shown to the one character they are for. */
export const mailNoticeSchema = {
  "mail.notice": {
    streams: ["char"],
    description:
      "`New mail from Alice: Hello (type 'mail 3' to read it).`, to a recipient with a session, live or replayed on their return.",
    payload: object({ from: str, subject: str, number: count }),
  },
} as const;
