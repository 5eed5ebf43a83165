import { playerText } from "#shared/markup/markup.ts";
import type { EventView, Viewer } from "./event-view.ts";
import { safeField, stringField } from "./payload-fields.ts";
import type { Render } from "./render-comms.ts";

// Renderers of world activity (payloads: ./event-payloads.ts). Every player-written string goes through
// safeField or playerText, so it can carry neither terminal escapes nor markup.

const name = (e: EventView): string => safeField(e.payload, "name") ?? "Someone";
/** The character moved is the viewer: they were moved (teleport) or moved themselves. */
const moved = (e: EventView, self: boolean, viewer: Viewer) => self || e.payload.id === viewer.characterId;

/** Renderers of arrive, leave, get, drop, give and look_at. */
export const worldRenderers: Readonly<Record<string, Render>> = {
  arrive: (e, self, viewer) => {
    if (moved(e, self, viewer)) return undefined;
    const from = safeField(e.payload, "from");
    return from ? `${name(e)} arrives from ${from}.` : `${name(e)} has arrived.`;
  },
  leave: (e, self, viewer) => {
    if (moved(e, self, viewer)) return undefined;
    const to = safeField(e.payload, "to");
    return to ? `${name(e)} leaves toward ${to}.` : `${name(e)} has left.`;
  },
  get: (e, self) =>
    `${self ? "You pick" : `${name(e)} picks`} up ${safeField(e.payload, "object") ?? "something"}.`,
  drop: (e, self) =>
    `${self ? "You drop" : `${name(e)} drops`} ${safeField(e.payload, "object") ?? "something"}.`,
  give: (e, self, viewer) => {
    const object = safeField(e.payload, "object") ?? "something";
    const to = e.payload.toId === viewer.characterId ? "you" : (safeField(e.payload, "to") ?? "someone");
    return `${self ? "You give" : `${name(e)} gives`} ${object} to ${to}.`;
  },
  look_at: (e) => {
    const lines = [`%[bold]${name(e)}%[/]`];
    const description = stringField(e.payload, "description");
    lines.push(description ? playerText(description, { newlines: true }) : "You see nothing special.");
    const leadsTo = safeField(e.payload, "leadsTo");
    if (leadsTo) lines.push(`It leads to ${leadsTo}.`);
    return lines.join("\n");
  },
};
