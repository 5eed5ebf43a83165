import { formattedText } from "#shared/markup/format-text.ts";
import { playerText } from "#shared/markup/markup.ts";
import type { EventViewOf, Viewer } from "./event-view.ts";
import type { Renderers } from "./render-comms.ts";

// Renderers of world activity, reading payloads the event schema checked (src/shared/events/). Every
// player-written string goes through playerText, so it can carry neither terminal escapes nor markup.

/** The character moved is the viewer: they were moved (teleport) or moved themselves. */
const moved = (e: EventViewOf<"arrive" | "leave">, self: boolean, viewer: Viewer) =>
  self || e.payload.id === viewer.characterId;

/** Renderers of arrive, leave, get, drop, give, look_at and attribute_message. */
export const worldRenderers: Renderers = {
  arrive: (e, self, viewer) => {
    if (moved(e, self, viewer)) return undefined;
    const { name, from } = e.payload;
    return from
      ? `${playerText(name)} arrives from ${playerText(from)}.`
      : `${playerText(name)} has arrived.`;
  },
  leave: (e, self, viewer) => {
    if (moved(e, self, viewer)) return undefined;
    const { name, to } = e.payload;
    return to ? `${playerText(name)} leaves toward ${playerText(to)}.` : `${playerText(name)} has left.`;
  },
  get: (e, self) =>
    `${self ? "You pick" : `${playerText(e.payload.name)} picks`} up ${playerText(e.payload.object)}.`,
  drop: (e, self) =>
    `${self ? "You drop" : `${playerText(e.payload.name)} drops`} ${playerText(e.payload.object)}.`,
  give: (e, self, viewer) => {
    const { name, object, to, toId } = e.payload;
    const whom = toId === viewer.characterId ? "you" : playerText(to);
    return `${self ? "You give" : `${playerText(name)} gives`} ${playerText(object)} to ${whom}.`;
  },
  // An O-message (OSUCC, OFAIL, ODROP) and ADESC are for the others, after the name of whoever caused them.
  attribute_message: (e, self) => {
    const { name, attribute, text } = e.payload;
    const others = attribute.startsWith("O") || attribute === "ADESC";
    if (others && self) return undefined;
    return others ? `${playerText(name)} ${formattedText(text)}` : formattedText(text) || undefined;
  },
  look_at: (e) => {
    const { name, description, leadsTo, lock, lockFail } = e.payload;
    const lines = [`%[bold]${playerText(name)}%[/]`];
    lines.push(description ? formattedText(description) : "You see nothing special.");
    if (leadsTo) lines.push(`It leads to ${playerText(leadsTo)}.`);
    if (lock) lines.push(`Locked: ${playerText(lock)}`);
    if (lockFail) lines.push(`Fail message: ${playerText(lockFail)}`);
    return lines.join("\n");
  },
};
