import type { EventView } from "#gateway/events/event-view.ts";
import { objectField, objectList, stringField } from "#gateway/events/payload-fields.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";

/** GMCP Room.Info as Mudlet's mapper reads it: { num, name, exits: { <exit>: <destination id> } }. */
export interface RoomInfo {
  readonly num: string;
  readonly name: string;
  readonly exits: Readonly<Record<string, string>>;
}

/** The Room.Info a look event describes, or undefined for any other event. */
export function roomInfoFrom(event: EventView): RoomInfo | undefined {
  if (event.type !== "look") return undefined;
  const location = objectField(event.payload, "location");
  const id = location && stringField(location, "id");
  if (!location || !id) return undefined;
  const exits: Record<string, string> = {};
  for (const exit of objectList(event.payload, "exits")) {
    const name = stringField(exit, "name");
    if (name) exits[sanitizeText(name)] = stringField(exit, "to") ?? "";
  }
  return { num: id, name: sanitizeText(stringField(location, "name") ?? ""), exits };
}
