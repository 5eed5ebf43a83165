import type { AccountStore } from "#core/accounts/account-store.ts";
import { createEmbeddedAccountStore } from "#core/accounts/embedded-account-store.ts";
import { createPostgresAccountStore } from "#core/accounts/postgres-account-store.ts";
import type { ChannelStore } from "#core/channels/channel-store.ts";
import { createEmbeddedChannelStore } from "#core/channels/embedded-channel-store.ts";
import { createPostgresChannelStore } from "#core/channels/postgres-channel-store.ts";
import { createEmbeddedSessionStore } from "#core/sessions/embedded-session-store.ts";
import { createPostgresSessionStore } from "#core/sessions/postgres-session-store.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { createEmbeddedWorldCheckpointStore } from "#core/world/embedded-world-checkpoint-store.ts";
import { createPostgresWorldCheckpointStore } from "#core/world/postgres-world-checkpoint-store.ts";
import type { WorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";

/** The game layer's own stores, over the database the event store uses. */
export interface GameStores {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly worldCheckpoints: WorldCheckpointStore;
  readonly channels: ChannelStore;
}

/** Account and session stores in the embedded database (already migrated by openEmbeddedDatabase). */
export function openEmbeddedGameStores(database: EmbeddedDatabase): GameStores {
  return {
    accounts: createEmbeddedAccountStore(database),
    sessions: createEmbeddedSessionStore(database),
    worldCheckpoints: createEmbeddedWorldCheckpointStore(database),
    channels: createEmbeddedChannelStore(database),
  };
}

/** Account and session stores in PostgreSQL (already migrated by openPostgresDatabase). */
export function openPostgresGameStores(database: PostgresDatabase): GameStores {
  return {
    accounts: createPostgresAccountStore(database),
    sessions: createPostgresSessionStore(database),
    worldCheckpoints: createPostgresWorldCheckpointStore(database),
    channels: createPostgresChannelStore(database),
  };
}
