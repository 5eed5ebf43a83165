/**
 * The payload shapes the gateway's event renderer reads, one per event type. The core writes them; the renderer
 * checks every field at runtime (a payload is untrusted JSON) and treats a missing field as absent.
 *
 * These follow what the core's commands (src/core/engine/commands/) write (`text`, pose with `semipose`, look with a location name);
 * the renderer also reads `message` for `text`, and a look location given as { id, name, description }.
 *
 * Common rule: `actor` on the event is `{ kind: "character", id: <character id> }` for anything a character did,
 * and `name` in the payload is that character's display name at the time. Every string here that a player or a
 * plugin wrote is sanitised and markup-escaped by the renderer before it reaches a socket.
 */

/** `say` on `location:<id>`: `Alice says, "Hello!"` (the speaker sees `You say, "Hello!"`). */
export interface SayPayload {
  readonly name: string;
  readonly text: string;
}

/** `pose` on `location:<id>`: `Alice waves.`; with `semipose`, no space: `Alice's eyes narrow.` */
export interface PosePayload {
  readonly name: string;
  readonly text: string;
  readonly semipose?: boolean;
}

/** `semipose` as its own type is read too, as a pose with `semipose: true`. */
export type SemiposePayload = PosePayload;

/** `emit` on `location:<id>`: the message alone, no name (`@emit`). `name` is kept for moderation only. */
export interface EmitPayload {
  readonly name?: string;
  readonly text: string;
}

/**
 * `arrive` on the new location's stream: "Alice arrives from The Lobby." `id` is the character moved (the
 * actor may be an admin who teleported them); the moved character sees nothing, as the look follows.
 */
export interface ArrivePayload {
  readonly id?: string;
  readonly name: string;
  /** The name of the location left. */
  readonly from?: string;
}

/** `leave` on the old location's stream: "Alice leaves toward The Garden." `id` as for arrive. */
export interface LeavePayload {
  readonly id?: string;
  readonly name: string;
  /** The name of the location entered. */
  readonly to?: string;
}

/** `get` and `drop` on `location:<id>`: "Alice picks up the lamp." / "Alice drops the lamp." */
export interface ObjectActionPayload {
  readonly name: string;
  readonly object: string;
}

/** `give` on `location:<id>`: "Alice gives the lamp to Bob." (to the receiver: "... to you."). */
export interface GivePayload extends ObjectActionPayload {
  readonly to: string;
  readonly toId: string;
}

/** `look_at` on `char:<id>`: one character, exit or object looked at. */
export interface LookAtPayload {
  readonly kind: "character" | "exit" | "object";
  readonly name: string;
  readonly description: string;
  /** For an exit: the name of the location it leads to. */
  readonly leadsTo?: string;
}

/** `connect` and `disconnect` on the character's location stream: `Alice has connected.` */
export interface PresencePayload {
  readonly name: string;
}

/** One exit of a location, as `look` lists it. */
export interface ExitSummary {
  readonly name: string;
  /** Other names that work, e.g. ["n"] for "north". */
  readonly aliases?: readonly string[];
  /** The id of the location it leads to, for GMCP Room.Info. */
  readonly to?: string;
}

/**
 * `look` on `char:<id>`: a location's name and description, who is there, and (once the core sends them) its
 * exits. GMCP Room.Info needs the location's id: send `location` as an object to get a stable room number.
 */
export interface LookPayload {
  readonly location: string | { readonly id: string; readonly name: string; readonly description?: string };
  readonly description?: string;
  readonly present?: readonly (string | { readonly id: string; readonly name: string })[];
  readonly exits?: readonly ExitSummary[];
  /** Names of the objects lying here: "You see: a lamp and a rock". */
  readonly contents?: readonly string[];
  /**
   * How many entries of each list the core left out so the event stays small (at most 50 each, and 12 KiB in
   * all): "You see: a lamp, a rock and 3 more".
   */
  readonly omitted?: { readonly exits?: number; readonly present?: number; readonly contents?: number };
}

