import type { StoredEvent } from "#core/events/event.ts";

const names = (v: unknown) =>
  Array.isArray(v) ? v.map((x) => String((x as { name?: unknown })?.name ?? x)) : [];

/**
 * Plain text for an event as `viewerId` would see it. For engine tests only: the gateway owns rendering
 * (src/gateway/events/render-event.ts), which these lines mirror without colour.
 */
export function renderEventText(event: StoredEvent, viewerId: string): string[] {
  const p = event.payload as Record<string, unknown>;
  const name = String(p.name ?? "");
  const text = String(p.text ?? "");
  const self = event.actor.id === viewerId || p.id === viewerId;
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
    case "leave":
      return self ? [] : [`${name} leaves toward ${String(p.to)}.`];
    case "arrive":
      return self ? [] : [`${name} arrives from ${String(p.from)}.`];
    case "get":
      return [`${name} picks up ${String(p.object)}.`];
    case "drop":
      return [`${name} drops ${String(p.object)}.`];
    case "give":
      return [`${name} gives ${String(p.object)} to ${p.toId === viewerId ? "you" : String(p.to)}.`];
    case "look_at":
      return [
        name,
        String(p.description || "You see nothing special."),
        ...(p.leadsTo ? [`It leads to ${String(p.leadsTo)}.`] : []),
      ];
    case "look": {
      const omitted = (p.omitted ?? {}) as Record<string, number | undefined>;
      const list = (key: string) => [...names(p[key]), ...(omitted[key] ? [`${omitted[key]} more`] : [])];
      const exits = list("exits");
      const contents = list("contents");
      return [
        String((p.location as { name?: unknown })?.name ?? p.location),
        String(p.description),
        `Present: ${list("present").join(", ")}`,
        ...(contents.length > 0 ? [`You see: ${contents.join(", ")}`] : []),
        exits.length > 0 ? `Exits: ${exits.join(", ")}` : "There are no obvious exits.",
      ];
    }
    default:
      return [`[${event.type}]`];
  }
}
