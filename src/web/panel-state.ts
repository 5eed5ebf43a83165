import { validatePayload } from "#shared/events/event-schema.ts";

/** What the side panels show. */
export interface PanelSnapshot {
  readonly room: {
    readonly name: string;
    readonly exits: readonly string[];
    readonly present: readonly string[];
  };
  readonly channels: readonly { readonly name: string; readonly unread: number }[];
  readonly online: readonly string[];
}

/** The panels' state, fed by events and GMCP. */
export interface PanelState {
  /** An event frame's type and payload; true when the panels changed. */
  event(eventType: string, payload: unknown): boolean;
  /** A GMCP package; true when the panels changed. */
  gmcp(pkg: string, data: unknown): boolean;
  /** The player read `channel`. */
  markRead(channel: string): void;
  /** Back at the login screen: nothing is known any more. */
  reset(): void;
  snapshot(): PanelSnapshot;
}

const sorted = (names: Iterable<string>) => [...names].sort((a, b) => a.localeCompare(b));

/**
 * Creates the state. Known limitation of "who is online": the browser hears only connect and disconnect events
 * of its own location and the present lists of its looks, so it knows who it has seen, not the whole game (the
 * WHO command asks the core). Someone who logged off elsewhere stays listed until seen leaving.
 */
export function createPanelState(): PanelState {
  let room = { name: "", exits: [] as string[], present: [] as string[] };
  const unread = new Map<string, number>();
  const online = new Set<string>();
  return {
    event(eventType, payload) {
      if (eventType === "look") {
        const look = validatePayload("look", payload, "ignore");
        if (!look.ok) return false;
        const { location, exits, present } = look.payload;
        room = { name: location.name, exits: exits.map((e) => e.name), present: [...present] };
        for (const name of present) online.add(name);
        return true;
      }
      if (eventType === "connect" || eventType === "disconnect") {
        const seen = validatePayload(eventType, payload, "ignore");
        if (!seen.ok) return false;
        if (eventType === "connect") online.add(seen.payload.name);
        else online.delete(seen.payload.name);
        return true;
      }
      if (eventType === "crowd_presence") {
        const crowd = validatePayload(eventType, payload, "ignore");
        if (!crowd.ok) return false;
        for (const name of crowd.payload.connected) online.add(name);
        for (const name of crowd.payload.disconnected) online.delete(name);
        return true;
      }
      if (eventType === "arrive" || eventType === "leave") {
        const moved = validatePayload(eventType, payload, "ignore");
        if (!moved.ok) return false;
        const others = room.present.filter((n) => n !== moved.payload.name);
        room = { ...room, present: eventType === "arrive" ? [...others, moved.payload.name] : others };
        return true;
      }
      return false;
    },
    gmcp(pkg, data) {
      if (typeof data !== "object" || data === null) return false;
      const fields = data as Record<string, unknown>;
      if (pkg === "Room.Info" && typeof fields.name === "string") {
        const exits =
          typeof fields.exits === "object" && fields.exits !== null ? Object.keys(fields.exits) : [];
        room = { ...room, name: fields.name, exits };
        return true;
      }
      if (pkg === "Comm.Channel.Text" && typeof fields.channel === "string") {
        unread.set(fields.channel, (unread.get(fields.channel) ?? 0) + 1);
        if (typeof fields.talker === "string") online.add(fields.talker);
        return true;
      }
      return false;
    },
    markRead(channel) {
      if (unread.has(channel)) unread.set(channel, 0);
    },
    reset() {
      room = { name: "", exits: [], present: [] };
      unread.clear();
      online.clear();
    },
    snapshot: () => ({
      room: { name: room.name, exits: [...room.exits], present: sorted(room.present) },
      channels: sorted(unread.keys()).map((name) => ({ name, unread: unread.get(name) ?? 0 })),
      online: sorted(online),
    }),
  };
}
