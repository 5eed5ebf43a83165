import type { EventStore } from "#core/events/event-store.ts";
import type { Clock } from "#shared/util/clock.ts";

/** The stream of a character's doing text, replay setting, logins and logouts; no session follows it. */
export function presenceStream(characterId: string): string {
  return `presence:${characterId}`;
}

/** The longest `doing` text, in characters: it fits the WHO line, as in PennMUSH. */
export const DOING_MAX_CHARS = 40;

/** Whether replayed lines carry their time; `auto` stamps a replay whose oldest line is over an hour old. */
export type TimestampMode = "on" | "off" | "auto";

/** One login or logout, for `last`. */
export interface LoginRecord {
  readonly kind: "login" | "logout";
  readonly at: number;
}

/** What `who`, `idle` and `finger` show of a connected character. */
export interface ActiveCharacter {
  /** When its first connection attached; after a core restart, its last recorded login. */
  readonly connectedAt: number;
  /** When it last ran a command, or connected (or the core started) if it has run none since. */
  readonly activeAt: number;
  readonly doing: string;
}

/** Who did what when: idle times, on-for times and doing texts of connected characters, all in memory. */
export interface CharacterActivity {
  /** The character ran a command now: O(1), no store access. */
  commanded(characterId: string): void;
  /** Its first connection attached now. */
  connected(characterId: string): void;
  /** Its last connection detached: what was held for it is dropped. */
  disconnected(characterId: string): void;
  /** The activity of connected characters; a character's doing and login are read once, then kept. */
  of(characterIds: readonly string[]): Promise<ReadonlyMap<string, ActiveCharacter>>;
  /** Keeps a doing text just written. */
  doingSet(characterId: string, text: string): void;
  /** A character's doing text, connected or not. */
  doing(characterId: string): Promise<string>;
  /** The newest logins and logouts of a character, newest first. */
  logins(characterId: string, count: number): Promise<LoginRecord[]>;
  /** The character's replay timestamp setting, `auto` by default (kept once read). */
  timestamps(characterId: string): Promise<TimestampMode>;
  /** Keeps a replay timestamp setting just written. */
  timestampsSet(characterId: string, mode: TimestampMode): void;
}

/** What the activity index reads. */
export interface CharacterActivityDeps {
  readonly events: Pick<EventStore, "readStreams">;
  readonly clock: Clock;
}

interface Held {
  connectedAt?: number;
  commandAt?: number | undefined;
  doing?: string;
}

const loginTypes = ["logged_in", "logged_out"];
const settingTypes = ["doing_set", "timestamps_set"];

/**
 * Creates the activity index. Invariant: a command costs one map write; presence listings read the store only for
 * characters not yet held (once each per connection), so `who` costs no store reads per command.
 */
export function createCharacterActivity(deps: CharacterActivityDeps): CharacterActivity {
  const startedAt = deps.clock.now();
  const held = new Map<string, Held>();
  const modes = new Map<string, TimestampMode>();
  const entry = (id: string): Held => {
    let h = held.get(id);
    if (!h) {
      h = {};
      held.set(id, h);
    }
    return h;
  };
  const newest = (id: string, except: string[], limit: number) =>
    deps.events.readStreams({ [presenceStream(id)]: 0 }, limit, { newest: true, exceptTypes: except });
  const readDoing = async (id: string) => {
    const [latest] = await newest(id, [...loginTypes, "timestamps_set"], 1);
    return typeof latest?.payload.text === "string" ? latest.payload.text : "";
  };
  const logins = async (id: string, count: number): Promise<LoginRecord[]> =>
    (await newest(id, settingTypes, count))
      .map((e) => ({
        kind: e.type === "logged_in" ? ("login" as const) : ("logout" as const),
        at: e.timestamp,
      }))
      .reverse();
  const fill = async (id: string) => {
    const h = entry(id);
    if (h.doing === undefined) h.doing = await readDoing(id);
    if (h.connectedAt === undefined) {
      const login = (await logins(id, 5)).find((l) => l.kind === "login");
      h.connectedAt ??= login?.at ?? startedAt;
    }
  };
  return {
    commanded(id) {
      entry(id).commandAt = deps.clock.now();
    },
    connected(id) {
      const h = entry(id);
      h.connectedAt = deps.clock.now();
      h.commandAt = undefined;
    },
    disconnected(id) {
      held.delete(id);
      modes.delete(id);
    },
    async of(ids) {
      await Promise.all(
        ids
          .filter((id) => held.get(id)?.doing === undefined || held.get(id)?.connectedAt === undefined)
          .map(fill),
      );
      const result = new Map<string, ActiveCharacter>();
      for (const id of ids) {
        const h = held.get(id);
        if (h?.connectedAt === undefined) continue;
        const activeAt = h.commandAt ?? Math.max(h.connectedAt, startedAt);
        result.set(id, { connectedAt: h.connectedAt, activeAt, doing: h.doing ?? "" });
      }
      return result;
    },
    doingSet(id, text) {
      const h = held.get(id);
      if (h) h.doing = text;
    },
    doing: async (id) => held.get(id)?.doing ?? (await readDoing(id)),
    logins,
    async timestamps(id) {
      const kept = modes.get(id);
      if (kept) return kept;
      const [latest] = await newest(id, [...loginTypes, "doing_set"], 1);
      const mode = latest?.payload.mode;
      const found: TimestampMode = mode === "on" || mode === "off" ? mode : "auto";
      if (held.has(id)) modes.set(id, found);
      return found;
    },
    timestampsSet(id, mode) {
      if (held.has(id)) modes.set(id, mode);
    },
  };
}
