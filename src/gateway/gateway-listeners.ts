import { join } from "node:path";
import { type ConnectionAdmission, createConnectionAdmission } from "#gateway/connection-admission.ts";
import type { PlayService } from "#gateway/play/play-service.ts";
import { msspTable } from "#gateway/telnet/mssp.ts";
import { ensureSelfSignedCertificate, readPemPair } from "#gateway/telnet/self-signed-cert.ts";
import { startTelnetServer, type TelnetServer } from "#gateway/telnet/telnet-server.ts";
import { telnetServerConfig } from "#gateway/telnet/telnet-server-config.ts";
import { startWebServer } from "#gateway/web/web-server.ts";
import { formatAddress } from "#shared/config/listen-address.ts";
import type { GatewayConfig } from "#shared/config/process-config.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";
import { systemTimers } from "#shared/util/timers.ts";
import { buildInfo } from "#shared/version.ts";

/** The gateway's listeners, as one disposable. */
export interface GatewayListeners extends AsyncDisposable {
  /** Bound addresses by name, for /status. */
  addresses(): Record<string, string>;
  connections(): number;
}

/** What the listeners need. */
export interface GatewayListenersDeps {
  readonly log: Logger;
  readonly clock: Clock;
  readonly play: PlayService;
  /** The connection caps every listener shares; built from the config when absent. */
  readonly admission?: ConnectionAdmission;
}

async function tlsMaterial(
  config: GatewayConfig,
  deps: GatewayListenersDeps,
): Promise<{ cert: string; key: string }> {
  if (config.telnetTlsCert && config.telnetTlsKey) {
    return readPemPair({ certPath: config.telnetTlsCert, keyPath: config.telnetTlsKey });
  }
  const paths = await ensureSelfSignedCertificate(join(config.paths.configDir, "telnet-tls"), deps.clock);
  const message = `telnet over TLS uses a self-signed certificate (${paths.certPath}); set --telnet-tls-cert and --telnet-tls-key for a real one`;
  if (paths.generated) deps.log.warn(message);
  return readPemPair(paths);
}

function listen(name: string, start: () => TelnetServer): TelnetServer {
  try {
    return start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be used (${code ?? String(error)})`;
    throw new HoloError("unavailable", `${name} ${reason}`, { cause: error });
  }
}

/**
 * Starts telnet, telnet over TLS and the web listener; any failure closes the ones already started.
 * Known limitation: the web listener serves only a page for now; its WebSocket connections must take their
 * place from the same `admission` when they arrive.
 */
export async function startGatewayListeners(
  config: GatewayConfig,
  deps: GatewayListenersDeps,
): Promise<GatewayListeners> {
  const stack = new AsyncDisposableStack();
  try {
    const startedAt = deps.clock.now();
    const tls = await tlsMaterial(config, deps);
    const timers = systemTimers();
    const newId = ulidSource(deps.clock.now);
    let ports = { telnet: config.telnetAddr.port, tls: config.telnetTlsAddr.port };
    const mssp = msspTable({
      name: config.gameName,
      codebase: `HoloMUSH ${buildInfo().version}`,
      get port() {
        return ports.telnet;
      },
      get tlsPort() {
        return ports.tls;
      },
      startedAt,
      players: () => deps.play.stats().playing,
    });
    // Invariant: one counter for every listener, so the per-IP and global caps hold across telnet, TLS and web.
    const admission =
      deps.admission ??
      createConnectionAdmission({ maxPerIp: config.maxConnectionsPerIp, maxTotal: config.maxConnections });
    const serverDeps = {
      clock: deps.clock,
      timers,
      logger: deps.log,
      newId,
      mssp,
      onConnection: deps.play.onConnection,
      admission,
    };
    const limits = { loginTimeoutMs: config.loginTimeoutMs };
    const telnet = stack.use(
      listen(`--telnet-addr ${formatAddress(config.telnetAddr)}`, () =>
        startTelnetServer(
          telnetServerConfig({
            hostname: config.telnetAddr.host,
            port: config.telnetAddr.port,
            limits,
          }),
          serverDeps,
        ),
      ),
    );
    const secure = stack.use(
      listen(`--telnet-tls-addr ${formatAddress(config.telnetTlsAddr)}`, () =>
        startTelnetServer(
          telnetServerConfig({
            hostname: config.telnetTlsAddr.host,
            port: config.telnetTlsAddr.port,
            limits,
            tls,
          }),
          serverDeps,
        ),
      ),
    );
    ports = { telnet: telnet.address.port, tls: secure.address.port };
    const web = stack.use(
      startWebServer(config.webAddr, {
        gameName: config.gameName,
        telnetPort: ports.telnet,
        tlsPort: ports.tls,
      }),
    );
    const moved = stack.move();
    const address = (a: { hostname: string; port: number }) =>
      formatAddress({ host: a.hostname, port: a.port });
    return {
      addresses: () => ({
        telnet: address(telnet.address),
        telnetTls: address(secure.address),
        web: web.address,
      }),
      connections: () => telnet.connections + secure.connections,
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}
