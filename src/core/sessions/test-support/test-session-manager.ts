import type { Character } from "#core/accounts/account-store.ts";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createBroadcaster } from "#core/broadcast/broadcaster.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { createMemorySessionStore } from "../memory-session-store.ts";
import { createSessionManager, type SessionManagerDeps } from "../session-manager.ts";

/** A character in the lobby, owned by the player `P<id>`. */
export const testCharacter = (id: string, name: string): Character => ({
  id,
  playerId: `P${id}`,
  name,
  locationId: "lobby",
  createdAt: 0,
});

/**
 * Starts a session manager over memory stores with the players of `characters` registered; `deps` replaces
 * any default (the events, the store, the clock, the replay limit…). Dispose it to stop the manager, its
 * broadcaster and its events.
 */
export async function startTestSessionManager(
  characters: readonly Character[],
  deps: Partial<Omit<SessionManagerDeps, "broadcaster">> = {},
) {
  const { logger, lines } = collectingLogger();
  const events: EventStore = deps.events ?? createMemoryEventStore({ log: logger });
  const accounts = createMemoryAccountStore();
  for (const c of characters) {
    await accounts.createPlayer(
      { id: c.playerId, name: c.name, passwordHash: "x", role: "player", createdAt: 0 },
      c,
    );
  }
  const broadcaster = createBroadcaster({ events, log: logger, afterPosition: 0 });
  const sessions = await createSessionManager({
    store: createMemorySessionStore(),
    accounts,
    clock: manualClock(),
    newId: sequentialIds("S"),
    log: logger,
    ttlMs: 60_000,
    replayLimit: 100,
    announce: async () => {},
    ...deps,
    events,
    broadcaster,
  });
  return {
    sessions,
    events,
    broadcaster,
    logs: lines,
    async [Symbol.asyncDispose]() {
      await sessions[Symbol.asyncDispose]();
      await broadcaster[Symbol.asyncDispose]();
      await events.close();
    },
  };
}