/** One line of `who`. */
export interface WhoEntry {
  readonly name: string;
  /** Seconds since the character last typed something. */
  readonly idleSeconds?: number;
}

/** `who` on `char:<id>`: the characters online. */
export interface WhoPayload {
  readonly players: readonly WhoEntry[];
}

/** `system` on any stream: text from the core itself, in trusted server markup (actor kind system only). */
export interface SystemPayload {
  readonly text: string;
}

/** A message that may be a pose (`:waves`) or a semipose (`;'s hat falls`) instead of speech. */
export interface SpeechFields {
  readonly text: string;
  readonly pose?: boolean;
  readonly semipose?: boolean;
}

/**
 * `page` on each recipient's `char:<id>` and on the sender's: `Alice pages: hi` / `You paged Bob with "hi".`;
 * to several: `To Bob and Carol, Alice pages: hi`; a pose: `From afar, Alice waves.` Kept in an offline
 * recipient's stream, so it is replayed at their next login.
 */
export interface PagePayload extends SpeechFields {
  readonly name: string;
  /** The recipients' names. */
  readonly to: readonly string[];
  /** The recipients' character ids, in the order of `to`; `page <message>` re-reads them. */
  readonly toIds?: readonly string[];
}

/** `whisper` on `char:<recipient>` and `char:<sender>`: `Alice whispers, "psst"`; a pose: `You sense: Alice winks.` */
export interface WhisperPayload extends SpeechFields {
  readonly name: string;
  readonly to: readonly string[];
  readonly toIds?: readonly string[];
}

/** `whisper.notice` on `location:<id>`: `Alice whispers something to Bob.`, hidden from the two of them. */
export interface WhisperNoticePayload {
  readonly name: string;
  readonly to: readonly string[];
  readonly toIds: readonly string[];
}

/** `ooc` on `location:<id>`: `<OOC> Alice says, "brb"` or `<OOC> Alice yawns.` */
export interface OocPayload extends SpeechFields {
  readonly name: string;
}

/** `channel` on `channel:<key>`: `[Public] Alice says, "hi"`, `[Public] Alice waves.`; GMCP Comm.Channel.Text too. */
export interface ChannelPayload extends SpeechFields {
  /** The channel's display name. */
  readonly channel: string;
  readonly name: string;
}

/** `channel.join` / `channel.leave` on `channel:<key>`: `[Public] Bob has joined the channel.` */
export interface ChannelMembershipPayload {
  readonly channel: string;
  readonly name: string;
  readonly characterId: string;
}

/** `channel.create` (with the member `alias`) and `channel.destroy` on `channel:<key>`; `name` is who did it. */
export interface ChannelLifecyclePayload {
  readonly channel: string;
  readonly name: string;
  readonly alias?: string;
}

/** `channel.history` on the asker's `char:<id>`: the channel's newest messages, oldest first. */
export interface ChannelHistoryPayload {
  readonly channel: string;
  readonly messages: readonly (SpeechFields & { readonly name: string; readonly timestamp: number })[];
}

/** `password.changed` on the player's character stream: no fields; a password never reaches an event. */
export type PasswordChangedPayload = Record<string, never>;

/** `password.reset` on the admin's `char:<id>`: whose password an admin replaced. */
export interface PasswordResetPayload {
  readonly player: string;
}

/** `role.changed` on the admin's `char:<id>`: whose role an admin set, and to what. */
export interface RoleChangedPayload {
  readonly player: string;
  readonly role: string;
}

/** `character.created` on the creating character's stream: the new character's name. */
export interface CharacterCreatedPayload {
  readonly character: string;
}

/** `boot` on the admin's `char:<id>`: who was booted and how many connections were closed. */
export interface BootPayload {
  readonly target: string;
  readonly connections: number;
}
