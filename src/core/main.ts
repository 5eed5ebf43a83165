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
import { createGame } from "./service/game.ts";
import { openEmbeddedGameStores, openPostgresGameStores } from "./service/game-stores.ts";
import { openCoreStore } from "./store/open-store.ts";

/** Starts the core: store (migrated), game id, certificates, gateway.yaml, then the mTLS gRPC server. */
export async function startCore(config: CoreConfig, deps: ServiceDeps): Promise<RunningService> {
  const { log, clock } = deps;
  const startedAt = clock.now();
  const newId = ulidSource(clock.now);
  const stack = new AsyncDisposableStack();
  try {
    const store = stack.use(await openCoreStore(config, log));
    log.info(`store: ${store.kind} at ${store.location}`);
    const gameId = await store.systemInfo.setIfAbsent("game_id", newId());
    const stores =
      store.kind === "embedded"
        ? openEmbeddedGameStores(store.database)
        : openPostgresGameStores(store.database);
    const game = stack.use(
      await createGame({
        events: store.events,
        ...stores,
        clock,
        newId,
        log: log.withTag("game"),
        metrics: deps.metrics,
        config: {
          sessionTtlMs: config.sessionTtlMs,
          replayLimit: config.replayLimit,
          adminPassword: config.adminPassword,
        },
      }),
    );
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
          createCoreService({ gameId, build: buildInfo(), clock, startedAt }, game.handlers),
        ),
      }),
    );
    // The gateway finds the game id (for the SAN check) and the core's address here.
    mergeConfigFile(gatewayFilePath(config.paths.configDir), config.paths.configDir, {
      game_id: gameId,
      core_addr: grpc.address,
    });
    const moved = stack.move();
    return {
      ready: () => true,
      health: () => ({ ok: true }),
      status: () => ({ gameId, store: store.kind, listening: { grpc: grpc.address }, ...game.status() }),
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
