import type { AccountStore } from "#core/accounts/account-store.ts";
import type { LoginThrottleConfig } from "#core/accounts/login-throttle.ts";
import type { PasswordHasherConfig } from "#core/accounts/password-hasher.ts";
import type { RegistrationThrottleConfig } from "#core/accounts/registration-throttle.ts";
import type { TokenBucketConfig } from "#core/accounts/token-buckets.ts";
import type { ChannelStore } from "#core/channels/channel-store.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { HelpLibrary } from "#core/help/help-library.ts";
import type { CorePluginsFactory, PluginDataStore } from "#core/plugin-bridge/core-plugins.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import type { WorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { MotdFile } from "./motd.ts";

/** User settings of the game layer. */
export interface GameConfig {
  /** How long a session with no connection lives (default 24 h in the CLI). */
  readonly sessionTtlMs: number;
  /** The most events replayed on attach. */
  readonly replayLimit: number;
  /** Connections watching a room from which its connects and disconnects are gathered (`--crowd-size`); 25 by default. */
  readonly crowdSize?: number;
  /** HOLOMUSH_ADMIN_PASSWORD; when unset, a first start generates one. */
  readonly adminPassword?: string | undefined;
  /** Password hashing cost and concurrency; tests lower the cost. */
  readonly hasher?: PasswordHasherConfig;
  readonly throttle?: LoginThrottleConfig;
  /** Registrations per address and overall (`--registrations-per-ip-per-hour`, `--registrations-per-hour`). */
  readonly registrations?: RegistrationThrottleConfig;
  /** `password` tries per player; defaults to password-throttle.ts defaultPasswordThrottle. */
  readonly passwordTries?: TokenBucketConfig;
  /** Pages and whispers per sender (`--page-burst`, `--pages-per-minute`); defaults to messages.ts defaultPrivateRate. */
  readonly privateRate?: TokenBucketConfig;
  /** How often expired sessions are swept; defaults to a minute. 0 disables the timer. */
  readonly sweepIntervalMs?: number;
  /** The most characters one player may have (`--max-characters`); defaults to 5. */
  readonly maxCharacters?: number;
  /** How long a delivered cursor may stay unwritten while its connection is attached; defaults to 5 s. */
  readonly cursorFlushMs?: number;
  /** Whether `connect guest` gives a temporary Guest-N character (`--guests`); off by default. */
  readonly guests?: boolean;
  /** Staff help topics over the built-in ones (`--help-dir`); none when absent. */
  readonly helpDir?: string;
  /** The operator's message of the day (`--motd-file`); none when absent. */
  readonly motdFile?: MotdFile;
  /** Messages one mailbox holds (`--mail-quota`); defaults to mail-rules.ts DEFAULT_MAIL_QUOTA. */
  readonly mailQuota?: number;
  /** Messages one character may send (`--mail-burst`, `--mails-per-minute`); defaults to mail-rules.ts defaultMailRate. */
  readonly mailRate?: TokenBucketConfig;
  /** Policy decisions kept in the cache; defaults to DECISION_CACHE_SIZE. 0 keeps none (to measure the cache). */
  readonly decisionCacheSize?: number;
}

/** What the game layer runs on; the composition root chooses the adapters. */
export interface GameDeps {
  readonly events: EventStore;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  /** Where the world projection keeps its checkpoint; defaults to memory (rebuilt from events at start). */
  readonly worldCheckpoints?: WorldCheckpointStore;
  /** The channel projection; defaults to memory (rebuilt from events at start). */
  readonly channels?: ChannelStore;
  readonly clock: Clock;
  readonly newId: NewId;
  /** Schedules cursor writes; real timers by default. */
  readonly timers?: Timers;
  readonly log: Logger;
  readonly metrics: MetricsRegistry;
  readonly config: GameConfig;
  /** The plugin host (built by src/commands) and the store of plugins' key-value data; none when absent. */
  /** The help library; by default the built-in topics and config.helpDir's. */
  readonly help?: HelpLibrary;
  readonly plugins?: { readonly factory: CorePluginsFactory; readonly kv: PluginDataStore };
  /** Asks the process to stop gracefully (`@shutdown`), or to stop and start again (`@reboot`); none in tests. */
  readonly stop?: (restart: boolean) => void;
}
