import { sanitizeText } from "#shared/markup/sanitize-text.ts";
import type { EventView, Viewer } from "./event-view.ts";
import { joinNames, objectList, safeField, safeList, stringField } from "./payload-fields.ts";

// Renderers of communication and account events (payloads: ./event-payloads.ts). Every player-written string goes
// through safeField or safeList, so it can carry neither terminal escapes nor markup.

/** A renderer: markup for `viewer`, or undefined when the viewer should see nothing. */
export type Render = (event: EventView, self: boolean, viewer: Viewer) => string | undefined;

const name = (p: Readonly<Record<string, unknown>>): string => safeField(p, "name") ?? "Someone";
const text = (p: Readonly<Record<string, unknown>>): string =>
  safeField(p, "text") ?? safeField(p, "message") ?? "";

/** "Alice waves." for a pose, "Alice's hat falls." for a semipose, else undefined. */
const posed = (p: Readonly<Record<string, unknown>>): string | undefined => {
  if (p.semipose === true) return `${name(p)}${text(p)}`;
  if (p.pose === true) return `${name(p)} ${text(p)}`;
  return undefined;
};
/** A message as speech or a pose: `Alice says, "hi"` / `Alice waves.` */
const spoken = (p: Readonly<Record<string, unknown>>, you: boolean): string =>
  posed(p) ?? (you ? `You say, "${text(p)}"` : `${name(p)} says, "${text(p)}"`);

const isAddressed = (e: EventView, viewer: Viewer): boolean =>
  Array.isArray(e.payload.toIds) && e.payload.toIds.includes(viewer.characterId);

function renderPage(e: EventView, self: boolean): string {
  const p = e.payload;
  const to = safeList(p, "to");
  const pose = posed(p);
  if (self)
    return pose
      ? `Long distance to ${joinNames(to)}: ${pose}`
      : `You paged ${joinNames(to)} with "${text(p)}".`;
  const group = to.length > 1 ? `To ${joinNames(to)}, ` : "";
  if (pose) return `${group}${group ? "from afar" : "From afar"}, ${pose}`;
  return `${group}${name(p)} pages: ${text(p)}`;
}

function renderWhisper(e: EventView, self: boolean): string {
  const p = e.payload;
  const to = joinNames(safeList(p, "to"));
  const pose = posed(p);
  if (self) return pose ? `You whisper-pose to ${to}: ${pose}` : `You whisper "${text(p)}" to ${to}.`;
  return pose ? `You sense: ${pose}` : `${name(p)} whispers, "${text(p)}"`;
}

const tag = (e: EventView): string => `%[cyan][${safeField(e.payload, "channel") ?? "?"}]%[/]`;

function renderHistory(e: EventView): string {
  const channel = safeField(e.payload, "channel") ?? "?";
  const messages = objectList(e.payload, "messages");
  if (messages.length === 0) return `${channel} has no messages yet.`;
  const lines = messages.map((m) => `${tag(e)} ${spoken(m, false)}`);
  return [`%[bold]Recent messages on ${channel}:%[/]`, ...lines].join("\n");
}

/** The renderers of pages, whispers, ooc, channels and account notes. */
export const commsRenderers: Readonly<Record<string, Render>> = {
  page: renderPage,
  whisper: renderWhisper,
  "whisper.notice": (e, self, viewer) =>
    self || isAddressed(e, viewer)
      ? undefined
      : `${name(e.payload)} whispers something to ${joinNames(safeList(e.payload, "to"))}.`,
  ooc: (e, self) => `%[dim]<OOC>%[/] ${spoken(e.payload, self)}`,
  channel: (e) => `${tag(e)} ${spoken(e.payload, false)}`,
  // The joiner or leaver is told in the command's own output, so the event may or may not reach them.
  "channel.join": (e, self) => (self ? undefined : `${tag(e)} ${name(e.payload)} has joined the channel.`),
  "channel.leave": (e, self) => (self ? undefined : `${tag(e)} ${name(e.payload)} has left the channel.`),
  "channel.create": (e) => `${tag(e)} The channel was created by ${name(e.payload)}.`,
  "channel.destroy": (e) => `${tag(e)} ${name(e.payload)} has closed the channel.`,
  "channel.history": renderHistory,
  "password.changed": (_e, self) => (self ? "Your password has been changed." : undefined),
  "password.reset": (e, self) =>
    self ? `You set a new password for ${safeField(e.payload, "player") ?? "?"}.` : undefined,
  "role.changed": (e, self) =>
    self
      ? `${safeField(e.payload, "player") ?? "?"} is now ${safeField(e.payload, "role") === "admin" ? "an" : "a"} ${safeField(e.payload, "role") ?? "?"}.`
      : undefined,
  "character.created": (e, self) => {
    const created = safeField(e.payload, "character") ?? "?";
    return self ? `You created ${created}. Type "play ${created}" to play them.` : undefined;
  },
  boot: (e, self) => {
    const target = safeField(e.payload, "target") ?? "?";
    const count = typeof e.payload.connections === "number" ? e.payload.connections : 0;
    return self
      ? `You booted ${target} (${count} ${count === 1 ? "connection" : "connections"}).`
      : undefined;
  },
};

/** The channel, talker and plain text of a channel message, for GMCP Comm.Channel.Text; else undefined. */
export function channelTextOf(e: EventView): { channel: string; talker: string } | undefined {
  if (e.type !== "channel") return undefined;
  const channel = stringField(e.payload, "channel");
  const talker = stringField(e.payload, "name");
  return channel && talker ? { channel: sanitizeText(channel), talker: sanitizeText(talker) } : undefined;
}
