import type { ServerWebSocket } from "bun";
import type { Admission, ConnectionAdmission } from "#gateway/connection-admission.ts";
import type { PlayService } from "#gateway/play/play-service.ts";
import { formatAddress, type ListenAddress } from "#shared/config/listen-address.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Timers } from "#shared/util/timers.ts";
import { clientAddress, originAllowed, type TrustedProxies } from "./client-address.ts";
import type { WebAssets } from "./web-assets.ts";
import { createWebConnection, type WebConnection, type WebConnectionLimits } from "./web-connection.ts";
import { acceptsGzip, assetResponse, createCompressor, plainResponse } from "./web-responses.ts";
import { createClientIds, createWebSessionStart } from "./web-session-start.ts";
import { closeCodes } from "./web-socket-port.ts";

/** The web listener's settings. */
export interface WebServerConfig {
  readonly addr: ListenAddress;
  /** PEM certificate and key: the listener speaks HTTPS and WSS. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** Origins allowed to open the WebSocket besides the page's own host (`https://play.example.org`). */
  readonly allowedOrigins: readonly string[];
  /** Proxies whose X-Forwarded-For names the client. */
  readonly trustedProxies: TrustedProxies;
  readonly limits: WebConnectionLimits;
  /** The largest frame a client may send; a bigger one closes the socket with 1009. */
  readonly maxFrameBytes: number;
}

/** What the page says, and the welcome frame's fields. */
export interface WebServerInfo {
  readonly gameName: string;
  readonly version: string;
  readonly telnetPort: number;
  readonly tlsPort: number;
}

/** The web listener's collaborators. */
export interface WebServerDeps {
  readonly info: WebServerInfo;
  readonly assets: WebAssets;
  readonly play: Pick<PlayService, "onConnection" | "resume">;
  /** The connection caps shared with the telnet listeners. */
  readonly admission: ConnectionAdmission;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly newId: NewId;
  readonly log: Logger;
}

/** The web listener, as a disposable with its bound address. */
export interface WebServer extends AsyncDisposable {
  readonly address: string;
  readonly port: number;
  /** Open WebSocket connections. */
  readonly connections: number;
}

/** A socket refused before play: told why, then closed with `code`. */
interface Refusal {
  readonly code: number;
  readonly reason: string;
  readonly text?: string;
}

