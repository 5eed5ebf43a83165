import { playerText } from "#shared/markup/markup.ts";
import type { EventView, Viewer } from "./event-view.ts";
import { joinNames, objectField, objectList, safeField, stringField } from "./payload-fields.ts";
import { commsRenderers, type Render } from "./render-comms.ts";
import { worldRenderers } from "./render-world.ts";

// Payload shapes: ./event-payloads.ts. Every player- or plugin-written string goes through safeField or
// playerText, so it can carry neither terminal escapes nor server markup; only this file adds colour.

const someone = "Someone";
const name = (e: EventView): string => safeField(e.payload, "name") ?? someone;
// The core writes `text`; `message` is read too, for plugins written against the first draft of the shapes.
const message = (e: EventView): string =>
  safeField(e.payload, "text") ?? safeField(e.payload, "message") ?? "";

/** A pose's text: "Alice waves." for a pose, "Alice's eyes narrow." for a semipose (no space). */
const poseText = (e: EventView, semi: boolean): string => `${name(e)}${semi ? "" : " "}${message(e)}`;

/** A name from a string or from an object's `name`. */
const nameOf = (value: unknown): string | undefined =>
  typeof value === "string"
    ? playerText(value)
    : typeof value === "object" && value !== null
      ? safeField(value as Record<string, unknown>, "name")
      : undefined;

/** How many entries of the look's list `key` the core left out, from `omitted`. */
const omittedOf = (e: EventView, key: "exits" | "present" | "contents"): number => {
  const count = objectField(e.payload, "omitted")?.[key];
  return typeof count === "number" && Number.isSafeInteger(count) && count > 0 ? count : 0;
};

/** The names with "N more" after them when some were left out. */
const withMore = (names: readonly string[], more: number): string[] =>
  more > 0 ? [...names, `${more} more`] : [...names];

function renderLook(e: EventView): string | undefined {
  // The location is a name (the core today) or { id, name, description }.
  const raw = e.payload.location;
  const location = objectField(e.payload, "location");
  const title = typeof raw === "string" ? playerText(raw) : location && safeField(location, "name");
  if (title === undefined) return undefined;
  const lines = [`%[bold]${title}%[/]`];
  const description =
    stringField(e.payload, "description") ?? (location && stringField(location, "description"));
  if (description) lines.push(playerText(description, { newlines: true }));
  const present = Array.isArray(e.payload.present)
    ? e.payload.present.map(nameOf).filter((n) => n !== undefined)
    : [];
  const morePresent = omittedOf(e, "present");
  if (present.length > 0 || morePresent > 0)
    lines.push(`Present: ${joinNames(withMore(present, morePresent))}`);
  const contents = Array.isArray(e.payload.contents)
    ? e.payload.contents.map(nameOf).filter((n) => n !== undefined)
    : [];
  const moreContents = omittedOf(e, "contents");
  if (contents.length > 0 || moreContents > 0)
    lines.push(`You see: ${joinNames(withMore(contents, moreContents))}`);
  if (Array.isArray(e.payload.exits)) {
    const exits = objectList(e.payload, "exits").map((x) => safeField(x, "name") ?? "?");
    const more = omittedOf(e, "exits");
    const shown = more > 0 ? joinNames(withMore(exits, more)) : exits.join(", ");
    lines.push(exits.length + more > 0 ? `Exits: ${shown}` : "There are no obvious exits.");
  }
  return lines.join("\n");
}

function renderWho(e: EventView): string {
  const players = objectList(e.payload, "players");
  const rows = players.map((p) => {
    const idle = typeof p.idleSeconds === "number" ? formatIdle(p.idleSeconds) : "";
    return `${(safeField(p, "name") ?? someone).padEnd(20)} ${idle}`.trimEnd();
  });
  const count = `${players.length} ${players.length === 1 ? "player is" : "players are"} connected.`;
  return [`%[bold]${"Name".padEnd(20)} Idle%[/]`, ...rows, count].join("\n");
}

function formatIdle(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

const renderers: Readonly<Record<string, Render>> = {
  say: (e, self) => (self ? `You say, "${message(e)}"` : `${name(e)} says, "${message(e)}"`),
  pose: (e) => poseText(e, e.payload.semipose === true),
  semipose: (e) => poseText(e, true),
  emit: (e) => message(e),
  connect: (e, self) => (self ? undefined : `${name(e)} has connected.`),
  disconnect: (e, self) => (self ? undefined : `${name(e)} has disconnected.`),
  look: (e) => renderLook(e),
  who: (e) => renderWho(e),
  ...commsRenderers,
  ...worldRenderers,
  // Only the core's own system events carry trusted markup; anyone else's is treated as player text.
  system: (e) =>
    e.actor.kind === "system"
      ? (stringField(e.payload, "text") ?? stringField(e.payload, "message") ?? "")
      : message(e) || undefined,
};

/**
 * Turns one core event into server markup for `viewer`, or undefined when the viewer should see nothing.
 * An unknown type with a string `text` (or `message`) is shown as sanitised text; any other unknown type is skipped.
 */
export function renderEvent(event: EventView, viewer: Viewer): string | undefined {
  const self = event.actor.kind === "character" && event.actor.id === viewer.characterId;
  const render = Object.hasOwn(renderers, event.type) ? renderers[event.type] : undefined;
  if (render) return render(event, self, viewer);
  const text = message(event);
  return text === "" ? undefined : text;
}
