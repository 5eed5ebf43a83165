import type { Socket } from "bun";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { ConnectionHandler, TelnetConnection } from "./connection-types.ts";
import type { MsspValue } from "./option-codecs.ts";
import { type ConnectionRuntime, createConnection } from "./telnet-connection.ts";
import { encodeText } from "./telnet-encoder.ts";
import type { TelnetServerConfig } from "./telnet-server-config.ts";

/** What the server needs from its composition root. */
export interface TelnetServerDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly newId: () => string;
  /** The MSSP table, asked for on each DO MSSP (see msspTable). */
  readonly mssp: () => Readonly<Record<string, MsspValue>>;
  /** Called for each accepted connection; returns the handler for its lines and close. */
  readonly onConnection: (conn: TelnetConnection) => ConnectionHandler;
}

/** A listening telnet (or telnet-over-TLS) server. */
export interface TelnetServer extends AsyncDisposable {
  readonly address: { readonly hostname: string; readonly port: number };
  /** Open connections. */
  readonly connections: number;
  /** Runs the idle/keepalive checks now (they also run every `sweepMs`). */
  sweep(): void;
  /** For status and tests: the server side of each connection, by id. */
  runtime(id: string): ConnectionRuntime | undefined;
  /** Stops listening and closes every connection with reason "shutdown". */
  close(): Promise<void>;
}

interface SocketData {
  runtime: ConnectionRuntime | undefined;
}

const tooMany = encodeText("Too many connections from your address.\n");

/** Starts listening. TCP_NODELAY is set on every socket (NOTES.md "Telnet sockets"). */
export function startTelnetServer(config: TelnetServerConfig, deps: TelnetServerDeps): TelnetServer {
  const live = new Map<string, ConnectionRuntime>();
  const perIp = new Map<string, number>();
  const log = deps.logger.withTag("telnet");
  let stopping = false;

  const open = (socket: Socket<SocketData>): void => {
    socket.setNoDelay(true);
    const ip = socket.remoteAddress;
    const count = perIp.get(ip) ?? 0;
    if (stopping || count >= config.maxConnectionsPerIp) {
      socket.end(tooMany);
      return;
    }
    perIp.set(ip, count + 1);
    const id = deps.newId();
    let released = false;
    socket.data = { runtime: undefined };
    const runtime = createConnection({
      id,
      remoteAddress: ip,
      secure: config.tls !== undefined,
      socket: {
        write: (bytes) => socket.write(bytes),
        end: () => socket.end(),
        pause: () => socket.pause(),
        resume: () => socket.resume(),
      },
      limits: config.limits,
      clock: deps.clock,
      timers: deps.timers,
      logger: log,
      mssp: deps.mssp,
      handler: deps.onConnection,
      released: () => {
        if (released) return;
        released = true;
        live.delete(id);
        const n = (perIp.get(ip) ?? 1) - 1;
        if (n > 0) perIp.set(ip, n);
        else perIp.delete(ip);
      },
    });
    socket.data.runtime = runtime;
    if (!runtime.conn.closed) live.set(id, runtime);
  };

  const listener = Bun.listen<SocketData>({
    hostname: config.hostname,
    port: config.port,
    ...(config.tls ? { tls: { cert: config.tls.cert, key: config.tls.key } } : {}),
    data: { runtime: undefined },
    socket: {
      binaryType: "uint8array",
      open,
      data: (socket, bytes) => socket.data.runtime?.data(bytes),
      drain: (socket) => socket.data.runtime?.drain(),
      close: (socket) => socket.data.runtime?.ended("client"),
      error: (socket, error) => {
        log.debug("socket error", error);
        socket.data.runtime?.ended("error");
      },
    },
  });

  const sweep = (): void => {
    for (const r of [...live.values()]) r.sweep();
  };
  const cancelSweep = deps.timers.every(config.sweepMs, sweep);

  const close = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    cancelSweep();
    listener.stop(false);
    for (const r of [...live.values()]) r.ended("shutdown");
    listener.stop(true);
  };

  return {
    address: { hostname: listener.hostname, port: listener.port },
    get connections() {
      return live.size;
    },
    sweep,
    runtime: (id) => live.get(id),
    close,
    [Symbol.asyncDispose]: close,
  };
}
