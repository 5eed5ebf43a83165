import type { AccountStore } from "#core/accounts/account-store.ts";
import type { Accounts, AdminSetup, LoginResult } from "#core/accounts/accounts.ts";
import { createBroadcaster } from "#core/broadcast/broadcaster.ts";
import { sceneCommand } from "#core/engine/commands/scene-commands.ts";
import { siteCommands } from "#core/engine/commands/site-commands.ts";
import { staffCommands, WALL_STREAM } from "#core/engine/commands/staff-commands.ts";
import { whereCommand } from "#core/engine/commands/where-command.ts";
import { createEngine, type Engine } from "#core/engine/engine.ts";
import { type HelpLibrary, openHelpLibrary } from "#core/help/help-library.ts";
import { type AddressBook, createAddressBook } from "#core/moderation/address-book.ts";
import { createShutdownSchedule } from "#core/moderation/shutdown-schedule.ts";
import { openSiteLocks, type SiteLocks } from "#core/moderation/site-locks.ts";
import type { CorePlugins } from "#core/plugin-bridge/core-plugins.ts";
import { type GamePluginsLink, linkGamePlugins } from "#core/plugin-bridge/game-plugins-link.ts";
import type { Scenes } from "#core/scenes/scenes.ts";
import { createCharacterActivity, presenceStream } from "#core/sessions/character-activity.ts";
import { createSessionManager, type SessionManager } from "#core/sessions/session-manager.ts";
import { helpFiles } from "#gen/help/help-files.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { NewId } from "#shared/util/ids.ts";
import { lateBinding } from "#shared/util/late-binding.ts";
import { systemTimers } from "#shared/util/timers.ts";
import { type Arrive, createArrival } from "./arrival.ts";
import { createCrowdPresence } from "./crowd-presence.ts";
import { followChangeOf } from "./follow-change-of.ts";
import type { GameDeps } from "./game-deps.ts";
import { openGameServices } from "./game-services.ts";
import { createLoginTickets, type LoginTickets } from "./login-tickets.ts";
import { type MailBoardsLayer, openMailBoards } from "./mail-boards-layer.ts";
import { type Motd, openMotd } from "./motd.ts";
import { followOtherCores } from "./other-cores.ts";

/** `timestamps auto` stamps a replay whose oldest line is older than this: an hour. */
export const AUTO_STAMP_MS = 3_600_000;

/** Counts for status and metrics. */
export interface GameStatus {
  readonly sessions: number;
  readonly connections: number;
  readonly streams: number;
}

/** What the CoreService handlers (src/core/rpc/core-handlers.ts) serve: the game itself never speaks RPC. */
export interface GameParts {
  readonly accounts: Accounts;
  readonly accountStore: AccountStore;
  /** `connect guest`: a temporary guest, or a refusal when guests are off or all in use. */
  readonly guestLogin: () => Promise<LoginResult>;
  readonly sessions: SessionManager;
  readonly engine: Engine;
  /** Scenes, for the clients that list them and read their logs (ListScenes, ReadScene). */
  readonly scenes: Scenes;
  readonly tickets: LoginTickets;
  /** Shows a character logging in the message of the day and the room (in a new session), and unread mail. */
  readonly arrive: Arrive;
  readonly sessionTtlMs: number;
  /** True once the game is shutting down, so streams end with "unavailable". */
  readonly closing: () => boolean;
  /** The site bans, checked at every login and listed for the gateways. */
  readonly siteLocks: SiteLocks;
  /** Where characters logged in from (for bans that would lock out an admin, and booting the banned). */
  readonly addresses: AddressBook;
  /** Ids of the events the handlers' own reads may write (a refused scene read's audit). */
  readonly newId: NewId;
}

