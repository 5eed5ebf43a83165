import type { EventType } from "#shared/events/event-schema.ts";
import { formattedText } from "#shared/markup/format-text.ts";
import { playerText } from "#shared/markup/markup.ts";
import type { EventView, EventViewOf, Viewer } from "./event-view.ts";
import { joinNames } from "./join-names.ts";
import { commsRenderers, type Render, type Renderers } from "./render-comms.ts";
import { sceneRenderers } from "./render-scenes.ts";
import { staffRenderers } from "./render-staff.ts";
import { worldRenderers } from "./render-world.ts";

// The one set of rendering rules, reading payloads the event schema checked (src/shared/events/). Every
// player- or plugin-written string goes through playerText, so it can carry neither terminal escapes nor server
// markup; only these files add colour. Descriptions, emits and attribute messages are formatted text
// (%-substitutions done by the core): formattedText keeps their colour spans closed within them.

const named = (e: { readonly payload: { readonly name: string } }): string => playerText(e.payload.name);

/** The names with "N more" after them when some were left out. */
const withMore = (names: readonly string[], more = 0): string[] =>
  more > 0 ? [...names.map((n) => playerText(n)), `${more} more`] : names.map((n) => playerText(n));

function renderLook(e: EventViewOf<"look">): string {
  const { location, description, present, contents, exits, omitted } = e.payload;
  const lines = [`%[bold]${playerText(location.name)}%[/]`];
  if (description) lines.push(formattedText(description));
  if (present.length > 0 || omitted?.present)
    lines.push(`Present: ${joinNames(withMore(present, omitted?.present))}`);
  if (contents.length > 0 || omitted?.contents)
    lines.push(`You see: ${joinNames(withMore(contents, omitted?.contents))}`);
  const exitNames = exits.map((x) => x.name);
  const more = omitted?.exits ?? 0;
  const shown = more > 0 ? joinNames(withMore(exitNames, more)) : withMore(exitNames).join(", ");
  lines.push(exitNames.length + more > 0 ? `Exits: ${shown}` : "There are no obvious exits.");
  return lines.join("\n");
}

function renderCrowdPresence(e: EventViewOf<"crowd_presence">): string | undefined {
  const { connected, disconnected, more } = e.payload;
  const line = (names: readonly string[], extra: number, verb: string): string[] =>
    names.length + extra === 0
      ? []
      : [`${joinNames(withMore(names, extra))} ${names.length + extra === 1 ? "has" : "have"} ${verb}.`];
  const lines = [
    ...line(connected, more?.connected ?? 0, "connected"),
    ...line(disconnected, more?.disconnected ?? 0, "disconnected"),
  ];
  return lines.length > 0 ? lines.join("\n") : undefined;
}

const renderers: Renderers = {
  say: (e, self) =>
    self ? `You say, "${playerText(e.payload.text)}"` : `${named(e)} says, "${playerText(e.payload.text)}"`,
  pose: (e) => `${named(e)}${e.payload.semipose ? "" : " "}${playerText(e.payload.text)}`,
  // @oemit: everyone in the room but the one character named.
  emit: (e, _self, viewer) =>
    e.payload.except === viewer.characterId ? undefined : formattedText(e.payload.text),
  connect: (e, self) => (self ? undefined : `${named(e)} has connected.`),
  disconnect: (e, self) => (self ? undefined : `${named(e)} has disconnected.`),
  crowd_presence: renderCrowdPresence,
  look: renderLook,
  notice: (e) => playerText(e.payload.text) || undefined,
  ...commsRenderers,
  ...sceneRenderers,
  ...worldRenderers,
  ...staffRenderers,
  // Only the core's own system events carry trusted markup; anyone else's is treated as player text.
  system: (e) => (e.actor.kind === "system" ? e.payload.text : playerText(e.payload.text) || undefined),
};

/**
 * Turns one event into server markup for `viewer`, or undefined when the viewer should see nothing. A plugin's
 * own type with a string `text` is shown as sanitised text; any other, and a malformed payload, as nothing.
 */
export function renderEvent(event: EventView, viewer: Viewer): string | undefined {
  const self = event.actor.kind === "character" && event.actor.id === viewer.characterId;
  if (event.known) {
    const render = renderers[event.type] as Render<EventType> | undefined;
    return render?.(event as EventViewOf<EventType>, self, viewer);
  }
  if (event.malformed !== undefined) return undefined;
  const text = event.payload.text;
  return typeof text === "string" && text !== "" ? playerText(text) : undefined;
}
