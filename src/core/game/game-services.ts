import { type AccountCache, createAccountCache } from "#core/accounts/account-cache.ts";
import type { AccountStore } from "#core/accounts/account-store.ts";
import { type Accounts, type AdminSetup, createAccounts } from "#core/accounts/accounts.ts";
import { createGuestAccounts, type GuestAccounts } from "#core/accounts/guest-accounts.ts";
import { createLoginThrottle } from "#core/accounts/login-throttle.ts";
import { createPasswordHasher } from "#core/accounts/password-hasher.ts";
import { createPasswordThrottle } from "#core/accounts/password-throttle.ts";
import { createRegistrationThrottle } from "#core/accounts/registration-throttle.ts";
import { createMemoryChannelStore } from "#core/channels/memory-channel-store.ts";
import { locationStream } from "#core/events/event.ts";
import { type AppendEvents, createEventAppender } from "#core/events/event-appender.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import { createScenes, type Scenes } from "#core/scenes/scenes.ts";
import type { SessionManager } from "#core/sessions/session-manager.ts";
import { createMemoryWorldCheckpointStore } from "#core/world/world-checkpoint-store.ts";
import { seedWorld } from "#core/world/world-seed.ts";
import { openWorldService, type WorldService } from "#core/world/world-service.ts";
import type { LateBinding } from "#shared/util/late-binding.ts";
import { type CommsLayer, createCommsLayer } from "./comms-layer.ts";
import type { GameDeps } from "./game-deps.ts";
import { openGamePermissions } from "./game-permissions.ts";
import { createGuestLifecycle, type GuestLifecycle } from "./guest-lifecycle.ts";
import { sceneDecider } from "./scene-decider.ts";

/** The services built over the stores, before the broadcaster, the sessions, the engine and the plugins. */
export interface GameServices {
  readonly append: AppendEvents;
  readonly world: WorldService;
  readonly guests: GuestAccounts;
  /** The account store as every part of the game but registration and password logins sees it (guests included). */
  readonly accountStore: AccountStore;
  /** The cache under it, told when another core changes a player's role. */
  readonly accountCache: AccountCache;
  /** Every permission check: pages, whispers and scenes decide through it too. */
  readonly permissions: Permissions;
  readonly comms: CommsLayer;
  /** Scenes, their speech and logs: a projection of `scene:` events, rebuilt at start. */
  readonly scenes: Scenes;
  readonly guestLifecycle: GuestLifecycle;
  readonly accounts: Accounts;
  /** Whether the admin account was created now, with the generated password to print once. */
  readonly admin: AdminSetup;
}

/**
 * Opens the world, the accounts (guests included) and the comms layer over the stores, seeds the world and
 * ensures the admin account. `sessions` is bound by the caller once the session manager is built; these
 * services reach it only from commands and moves, which run after that (see createGame).
 */
export async function openGameServices(
  deps: GameDeps,
  sessions: LateBinding<SessionManager>,
  pluginNamespaces: () => ReadonlySet<string> = () => new Set(),
): Promise<GameServices> {
  const { config, clock, log } = deps;
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
      await sessions.get().followStreams(move.id, change, move.position);
    },
  });
  await seedWorld(world, clock);
  // Every command reads characters (its own, the present ones) and its player's role: after the first read
  // they come from memory.
  const cachedAccounts = createAccountCache(deps.accounts);
  const guests = createGuestAccounts({
    store: cachedAccounts,
    clock,
    newId: deps.newId,
    startLocationId: () => world.startLocationId,
    enabled: config.guests ?? false,
    created: (character) => comms.characterCreated(character),
  });
  const accountStore = guests.store;
  const permissions = await openGamePermissions(deps, { append, world, accountStore, pluginNamespaces });
  const hasher = createPasswordHasher(config.hasher);
  const comms = createCommsLayer({
    permissions,
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
    presence: () => sessions.get().presence(),
    sessions: () => ({ boot: (id, text) => sessions.get().boot(id, text) }),
    // Invariant: a joined channel is followed after the join event and a left one up to the leave event.
    // The admin joins the default channel at start, before the session manager is built: then no
    // character has a session, so there is no stream to switch (sessions read their channels on attach).
    membershipChanged: async (characterId, stream, member, position) =>
      sessions
        .peek()
        ?.followStreams(characterId, member ? { add: [stream] } : { remove: [stream] }, position),
  });
  await comms.start();
  const scenes = createScenes({
    events: deps.events,
    append,
    clock,
    newId: deps.newId,
    allows: sceneDecider(permissions),
    locationName: async (id) => (await world.getLocation(id))?.name,
    // As for channels: before the sessions exist no character has one, and sessions read their scenes on attach.
    followScene: async (characterId, stream, following, position) =>
      sessions
        .peek()
        ?.followStreams(characterId, following ? { add: [stream] } : { remove: [stream] }, position),
  });
  await scenes.start();
  const guestLifecycle = createGuestLifecycle({
    guests,
    channels: comms.channels,
    hasSession: (id) => sessions.get().hasSession(id),
    endSession: (id) => sessions.get().end(id),
    newId: deps.newId,
  });
  const accounts = createAccounts({
    store: cachedAccounts,
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
  return {
    append,
    world,
    guests,
    accountStore,
    accountCache: cachedAccounts,
    permissions,
    comms,
    scenes,
    guestLifecycle,
    accounts,
    admin,
  };
}
