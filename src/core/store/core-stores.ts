import type { AccountStore } from "#core/accounts/account-store.ts";
import type { ChannelStore } from "#core/channels/channel-store.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { PluginDataStore } from "#core/plugin-bridge/core-plugins.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import type { WorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";
import type { SystemInfo } from "./system-info.ts";

/**
 * Every store the core runs on, over one database (embedded or PostgreSQL) or in memory for unit tests.
 * A store a later part of the core needs is added here and built by each of openEmbeddedStores,
 * openPostgresStores and memoryStores, so no other file chooses an adapter.
 */
export interface CoreStores extends AsyncDisposable {
  readonly kind: "embedded" | "postgres" | "memory";
  /** Where the data lives, for status and logs (never a password). */
  readonly location: string;
  readonly events: EventStore;
  readonly systemInfo: SystemInfo;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly worldCheckpoints: WorldCheckpointStore;
  readonly channels: ChannelStore;
  readonly pluginData: PluginDataStore;
}
