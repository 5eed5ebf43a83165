import type { AccountStore } from "#core/accounts/account-store.ts";
import { type AdminSetup, createAccounts } from "#core/accounts/accounts.ts";
import { createGuestAccounts } from "#core/accounts/guest-accounts.ts";
import { createLoginThrottle, type LoginThrottleConfig } from "#core/accounts/login-throttle.ts";
import { createPasswordHasher, type PasswordHasherConfig } from "#core/accounts/password-hasher.ts";
import { createPasswordThrottle } from "#core/accounts/password-throttle.ts";
import {
  createRegistrationThrottle,
  type RegistrationThrottleConfig,
} from "#core/accounts/registration-throttle.ts";
import type { TokenBucketConfig } from "#core/accounts/token-buckets.ts";
import { createBroadcaster } from "#core/broadcast/broadcaster.ts";
import type { ChannelStore } from "#core/channels/channel-store.ts";
import { createMemoryChannelStore } from "#core/channels/memory-channel-store.ts";
import { createEngine, type Engine } from "#core/engine/engine.ts";
import { locationStream } from "#core/events/event.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { CorePlugins, CorePluginsFactory, PluginDataStore } from "#core/plugin-bridge/core-plugins.ts";
import {
  type GamePluginsLink,
  lateExternalCommands,
  linkGamePlugins,
} from "#core/plugin-bridge/game-plugins-link.ts";
import { createSessionManager, type SessionManager } from "#core/sessions/session-manager.ts";
import type { SessionStore } from "#core/sessions/session-store.ts";
import {
  createMemoryWorldCheckpointStore,
  type WorldCheckpointStore,
} from "#core/world/world-checkpoint-store.ts";
import { seedWorld } from "#core/world/world-seed.ts";
import { openWorldService } from "#core/world/world-service.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { lateBinding } from "#shared/util/late-binding.ts";
import { createCommsLayer } from "./comms-layer.ts";
import { createCoreHandlers, type GameHandlers } from "./core-handlers.ts";
import { createGuestLifecycle } from "./guest-lifecycle.ts";
import { createLoginTickets } from "./login-tickets.ts";

/** User settings of the game layer. */
export interface GameConfig {
  /** How long a session with no connection lives (default 24 h in the CLI). */
  readonly sessionTtlMs: number;
  /** The most events replayed on attach. */
  readonly replayLimit: number;
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
  /** Events queued per output stream before it is marked lagging and re-reads the store; defaults to 1024. */
  readonly broadcastQueueCapacity?: number;
  /** How often expired sessions are swept; defaults to a minute. 0 disables the timer. */
  readonly sweepIntervalMs?: number;
  /** The most characters one player may have (`--max-characters`); defaults to 5. */
  readonly maxCharacters?: number;
  /** Whether `connect guest` gives a temporary Guest-N character (`--guests`); off by default. */
  readonly guests?: boolean;
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
  readonly log: Logger;
  readonly metrics: MetricsRegistry;
  readonly config: GameConfig;
  /** The plugin host (built by src/commands) and the store of plugins' key-value data; none when absent. */
  readonly plugins?: { readonly factory: CorePluginsFactory; readonly kv: PluginDataStore };
}

/** Counts for status and metrics. */
export interface GameStatus {
  readonly sessions: number;
  readonly connections: number;
  readonly streams: number;
}

/** The running game layer: the CoreService handlers (all but Ping), status, and a graceful stop. */
export interface Game extends AsyncDisposable {
  /** Pass to createCoreService(deps, game.handlers). */
  readonly handlers: GameHandlers;
  /** Whether the admin account was created now, with the generated password to print once. */
  readonly admin: AdminSetup;
  readonly engine: Engine;
  /** The running plugins, when the game has a plugin host. */
  readonly plugins: CorePlugins | undefined;
  status(): GameStatus;
  /** Ends sessions detached past their time-to-live now; returns how many. */
  sweep(): Promise<number>;
}

/**
 * Creates the game: ensures the admin account, starts the broadcaster at the store's last position,
 * restores sessions, and returns the handlers. Disposing ends every stream and flushes cursors; it does
 * not close the stores, which the caller owns.
 */
