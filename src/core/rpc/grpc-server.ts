import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from "node:http2";
import type { AddressInfo } from "node:net";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { formatAddress, parseListenAddress } from "#shared/config/listen-address.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { TlsMaterial } from "#shared/tls/tls-material.ts";
import { errorInterceptor } from "./error-interceptor.ts";
import { wireInterceptor } from "./wire-interceptor.ts";

/** Collaborators of the core's gRPC server. */
export interface GrpcServerDeps {
  /** Where to listen, `host:port`; port 0 picks a free port (tests). */
  readonly addr: string;
  /** The root CA, the core certificate and its key. */
  readonly certs: TlsMaterial;
  /** Registers the services, e.g. coreServiceRoutes(createCoreService(…)). */
  readonly routes: (router: ConnectRouter) => void;
  readonly log: Logger;
  /** How long close() lets open calls finish before cutting them; 2 s by default. */
  readonly drainMs?: number;
}

/** A running gRPC server. Dispose of it (or call close) to stop it. */
export interface GrpcServer extends AsyncDisposable {
  /** The address actually bound, `host:port`. */
  readonly address: string;
  readonly port: number;
  /** Stops accepting, lets open calls drain up to drainMs, then closes every connection. */
  close(): Promise<void>;
}

/** Cancelled streams an authenticated gateway may send at once, and per second after that. */
export const gatewayStreamResets = { burst: 1_000_000, perSecond: 100_000 } as const;

/** Starts Connect-gRPC over HTTP/2 with mTLS: TLS 1.3 only, client certificate required and chained to the CA. */
export async function startGrpcServer(deps: GrpcServerDeps): Promise<GrpcServer> {
  const { host, port } = parseListenAddress(deps.addr, "grpc-addr");
  const log = deps.log.withTag("grpc");
  const handler = connectNodeAdapter({
    routes: deps.routes,
    grpc: true,
    grpcWeb: false,
    connect: false,
    // The error interceptor is outermost, so a refused revision reaches the gateway as failed_precondition.
    interceptors: [errorInterceptor(log), wireInterceptor()],
  });
  const server = createSecureServer(
    {
      key: deps.certs.key,
      cert: deps.certs.cert,
      ca: deps.certs.ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.3",
      allowHTTP1: false,
      // The rapid-reset guard (a burst of 1,000 cancelled streams, then 33 a second) is for strangers; here
      // the only peers are gateways holding this game's certificate. A gateway whose thousand players hang
      // up at once cancels their calls in one burst, and with the default the core tore down the whole link,
      // so every other player's feed broke with it.
      streamResetBurst: gatewayStreamResets.burst,
      streamResetRate: gatewayStreamResets.perSecond,
    },
    handler,
  );
  const sessions = new Set<ServerHttp2Session>();
  server.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  server.on("tlsClientError", (error: Error) => log.debug(`refused a TLS client: ${describeError(error)}`));
  await listen(server, host, port);
  const bound = server.address() as AddressInfo;
  const address = formatAddress({ host: bound.address, port: bound.port });
  log.info(`serving gRPC with mTLS on ${address}`);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutdown(server, sessions, deps.drainMs ?? 2000).then(() =>
      log.info(`stopped gRPC on ${address}`),
    );
    return closing;
  };
  return { address, port: bound.port, close, [Symbol.asyncDispose]: close };
}

function listen(server: Http2SecureServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = formatAddress({ host, port });
      const message =
        error.code === "EADDRINUSE"
          ? `cannot serve gRPC: ${where} is already in use`
          : `cannot serve gRPC on ${where}: ${describeError(error)}`;
      reject(new HoloError("unavailable", message, { cause: error }));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

async function shutdown(
  server: Http2SecureServer,
  sessions: Set<ServerHttp2Session>,
  drainMs: number,
): Promise<void> {
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const session of sessions) session.close();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), drainMs);
  });
  // A Feed never drains by itself: core/main.ts ends every feed before this, and a connection still open after
  // drainMs is cut.
  if ((await Promise.race([stopped, deadline])) === "late") {
    for (const session of sessions) session.destroy();
    await stopped;
  }
  clearTimeout(timer);
}
