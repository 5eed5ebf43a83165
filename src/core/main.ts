import { defaultLoginThrottle } from "#core/accounts/login-throttle.ts";
import type { CorePluginsFactory } from "#core/plugin-bridge/core-plugins.ts";
import { registerPluginMetrics } from "#core/plugin-bridge/plugin-metric-families.ts";
import { pluginStatus } from "#core/plugin-bridge/plugin-status.ts";
import { createCoreHandlers } from "#core/rpc/core-handlers.ts";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import { startGrpcServer } from "#core/rpc/grpc-server.ts";
import { gatewayFilePath, mergeConfigFile } from "#shared/config/config-file.ts";
import { formatAddress } from "#shared/config/listen-address.ts";
import type { CoreConfig } from "#shared/config/process-config.ts";
import type { RunningService, ServiceDeps } from "#shared/service/running-service.ts";
import { ensureCertificates } from "#shared/tls/ensure-certificates.ts";
import { ulidSource } from "#shared/util/ids.ts";
import { buildInfo } from "#shared/version.ts";
import { writeAdminPassword } from "./admin-password-file.ts";
import { createGame } from "./game/game.ts";
import { openStores } from "./store/open-stores.ts";

/** What the composition root in src/commands plugs into the core (the core cannot import them). */
export interface CoreExtensions {
  /** Builds the plugin host once the game's ports exist. */
  readonly plugins?: CorePluginsFactory;
}

/** Starts the core: store (migrated), game id, certificates, gateway.yaml, plugins, then the mTLS gRPC server. */
export async function startCore(
  config: CoreConfig,
  deps: ServiceDeps,
  extensions: CoreExtensions = {},
): Promise<RunningService> {
  const { log, clock } = deps;
  const startedAt = clock.now();
  const newId = ulidSource(clock.now);
  const stack = new AsyncDisposableStack();
  try {
    const store = stack.use(await openStores(config, log));
    log.info(`store: ${store.kind} at ${store.location}`);
    const gameId = await store.systemInfo.setIfAbsent("game_id", newId());
    const game = stack.use(
      await createGame({
        events: store.events,
        accounts: store.accounts,
        sessions: store.sessions,
        worldCheckpoints: store.worldCheckpoints,
        channels: store.channels,
        clock,
        newId,
        log: log.withTag("game"),
        metrics: deps.metrics,
        config: {
          sessionTtlMs: config.sessionTtlMs,
          replayLimit: config.replayLimit,
          crowdSize: config.crowdSize,
          maxCharacters: config.maxCharacters,
          guests: config.guests,
          throttle: {
            perAddress: { burst: config.loginBurstPerIp, refillMs: defaultLoginThrottle.perAddress.refillMs },
          },
          registrations: {
            perAddressPerHour: config.registrationsPerIpPerHour,
            perHour: config.registrationsPerHour,
          },
          privateRate: { burst: config.pageBurst, refillMs: 60_000 / config.pagesPerMinute },
          mailQuota: config.mailQuota,
          mailRate: { burst: config.mailBurst, refillMs: 60_000 / config.mailsPerMinute },
          adminPassword: config.adminPassword,
          helpDir: config.helpDir,
          motdFile: config.motdFile,
        },
        ...(extensions.plugins ? { plugins: { factory: extensions.plugins, kv: store.pluginData } } : {}),
        ...(deps.requestStop ? { stop: deps.requestStop } : {}),
      }),
    );
    const plugins = game.plugins;
    if (plugins) registerPluginMetrics(deps.metrics, () => plugins.stats());
    if (game.admin.generatedPassword)
      announceAdminPassword(config.paths.configDir, game.admin.generatedPassword, log);
    const certs = await ensureCertificates({
      certsDir: config.paths.certsDir,
      gameId,
      clock,
      log: log.withTag("tls"),
    });
    const grpc = stack.use(
      await startGrpcServer({
        addr: formatAddress(config.grpcAddr),
        certs: certs.core,
        log,
        routes: coreServiceRoutes(
          createCoreService(
            { gameId, build: buildInfo(), clock, startedAt },
            createCoreHandlers({ ...game.parts, log: log.withTag("rpc") }),
          ),
        ),
      }),
    );
    // Disposed before the server drains: the gateways' feeds end with "unavailable" at once instead of being cut.
    stack.defer(() => game.parts.sessions.feeds[Symbol.dispose]());
    // The gateway finds the game id (for the SAN check) and the core's address here.
    mergeConfigFile(gatewayFilePath(config.paths.configDir), config.paths.configDir, {
      game_id: gameId,
      core_addr: grpc.address,
    });
    const moved = stack.move();
    return {
      ready: () => true,
      health: () => ({ ok: true }),
      status: () => ({
        gameId,
        store: store.kind,
        listening: { grpc: grpc.address },
        ...game.status(),
        ...(plugins ? { plugins: pluginStatus(plugins) } : {}),
      }),
      reload: async () => ({
        help: await game.help.reload(),
        motdFile: await game.motd.reloadFile(),
        ...(plugins ? { plugins: await plugins.reload() } : {}),
      }),
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}

/**
 * Shows a generated admin password once, never through the logger: on the terminal when there is one,
 * else in a 0600 file that `holomush core start` prints and removes.
 */
function announceAdminPassword(configDir: string, password: string, log: ServiceDeps["log"]): void {
  if (process.stdout.isTTY) {
    process.stdout.write(`\nCreated the admin account. Log in with:  connect admin ${password}\n\n`);
    log.warn("created the admin account with a generated password, shown once on the terminal");
    return;
  }
  const path = writeAdminPassword(configDir, password);
  log.warn(`created the admin account with a generated password, kept in ${path} until shown`);
}
