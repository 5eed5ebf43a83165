import type { StoredEvent } from "#core/events/event.ts";

/**
 * Plain text for an event as `viewerId` would see it. For engine tests only: the gateway owns rendering.
 */
export function renderEventText(event: StoredEvent, viewerId: string): string[] {
  const p = event.payload as Record<string, unknown>;
  const name = String(p.name ?? "");
  const text = String(p.text ?? "");
  const self = event.actor.id === viewerId;
  switch (event.type) {
    case "say":
      return [self ? `You say, "${text}"` : `${name} says, "${text}"`];
    case "pose":
      return [p.semipose ? `${name}${text}` : `${name} ${text}`];
    case "emit":
      return [text];
    case "connect":
      return [`${name} has connected.`];
    case "disconnect":
      return [`${name} has disconnected.`];
    case "look":
      return [String(p.location), String(p.description), `Present: ${(p.present as string[]).join(", ")}`];
    default:
      return [`[${event.type}]`];
  }
}