export async function createGame(deps: GameDeps): Promise<Game> {
  const { config, clock, log } = deps;
  // The one real cycle: the world, comms and guests reach the sessions, the sessions announce through the
  // engine, and the engine asks the sessions who is present. Both are bound below, before any command runs;
  // a use before that throws instead of answering "nobody" or "0 booted".
  const sessionsLate = lateBinding<SessionManager>("session manager");
  const engineLate = lateBinding<Engine>("engine");
  const append = createEventAppender(deps.events, deps.metrics);
  const world = await openWorldService({
    events: deps.events,
    append,
    checkpoints: deps.worldCheckpoints ?? createMemoryWorldCheckpointStore(),
    log: log.withTag("world"),
    startLocationId: "lobby",
    // Invariant: this runs only for moves after start, once the sessions are bound (see openWorldService).
    onCharacterMoved: async (move) => {
      await accountStore.setLocation(move.id, move.to);
      const change = { add: [locationStream(move.to)], remove: [locationStream(move.from)] };
      await sessionsLate.get().followStreams(move.id, change, move.position);
    },
  });
  await seedWorld(world, clock);
  const guests = createGuestAccounts({
    store: deps.accounts,
    clock,
    newId: deps.newId,
    startLocationId: () => world.startLocationId,
    enabled: config.guests ?? false,
    created: (character) => comms.characterCreated(character),
  });
  // Every part of the game but registration and password logins sees guests through this store.
  const accountStore = guests.store;
  const hasher = createPasswordHasher(config.hasher);
  const comms = createCommsLayer({
    events: deps.events,
    accounts: accountStore,
    channelStore: deps.channels ?? createMemoryChannelStore(),
    hasher,
    passwordThrottle: createPasswordThrottle(clock, config.passwordTries),
    privateRate: config.privateRate,
    append,
    clock,
    newId: deps.newId,
    log: log.withTag("channels"),
    startLocationId: () => world.startLocationId,
    maxCharacters: config.maxCharacters ?? 5,
    presence: () => sessionsLate.get().presence(),
    sessions: () => ({ boot: (id, text) => sessionsLate.get().boot(id, text) }),
    // Invariant: a joined channel is followed after the join event and a left one up to the leave event.
    // The admin joins the default channel at start, before the session manager is built: then no
    // character has a session, so there is no stream to switch (sessions read their channels on attach).
    membershipChanged: async (characterId, stream, member, position) =>
      sessionsLate
        .peek()
        ?.followStreams(characterId, member ? { add: [stream] } : { remove: [stream] }, position),
  });
  await comms.start();
  const guestLifecycle = createGuestLifecycle({
    guests,
    channels: comms.channels,
    sessionStore: deps.sessions,
    endSession: (id) => sessionsLate.get().end(id),
    newId: deps.newId,
  });
  const accounts = createAccounts({
    store: deps.accounts,
    hasher,
    characterCreated: (character) => comms.characterCreated(character),
    throttle: createLoginThrottle(clock, config.throttle),
    registrations: createRegistrationThrottle(clock, config.registrations),
    clock,
    newId: deps.newId,
    log: log.withTag("accounts"),
    startLocationId: world.startLocationId,
  });
  const admin = await accounts.ensureAdmin(config.adminPassword);
  const startPosition = await deps.events.lastPosition();
  const broadcaster = createBroadcaster({
    events: deps.events,
    log: log.withTag("broadcast"),
    afterPosition: startPosition,
    ...(config.broadcastQueueCapacity === undefined ? {} : { queueCapacity: config.broadcastQueueCapacity }),
  });
  const sessions = await createSessionManager({
    store: deps.sessions,
    accounts: accountStore,
    events: deps.events,
    broadcaster,
    clock,
    newId: deps.newId,
    log: log.withTag("sessions"),
    ttlMs: config.sessionTtlMs,
    replayLimit: config.replayLimit,
    extraStreams: (characterId) => comms.channels.streamsOf(characterId),
    announce: async (character, kind) => {
      await engineLate.get().announce({ character, role: "player", newId: deps.newId }, kind);
      if (kind === "disconnect") await guestLifecycle.disconnected(character);
    },
  });
  sessionsLate.set(sessions);
  let plugins: GamePluginsLink | undefined;
  const engine = createEngine({
    extraCommands: (d) => comms.extraCommands(d),
    fallbacks: (d) => comms.fallbacks(d),
    externalCommands: lateExternalCommands(() => plugins?.commands),
    append,
    world,
    presence: () => sessions.presence(),
    findCharacter: (name) => accountStore.findCharacterByName(name),
    clock,
    metrics: deps.metrics,
  });
  engineLate.set(engine);
  deps.metrics.callbackGauge({
    name: "holomush_sessions",
    help: "Sessions alive, attached or not.",
    collect: () => sessions.status().sessions,
  });
  deps.metrics.callbackGauge({
    name: "holomush_connections",
    help: "Connections attached to sessions.",
    collect: () => sessions.status().connections,
  });
  if (deps.plugins) {
    plugins = await linkGamePlugins({
      factory: deps.plugins.factory,
      kv: deps.plugins.kv,
      events: deps.events,
      afterPosition: startPosition,
      append,
      accounts: accountStore,
      world,
      presence: () => sessions.presence(),
      clock,
      newId: deps.newId,
      log: log.withTag("plugins"),
    });
  }
  let closing = false;
  const handlers = createCoreHandlers({
    accounts,
    accountStore,
    guestLogin: () => guests.login(),
    sessions,
    engine,
    tickets: createLoginTickets(clock),
    log: log.withTag("service"),
    sessionTtlMs: config.sessionTtlMs,
    closing: () => closing,
  });
  const sweep = async () => {
    const ended = await sessions.sweep();
    await guestLifecycle.prune();
    return ended;
  };
  const interval = config.sweepIntervalMs ?? 60_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          sweep().catch((error: unknown) =>
            log.warn("session sweep failed", { error: describeError(error) }),
          );
        }, interval)
      : undefined;
  timer?.unref?.();

  return {
    handlers,
    admin,
    engine,
    plugins: plugins?.plugins,
    status: () => sessions.status(),
    sweep,
    async [Symbol.asyncDispose]() {
      closing = true;
      if (timer) clearInterval(timer);
      await plugins?.[Symbol.asyncDispose]();
      await sessions[Symbol.asyncDispose]();
      await world
        .checkpoint()
        .catch((error: unknown) => log.warn("world checkpoint failed", { error: describeError(error) }));
      await broadcaster[Symbol.asyncDispose]();
    },
  };
}
