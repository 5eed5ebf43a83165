import type { EventType } from "#shared/events/event-schema.ts";
import { playerText } from "#shared/markup/markup.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";
import { durationText } from "#shared/util/duration-text.ts";
import type { EventView, EventViewOf, Viewer } from "./event-view.ts";
import { joinNames } from "./join-names.ts";

// Renderers of communication and account events, reading payloads the event schema checked
// (src/shared/events/). Every player-written string goes through playerText, so it can carry neither terminal
// escapes nor markup.

/** A renderer of one event type: markup for `viewer`, or undefined when the viewer should see nothing. */
export type Render<T extends EventType> = (
  event: EventViewOf<T>,
  self: boolean,
  viewer: Viewer,
) => string | undefined;

/** Renderers by event type; a known type with none (the world stream's) is shown as nothing. */
export type Renderers = { readonly [T in EventType]?: Render<T> };

/** A message as the schema defines it: speech, or a pose or semipose. */
interface Spoken {
  readonly name: string;
  readonly text: string;
  readonly pose?: boolean;
  readonly semipose?: boolean;
}

const names = (list: readonly string[]): string => joinNames(list.map((n) => playerText(n)));

/** "Alice waves." for a pose, "Alice's hat falls." for a semipose, else undefined. */
const posed = (p: Spoken): string | undefined => {
  if (p.semipose === true) return `${playerText(p.name)}${playerText(p.text)}`;
  if (p.pose === true) return `${playerText(p.name)} ${playerText(p.text)}`;
  return undefined;
};
/** A message as speech or a pose: `Alice says, "hi"` / `Alice waves.` */
const spoken = (p: Spoken, you: boolean): string =>
  posed(p) ??
  (you ? `You say, "${playerText(p.text)}"` : `${playerText(p.name)} says, "${playerText(p.text)}"`);

function renderPage(e: EventViewOf<"page">, self: boolean): string {
  const p = e.payload;
  const to = names(p.to);
  const pose = posed(p);
  if (self) return pose ? `Long distance to ${to}: ${pose}` : `You paged ${to} with "${playerText(p.text)}".`;
  const group = p.to.length > 1 ? `To ${to}, ` : "";
  if (pose) return `${group}${group ? "from afar" : "From afar"}, ${pose}`;
  return `${group}${playerText(p.name)} pages: ${playerText(p.text)}`;
}

function renderWhisper(e: EventViewOf<"whisper">, self: boolean): string {
  const p = e.payload;
  const to = names(p.to);
  const pose = posed(p);
  if (self)
    return pose ? `You whisper-pose to ${to}: ${pose}` : `You whisper "${playerText(p.text)}" to ${to}.`;
  return pose ? `You sense: ${pose}` : `${playerText(p.name)} whispers, "${playerText(p.text)}"`;
}

const tag = (channel: string): string => `%[cyan][${playerText(channel)}]%[/]`;

function renderHistory(e: EventViewOf<"channel.history">): string {
  const { channel, messages } = e.payload;
  if (messages.length === 0) return `${playerText(channel)} has no messages yet.`;
  const lines = messages.map((m) => `${tag(channel)} ${spoken(m, false)}`);
  return [`%[bold]Recent messages on ${playerText(channel)}:%[/]`, ...lines].join("\n");
}

/** A moderation action's target as the viewer reads it: "you" for the one it is about. */
const targetName = (p: { target: string; characterId: string }, viewer: Viewer) =>
  p.characterId === viewer.characterId ? "you" : playerText(p.target);

/** " for 30 minutes: spam." from a mute's or ban's end and reason. */
const term = (e: EventViewOf<"channel.mute"> | EventViewOf<"channel.ban">) => {
  const { until, reason } = e.payload;
  const length =
    until === undefined || e.timestamp === undefined ? "" : ` for ${durationText(until - e.timestamp)}`;
  return `${length}${reason ? `: ${playerText(reason)}` : ""}.`;
};

/** The moderation notices on a channel, seen by its members (the moderator is told by the command). */
const moderationRenderers: Renderers = {
  "channel.mod": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} made ${targetName(e.payload, viewer)} a moderator of the channel.`,
  "channel.unmod": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} removed ${targetName(e.payload, viewer)} as a moderator of the channel.`,
  "channel.mute": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} muted ${targetName(e.payload, viewer)}${term(e)}`,
  "channel.unmute": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} unmuted ${targetName(e.payload, viewer)}.`,
  "channel.kick": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} kicked ${targetName(e.payload, viewer)} off the channel.`,
  "channel.ban": (e, self, viewer) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} banned ${targetName(e.payload, viewer)} from the channel${term(e)}`,
  "channel.unban": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.channel)} ${playerText(e.payload.name)} lifted ${playerText(e.payload.target)}'s ban.`,
};

/** The renderers of pages, whispers, ooc, channels and account notes. */
export const commsRenderers: Renderers = {
  page: renderPage,
  whisper: renderWhisper,
  "whisper.notice": (e, self, viewer) =>
    self || e.payload.toIds.includes(viewer.characterId)
      ? undefined
      : `${playerText(e.payload.name)} whispers something to ${names(e.payload.to)}.`,
  ooc: (e, self) => `%[dim]<OOC>%[/] ${spoken(e.payload, self)}`,
  channel: (e) => `${tag(e.payload.channel)} ${spoken(e.payload, false)}`,
  // The joiner or leaver is told in the command's own output, so the event may or may not reach them.
  "channel.join": (e, self) =>
    self ? undefined : `${tag(e.payload.channel)} ${playerText(e.payload.name)} has joined the channel.`,
  "channel.leave": (e, self) =>
    self ? undefined : `${tag(e.payload.channel)} ${playerText(e.payload.name)} has left the channel.`,
  "channel.create": (e) =>
    `${tag(e.payload.channel)} The channel was created by ${playerText(e.payload.name)}.`,
  "channel.destroy": (e) => `${tag(e.payload.channel)} ${playerText(e.payload.name)} has closed the channel.`,
  "channel.history": renderHistory,
  ...moderationRenderers,
  "password.changed": (_e, self) => (self ? "Your password has been changed." : undefined),
  "password.reset": (e, self) =>
    self ? `You set a new password for ${playerText(e.payload.player)}.` : undefined,
  "role.changed": (e, self) => {
    const { player, role } = e.payload;
    return self
      ? `${playerText(player)} is now ${role === "admin" ? "an" : "a"} ${playerText(role)}.`
      : undefined;
  },
  "character.created": (e, self) => {
    const created = playerText(e.payload.character);
    return self ? `You created ${created}. Type "play ${created}" to play them.` : undefined;
  },
  "mail.notice": (e) =>
    `%[bold]New mail%[/] from ${playerText(e.payload.from)}: ${playerText(e.payload.subject)} (type 'mail ${e.payload.number}' to read it).`,
  boot: (e, self) => {
    const { target, connections } = e.payload;
    const count = `${connections} ${connections === 1 ? "connection" : "connections"}`;
    return self ? `You booted ${playerText(target)} (${count}).` : undefined;
  },
};

/** The channel, talker and plain text of a channel message, for GMCP Comm.Channel.Text; else undefined. */
export function channelTextOf(e: EventView): { channel: string; talker: string } | undefined {
  if (!e.known || e.type !== "channel") return undefined;
  const { channel, name } = e.payload;
  return channel && name ? { channel: sanitizeText(channel), talker: sanitizeText(name) } : undefined;
}