interface SocketData {
  readonly address: string;
  readonly refusal?: Refusal;
  readonly admission?: Extract<Admission, { admitted: true }>;
  connection?: WebConnection;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page shown at `/` when no web client was built. */
function noClientPage(info: WebServerInfo): string {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(info.gameName)}</title>
<h1>${escapeHtml(info.gameName)}</h1>
<p>Connect with a MUD client or telnet to port ${info.telnetPort} (telnet over TLS: port ${info.tlsPort}).</p>
<p>The web client is not available yet.</p>`;
}

/**
 * Serves the built web client with strict security headers, `/healthz`, and the game over a WebSocket at
 * `/ws` (docs/web-protocol.md). Each socket takes its place in the same admission as telnet's before any
 * play work is done for it.
 */
export function startWebServer(config: WebServerConfig, deps: WebServerDeps): WebServer {
  const log = deps.log.withTag("web");
  const live = new Set<WebConnection>();
  const compress = createCompressor();
  const begin = createWebSessionStart({ play: deps.play, ids: createClientIds(), newId: deps.newId });
  let stopping = false;

  const upgrade = (request: Request, server: Bun.Server<SocketData>): Response | undefined => {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return plainResponse(
        "This is the game's WebSocket: open it with a WebSocket client.\n",
        "text/plain",
        426,
      );
    const peer = server.requestIP(request)?.address ?? "";
    const address = clientAddress(peer, request.headers.get("x-forwarded-for"), config.trustedProxies);
    let data: SocketData;
    if (!originAllowed(request.headers.get("origin"), request.headers.get("host"), config.allowedOrigins)) {
      log.info(`web socket from ${address} refused: origin ${request.headers.get("origin")} is not allowed`);
      data = { address, refusal: { code: closeCodes.policy, reason: "origin not allowed" } };
    } else if (stopping) {
      data = { address, refusal: { code: closeCodes.goingAway, reason: "the gateway is stopping" } };
    } else {
      const admission = deps.admission.admit(address);
      data = admission.admitted
        ? { address, admission }
        : {
            address,
            refusal: {
              // A ban is no full house: trying again soon will not help.
              code: admission.cap === "banned" ? closeCodes.policy : closeCodes.tryAgainLater,
              reason: admission.cap,
              text: admission.message,
            },
          };
    }
    if (server.upgrade(request, { data })) return undefined;
    data.admission?.release();
    return plainResponse("WebSocket upgrade failed.\n", "text/plain; charset=utf-8", 400);
  };

  const serveFile = async (request: Request, path: string): Promise<Response> => {
    const head = request.method === "HEAD";
    if (request.method !== "GET" && !head)
      return plainResponse("Method not allowed\n", "text/plain; charset=utf-8", 405);
    const asset = await deps.assets.get(path);
    if (asset)
      return assetResponse(asset, acceptsGzip(request.headers.get("accept-encoding")), compress, head);
    if (path === "/" || path === "/index.html")
      return plainResponse(noClientPage(deps.info), "text/html; charset=utf-8");
    return plainResponse("Not found\n", "text/plain; charset=utf-8", 404);
  };

  let server: Bun.Server<SocketData>;
  try {
    server = Bun.serve<SocketData>({
      hostname: config.addr.host,
      port: config.addr.port,
      ...(config.tls ? { tls: { cert: config.tls.cert, key: config.tls.key } } : {}),
      fetch(request, srv) {
        const path = new URL(request.url).pathname;
        if (path === "/ws") return upgrade(request, srv);
        if (path === "/healthz") return plainResponse("ok\n", "text/plain; charset=utf-8");
        return serveFile(request, path);
      },
      websocket: {
        maxPayloadLength: config.maxFrameBytes,
        // Past our own cap the connection closes with a reason (web-connection.ts); Bun's is only a backstop.
        backpressureLimit: config.limits.maxBufferedBytes * 2,
        closeOnBackpressureLimit: false,
        idleTimeout: 120,
        sendPings: true,
        open(ws) {
          const { refusal } = ws.data;
          if (refusal) {
            if (refusal.text) ws.send(JSON.stringify({ type: "text", text: refusal.text }));
            return ws.close(refusal.code, refusal.reason);
          }
          const connection = createWebConnection({
            socket: ws,
            id: deps.newId(),
            remoteAddress: ws.data.address,
            secure: config.tls !== undefined,
            clock: deps.clock,
            timers: deps.timers,
            log: deps.log,
            limits: config.limits,
            welcome: { game: deps.info.gameName, version: deps.info.version },
            begin,
          });
          ws.data.connection = connection;
          live.add(connection);
        },
        message(ws, message) {
          if (typeof message !== "string")
            return ws.close(closeCodes.unsupported, "binary frames are not taken");
          ws.data.connection?.receive(message);
        },
        drain(ws) {
          ws.data.connection?.drained();
        },
        close(ws: ServerWebSocket<SocketData>) {
          const connection = ws.data.connection;
          if (connection) {
            live.delete(connection);
            connection.socketClosed();
          }
          ws.data.admission?.release();
        },
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "is already in use" : `cannot be used (${code ?? String(error)})`;
    throw new HoloError("unavailable", `--web-addr ${formatAddress(config.addr)} ${reason}`, {
      cause: error,
    });
  }
  const port = server.port ?? config.addr.port;
  return {
    address: formatAddress({ host: config.addr.host, port }),
    port,
    get connections() {
      return live.size;
    },
    [Symbol.asyncDispose]: async () => {
      stopping = true;
      for (const connection of [...live]) connection.shutdown();
      await server.stop(true);
    },
  };
}
