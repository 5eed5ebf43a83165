import type { EventView } from "#gateway/events/event-view.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";

/** GMCP Room.Info as Mudlet's mapper reads it: { num, name, exits: { <exit>: <destination id> } }. */
export interface RoomInfo {
  readonly num: string;
  readonly name: string;
  readonly exits: Readonly<Record<string, string>>;
}

/** The Room.Info a look event describes, or undefined for any other event. */
export function roomInfoFrom(event: EventView): RoomInfo | undefined {
  if (!event.known || event.type !== "look") return undefined;
  const { location, exits } = event.payload;
  if (!location.id) return undefined;
  const byName: Record<string, string> = {};
  for (const exit of exits) if (exit.name) byName[sanitizeText(exit.name)] = exit.to;
  return { num: location.id, name: sanitizeText(location.name), exits: byName };
}
