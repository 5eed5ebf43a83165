import type { Character } from "#core/accounts/account-store.ts";
import { SYSTEM_ACTOR } from "#core/comms/comm-event.ts";
import { locationStream } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";

/** A connect or a disconnect. */
export type PresenceKind = "connect" | "disconnect";

/** Announces connects and disconnects to the others in the character's location. */
export interface CrowdPresence {
  /** At once where few are watching; gathered for `windowMs` and announced together in a crowd. */
  announce(character: Character, kind: PresenceKind): Promise<void>;
  /** Writes every gathered announcement now, so a shutdown loses none. */
  flush(): Promise<void>;
}

/** What the announcer needs. */
export interface CrowdPresenceDeps {
  /** Writes one character's own "has connected." event. */
  readonly single: (character: Character, kind: PresenceKind) => Promise<unknown>;
  /** How many connections would see an event of `stream` now. */
  readonly audience: (stream: string) => number;
  /** From this many watching connections a location is a crowd. */
  readonly crowdSize: number;
  /** How long a crowd's connects and disconnects are gathered; 3 s by default. */
  readonly windowMs?: number;
  readonly timers: Timers;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
}

/** Names listed in one gathered announcement; the rest are counted. */
export const crowdNamesShown = 10;

interface Gathered {
  readonly connected: string[];
  readonly disconnected: string[];
  readonly more: { connected: number; disconnected: number };
  readonly cancel: CancelTimer;
}

/**
 * Creates the announcer. Announcing every login to everyone in a room makes N logins cost N² lines: 2,000
 * players in one room were two million lines, and anything said meanwhile queued behind them. In a crowd a
 * few seconds of connects and disconnects become one event instead, so a burst of N logins costs a few lines
 * per player. Invariant: every announcement gathered is written, when its window ends or at `flush`.
 */
export function createCrowdPresence(deps: CrowdPresenceDeps): CrowdPresence {
  const windowMs = deps.windowMs ?? 3_000;
  const gathering = new Map<string, Gathered>();

  const write = async (stream: string): Promise<void> => {
    const batch = gathering.get(stream);
    if (!batch) return;
    gathering.delete(stream);
    batch.cancel();
    const { connected, disconnected, more } = batch;
    const counted = {
      ...(more.connected > 0 ? { connected: more.connected } : {}),
      ...(more.disconnected > 0 ? { disconnected: more.disconnected } : {}),
    };
    try {
      await deps.append([
        {
          id: deps.newId(),
          stream,
          type: "crowd_presence",
          timestamp: deps.clock.now(),
          actor: SYSTEM_ACTOR,
          payload: { connected, disconnected, ...(Object.keys(counted).length > 0 ? { more: counted } : {}) },
        },
      ]);
    } catch (error) {
      deps.log.warn("could not announce a crowd's connects and disconnects", {
        stream,
        error: describeError(error),
      });
    }
  };

  return {
    async announce(character, kind) {
      const stream = locationStream(character.locationId);
      const batch = gathering.get(stream);
      if (!batch && deps.audience(stream) < deps.crowdSize) {
        await deps.single(character, kind);
        return;
      }
      const into =
        batch ??
        ({
          connected: [],
          disconnected: [],
          more: { connected: 0, disconnected: 0 },
          cancel: deps.timers.after(windowMs, () => void write(stream)),
        } satisfies Gathered);
      gathering.set(stream, into);
      const list = kind === "connect" ? "connected" : "disconnected";
      if (into[list].length < crowdNamesShown) into[list].push(character.name);
      else into.more[list] += 1;
    },
    async flush() {
      await Promise.all([...gathering.keys()].map(write));
    },
  };
}