/** The running game layer: the parts the RPC handlers serve, status, and a graceful stop. */
export interface Game extends AsyncDisposable {
  /** Pass to createCoreHandlers, then createCoreService. */
  readonly parts: GameParts;
  /** Whether the admin account was created now, with the generated password to print once. */
  readonly admin: AdminSetup;
  readonly engine: Engine;
  /** The running plugins, when the game has a plugin host. */
  readonly plugins: CorePlugins | undefined;
  /** The help topics, which a reload reads again from the staff directory. */
  readonly help: HelpLibrary;
  /** The message of the day, whose file a reload reads again. */
  readonly motd: Motd;
  /** Mail and bulletin boards. */
  readonly mailBoards: MailBoardsLayer;
  status(): GameStatus;
  /** Ends sessions detached past their time-to-live now; returns how many. */
  sweep(): Promise<number>;
}

/**
 * Creates the game: ensures the admin account, starts the broadcaster at the store's last position,
 * restores sessions, and returns the parts the RPC handlers serve. Disposing ends every stream and flushes cursors; it does
 * not close the stores, which the caller owns.
 */
export async function createGame(deps: GameDeps): Promise<Game> {
  const { config, clock, log } = deps;
  // The one real cycle: the world, comms and guests reach the sessions, the sessions announce through the
  // engine, and the engine asks the sessions who is present. Both are bound below, before any command runs;
  // a use before that throws instead of answering "nobody" or "0 booted".
  const sessionsLate = lateBinding<SessionManager>("session manager");
  const engineLate = lateBinding<Engine>("engine");
  // Bound once the plugins are linked, below; until then no attribute lies in a plugin's namespace.
  let pluginsLink: GamePluginsLink | undefined;
  const noNamespaces: ReadonlySet<string> = new Set();
  const services = await openGameServices(
    deps,
    sessionsLate,
    () => pluginsLink?.namespaces() ?? noNamespaces,
  );
  const { append, world, guests, accountStore, permissions, comms, scenes, guestLifecycle, accounts, admin } =
    services;
  const startPosition = await deps.events.lastPosition();
  const broadcaster = createBroadcaster({
    events: deps.events,
    log: log.withTag("broadcast"),
    afterPosition: startPosition,
  });
  // Invariant: a policy, world or role change from another core reaches this core's next decisions.
  broadcaster.listen(
    followOtherCores({ library: permissions.library, world, accounts: services.accountCache }),
  );
  // The same for bans: a ban appended by another core refuses logins here too.
  const siteLocks = await openSiteLocks({ events: deps.events, clock });
  broadcaster.listen((event) => siteLocks.observe(event));
  const addresses = createAddressBook();
  const timers = deps.timers ?? systemTimers();
  const shutdown = createShutdownSchedule({ timers, clock });
  const activity = createCharacterActivity({ events: deps.events, clock });
  const crowd = createCrowdPresence({
    single: (character, kind) =>
      engineLate.get().announce({ character, role: "player", newId: deps.newId }, kind),
    audience: (stream) => sessionsLate.get().feeds.audience(stream),
    crowdSize: config.crowdSize ?? 25,
    timers,
    append,
    clock,
    newId: deps.newId,
    log: log.withTag("presence"),
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
    ...(deps.timers ? { timers: deps.timers } : {}),
    ...(config.cursorFlushMs === undefined ? {} : { cursorFlushMs: config.cursorFlushMs }),
    extraStreams: async (characterId) => [
      ...(await comms.channels.streamsOf(characterId)),
      ...scenes.streamsOf(characterId),
      WALL_STREAM,
    ],
    followChangeOf,
    stampReplay: async (characterId, oldest) => {
      const mode = await activity.timestamps(characterId);
      return (
        mode === "on" || (mode === "auto" && oldest !== undefined && clock.now() - oldest > AUTO_STAMP_MS)
      );
    },
    announce: async (character, kind) => {
      if (kind === "connect") activity.connected(character.id);
      else activity.disconnected(character.id);
      await crowd.announce(character, kind);
      // Kept for `last` and `finger` on a stream no session follows, so it costs no one any output.
      await append([
        {
          id: deps.newId(),
          stream: presenceStream(character.id),
          type: kind === "connect" ? "logged_in" : "logged_out",
          timestamp: clock.now(),
          actor: { kind: "character", id: character.id },
          payload: {},
        },
      ]);
      if (kind === "disconnect") await guestLifecycle.disconnected(character);
    },
  });
  sessionsLate.set(sessions);
  // The plugins need the sessions (presence) but not the engine, so they start first and the engine gets
  // their commands directly. A game with no plugin host is valid: its engine has no external commands.
  pluginsLink = deps.plugins
    ? await linkGamePlugins({
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
        permissions,
      })
    : undefined;
  const plugins = pluginsLink;
  const help =
    deps.help ??
    (await openHelpLibrary({ builtin: helpFiles, dir: config.helpDir, log: log.withTag("help") }));
  const motd = await openMotd({ events: deps.events, file: config.motdFile, log: log.withTag("motd") });
  const mailBoards = await openMailBoards({
    events: deps.events,
    append,
    clock,
    findCharacter: (name) => accountStore.findCharacterByName(name),
    reachable: (id) => sessions.hasSession(id),
    quota: config.mailQuota,
    rate: config.mailRate,
  });
  const bootable = { boot: (id: string, text: string) => sessions.boot(id, text) };
  const engine = createEngine({
    permissions,
    help: () => help.index(),
    extraCommands: (d) => [
      ...comms.extraCommands(d),
      ...mailBoards.commands(d),
      sceneCommand(d, scenes),
      ...siteCommands(d, { siteLocks, addresses, accounts: accountStore, sessions: bootable }),
      ...staffCommands(d, {
        shutdown,
        stop: deps.stop ?? (() => log.warn("this game cannot stop itself: nothing to stop")),
        events: deps.events,
        accounts: accountStore,
        timers,
        log: log.withTag("staff"),
      }),
      whereCommand(d, (id) => scenes.liveIn(id)),
    ],
    roomSpeech: (ctx, build, guard) =>
      scenes.speak({ id: ctx.character.id, locationId: ctx.character.locationId }, build, guard),
    fallbacks: (d) => comms.fallbacks(d),
    ...(plugins ? { externalCommands: plugins.commands } : {}),
    append,
    world,
    presence: () => sessions.presence(),
    findCharacter: (name) => accountStore.findCharacterByName(name),
    characterById: (id) => accountStore.getCharacter(id),
    clock,
    metrics: deps.metrics,
    activity,
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
  deps.metrics.callbackGauge({
    name: "holomush_gateway_feeds",
    help: "Gateway feeds open: one output stream per gateway.",
    collect: () => sessions.feeds.status().feeds,
  });
  deps.metrics.callbackGauge({
    name: "holomush_feed_watches",
    help: "Connections watched on gateway feeds.",
    collect: () => sessions.feeds.status().watches,
  });
  let closing = false;
  const parts: GameParts = {
    accounts,
    accountStore,
    guestLogin: () => guests.login(),
    sessions,
    engine,
    scenes,
    tickets: createLoginTickets(clock),
    arrive: createArrival({
      engine: () => engine,
      motd,
      unreadMail: (id) => mailBoards.mail.unread(id),
      sceneReturn: (id) => scenes.leftOff(id),
      append,
      clock,
      newId: deps.newId,
    }),
    sessionTtlMs: config.sessionTtlMs,
    closing: () => closing,
    siteLocks,
    addresses,
    newId: deps.newId,
  };
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
    parts,
    admin,
    engine,
    plugins: plugins?.plugins,
    help,
    motd,
    mailBoards,
    status: () => sessions.status(),
    sweep,
    async [Symbol.asyncDispose]() {
      closing = true;
      shutdown.close();
      if (timer) clearInterval(timer);
      await plugins?.[Symbol.asyncDispose]();
      await sessions[Symbol.asyncDispose]();
      // The sessions' last disconnects were gathered above; they are written before the store closes.
      await crowd.flush();
      await world
        .checkpoint()
        .catch((error: unknown) => log.warn("world checkpoint failed", { error: describeError(error) }));
      await broadcaster[Symbol.asyncDispose]();
    },
  };
}
