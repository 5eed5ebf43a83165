import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createMemoryChannelStore } from "#core/channels/memory-channel-store.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { createMemoryPluginDataStore } from "#core/plugin-bridge/memory-plugin-data-store.ts";
import { createMemorySessionStore } from "#core/sessions/memory-session-store.ts";
import { createMemoryWorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";
import { collectingLogger, type Logger } from "#shared/log/logger.ts";
import type { CoreStores } from "./core-stores.ts";
import { createMemorySystemInfo } from "./memory-system-info.ts";

/** Every store held in memory, for unit tests; reuse one set across two games to simulate a core restart. */
export function memoryStores(log: Logger = collectingLogger().logger): CoreStores {
  const events = createMemoryEventStore({ log });
  return {
    kind: "memory",
    location: "memory",
    events,
    systemInfo: createMemorySystemInfo(),
    accounts: createMemoryAccountStore(),
    sessions: createMemorySessionStore(),
    worldCheckpoints: createMemoryWorldCheckpointStore(),
    channels: createMemoryChannelStore(),
    pluginData: createMemoryPluginDataStore(),
    [Symbol.asyncDispose]: () => events[Symbol.asyncDispose](),
  };
}
