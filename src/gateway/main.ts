import { createClient } from "@connectrpc/connect";
import { readConnectScreen } from "#gateway/connect-screen.ts";
import { createCommandStream } from "#gateway/core-link/command-stream.ts";
import { createCoreLink } from "#gateway/core-link/core-link.ts";
import { createCoreTransport } from "#gateway/core-link/core-transport.ts";
import { waitForFirstContact } from "#gateway/first-contact.ts";
import { startGatewayListeners } from "#gateway/gateway-listeners.ts";
import { createPlayService } from "#gateway/play/play-service.ts";
import { createSiteBanCache } from "#gateway/site-ban-cache.ts";
import { createTurnEnd, turnEndFailed } from "#gateway/telnet/turn-end.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { formatAddress } from "#shared/config/listen-address.ts";
import type { GatewayConfig } from "#shared/config/process-config.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { RunningService, ServiceDeps } from "#shared/service/running-service.ts";
import { loadCertificates } from "#shared/tls/load-certificates.ts";
import { ulidSource } from "#shared/util/ids.ts";
import { systemTimers } from "#shared/util/timers.ts";

/** Starts the gateway: the core link (mTLS), then the telnet, telnet-over-TLS and web listeners. */
export async function startGateway(config: GatewayConfig, deps: ServiceDeps): Promise<RunningService> {
  const { log, clock } = deps;
  if (!config.gameId) {
    throw new HoloError(
      "failed_precondition",
      `no game_id in ${config.paths.configDir}/gateway.yaml; start the core once first (holomush core start), or copy gateway.yaml from the core's host`,
    );
  }
  const certs = loadCertificates({ certsDir: config.paths.certsDir, now: clock.now() });
  const coreAddr = formatAddress(config.coreAddr);
  const transport = createCoreTransport({ coreAddr, gameId: config.gameId, certs });
  const stack = new AsyncDisposableStack();
  try {
    const commands = stack.use(createCommandStream(createClient(CoreService, transport.transport)));
    const link = stack.use(
      createCoreLink({
        coreAddr,
        gameId: config.gameId,
        client: commands.client,
        takeIdentityError: transport.takeIdentityError,
        clock,
        timers: systemTimers(),
        random: Math.random,
        log,
        // A Ping a second over the open HTTP/2 connection costs well under a millisecond, and keeps
        // `holomush status` from showing "core: connected" for long after the core stopped.
        healthIntervalMs: 1000,
      }),
    );
    // A core of another game is a configuration error: fail the start rather than retry forever.
    await waitForFirstContact(link, deps.signal);
    const banner = await readConnectScreen(config.connectScreenFile);
    // One end of turn for every telnet connection, so the feed can write each connection's output as soon as
    // a lone event has reached it.
    const turnEnd = createTurnEnd(turnEndFailed(log.withTag("telnet")));
    const play = stack.use(
      createPlayService({
        link,
        log,
        clock,
        timers: systemTimers(),
        random: Math.random,
        newId: ulidSource(clock.now),
        gameName: config.gameName,
        output: turnEnd,
        ...(banner === undefined ? {} : { banner }),
      }),
    );
    const siteBans = stack.use(createSiteBanCache({ link, timers: systemTimers(), clock, log }));
    const listeners = stack.use(
      await startGatewayListeners(config, {
        log,
        clock,
        play,
        turnEnd,
        banned: (address) => siteBans.refusal(address),
      }),
    );
    const moved = stack.move();
    return {
      ready: () => true,
      health: () => ({ ok: true }),
      status: () => ({
        gameId: config.gameId,
        listening: listeners.addresses(),
        coreLink: link.status(),
        ...play.stats(),
      }),
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}
