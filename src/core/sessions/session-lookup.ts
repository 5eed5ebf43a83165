import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import { charStream, locationStream } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { LiveConnections } from "./live-connections.ts";
import type { SessionRecord } from "./session-store.ts";

/** The error for a session that is unknown, expired, or not attached to the asking connection. */
export const sessionGone = () =>
  new HoloError("unauthenticated", "That session has ended. Please log in again.");

/** What the parts of the session manager ask of a session record. */
export interface SessionLookup {
  /** Detached for at least the time-to-live, with no open output stream. */
  expired(session: SessionRecord): boolean;
  /**
   * Connections still attached with no output open for at least the orphan grace: their gateway went away
   * without detaching them (it crashed, or lost the core for good), so no one is there.
   */
  orphaned(session: SessionRecord): boolean;
  /** The session's character; unauthenticated when the character is gone. */
  characterOf(session: SessionRecord): Promise<Character>;
  /** Every stream the character follows: its location, its `char:` stream, and the extra ones. */
  streamsOf(character: Character): Promise<string[]>;
}

/** What the lookup needs. */
export interface SessionLookupDeps {
  readonly accounts: AccountStore;
  readonly clock: Clock;
  readonly live: LiveConnections;
  readonly ttlMs: number;
  /** How long attached connections may have no output before they count as gone; 2 minutes by default. */
  readonly orphanGraceMs?: number;
  /** Streams a character follows beyond its location and `char:` stream (its channels); none by default. */
  readonly extraStreams?: (characterId: string) => Promise<readonly string[]>;
}

/** A gateway that lost the core re-watches its connections within seconds of the link's return. */
export const defaultOrphanGraceMs = 2 * 60_000;

/** Creates the lookup. */
export function createSessionLookup(deps: SessionLookupDeps): SessionLookup {
  return {
    expired: (s) =>
      s.detachedAt !== undefined && deps.clock.now() - s.detachedAt >= deps.ttlMs && !deps.live.has(s.id),
    orphaned: (s) =>
      s.connections.length > 0 &&
      s.detachedAt !== undefined &&
      deps.clock.now() - s.detachedAt >= (deps.orphanGraceMs ?? defaultOrphanGraceMs) &&
      !deps.live.has(s.id),
    async characterOf(s) {
      const character = await deps.accounts.getCharacter(s.characterId);
      if (!character) throw sessionGone();
      return character;
    },
    streamsOf: async (c) => [
      locationStream(c.locationId),
      charStream(c.id),
      ...((await deps.extraStreams?.(c.id)) ?? []),
    ],
  };
}
