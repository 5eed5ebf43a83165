import { join } from "node:path";
import {
  type AddressRefusal,
  type ConnectionAdmission,
  createConnectionAdmission,
} from "#gateway/connection-admission.ts";
import type { PlayService } from "#gateway/play/play-service.ts";
import { createCompressionSlots, defaultMaxCompressing } from "#gateway/telnet/compression-slots.ts";
import { msspTable } from "#gateway/telnet/mssp.ts";
import { ensureSelfSignedCertificate, readPemPair } from "#gateway/telnet/self-signed-cert.ts";
import { startTelnetServer, type TelnetServer } from "#gateway/telnet/telnet-server.ts";
import { telnetServerConfig } from "#gateway/telnet/telnet-server-config.ts";
import type { TurnEnd } from "#gateway/telnet/turn-end.ts";
import { parseTrustedProxies } from "#gateway/web/client-address.ts";
import { directoryWebAssets, embeddedWebAssets, type WebAssets } from "#gateway/web/web-assets.ts";
import { defaultWebConnectionLimits } from "#gateway/web/web-connection.ts";
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
  /** The site bans, checked as each connection opens (before any cap); none when absent. */
  readonly banned?: AddressRefusal;
  /** The built web client; by default the files embedded in the binary, else dist/web/ of the source tree. */
  readonly webAssets?: WebAssets;
  /** The telnet listeners' end-of-turn writes, shared with the play service; one per listener when absent. */
  readonly turnEnd?: TurnEnd;
}

/** The largest frame a browser may send: far above a typed line, far below anything that costs memory. */
const maxWebFrameBytes = 64 * 1024;

/** The web client in the compiled binary when it was built in, else the one built into dist/web/. */
async function defaultWebAssets(): Promise<WebAssets> {
  const embedded = embeddedWebAssets(Bun.embeddedFiles);
  if (await embedded.available()) return embedded;
  return directoryWebAssets(join(import.meta.dir, "..", "..", "dist", "web"));
}

async function webTls(config: GatewayConfig): Promise<{ cert: string; key: string } | undefined> {
  if (!config.webTlsCert || !config.webTlsKey) return undefined;
  return readPemPair({ certPath: config.webTlsCert, keyPath: config.webTlsKey });
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

/** Starts telnet, telnet over TLS and the web listener, all under one admission; any failure closes the ones already started. */
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
      createConnectionAdmission(
        { maxPerIp: config.maxConnectionsPerIp, maxTotal: config.maxConnections },
        deps.banned,
      );
    const serverDeps = {
      clock: deps.clock,
      timers,
      logger: deps.log,
      newId,
      mssp,
      onConnection: deps.play.onConnection,
      admission,
      compression: createCompressionSlots(defaultMaxCompressing),
      ...(deps.turnEnd === undefined ? {} : { turnEnd: deps.turnEnd }),
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
    const trustedProxies = parseTrustedProxies(config.webTrustedProxies);
    const web = stack.use(
      startWebServer(
        {
          addr: config.webAddr,
          ...(await webTls(config).then((tls) => (tls ? { tls } : {}))),
          allowedOrigins: config.webAllowedOrigins,
          trustedProxies,
          limits: { ...defaultWebConnectionLimits, loginTimeoutMs: config.loginTimeoutMs },
          maxFrameBytes: maxWebFrameBytes,
        },
        {
          info: {
            gameName: config.gameName,
            version: buildInfo().version,
            telnetPort: ports.telnet,
            tlsPort: ports.tls,
          },
          assets: deps.webAssets ?? (await defaultWebAssets()),
          play: deps.play,
          admission,
          clock: deps.clock,
          timers,
          newId,
          log: deps.log,
        },
      ),
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
      connections: () => telnet.connections + secure.connections + web.connections,
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (error) {
    await stack.disposeAsync();
    throw error;
  }
}
