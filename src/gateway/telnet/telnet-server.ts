import type { Socket } from "bun";
import type { ConnectionAdmission } from "#gateway/connection-admission.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { Timers } from "#shared/util/timers.ts";
import { type CompressionSlots, createCompressionSlots, defaultMaxCompressing } from "./compression-slots.ts";
import type { ConnectionHandler, TelnetConnection } from "./connection-types.ts";
import type { MsspValue } from "./option-codecs.ts";
import {
  type ConnectionDeps,
  type ConnectionLimits,
  type ConnectionRuntime,
  createConnection,
} from "./telnet-connection.ts";
import { encodeText } from "./telnet-encoder.ts";
import type { TelnetServerConfig } from "./telnet-server-config.ts";
import { type AtTurnEnd, createTurnEnd, type TurnEnd, turnEndFailed } from "./turn-end.ts";

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
  /** The per-address and global connection caps, shared with the gateway's other listeners. */
  readonly admission: ConnectionAdmission;
  /** The bound on MCCP2 streams open at once, shared with the other telnet listener; one per server without it. */
  readonly compression?: CompressionSlots;
  /** Holds each connection's output to the end of the turn; shared with the play service, one per server without it. */
  readonly turnEnd?: TurnEnd;
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

/** A socket's own data is its connection itself, once made: no holder object per connection. */
type SocketData = ConnectionRuntime | undefined;

const stoppingLine = encodeText("The server is shutting down.\n");

/** Starts listening. TCP_NODELAY is set on every socket, since small writes to a busy client otherwise stall 20–40 ms behind delayed ACKs; caps come from deps.admission. */
export function startTelnetServer(config: TelnetServerConfig, deps: TelnetServerDeps): TelnetServer {
  const live = new Map<string, ConnectionRuntime>();
  const log = deps.logger.withTag("telnet");
  let stopping = false;
  const compression = deps.compression ?? createCompressionSlots(defaultMaxCompressing);
  // Every connection's output of a turn goes out in one socket write per connection.
  const { atTurnEnd } = deps.turnEnd ?? createTurnEnd(turnEndFailed(log));
  const server: ServerParts = { config, deps, log, compression, atTurnEnd, live };

  const open = (socket: Socket<SocketData>): void => {
    socket.setNoDelay(true);
    const ip = socket.remoteAddress;
    if (stopping) return void socket.end(stoppingLine);
    const admission = deps.admission.admit(ip);
    // Invariant: a refused socket never gets a session, so it costs no negotiation or login work.
    if (!admission.admitted) return void socket.end(encodeText(`${admission.message}\n`));
    socket.data = undefined;
    const runtime = createConnection(new ServerConnectionDeps(server, deps.newId(), ip, socket, admission));
    socket.data = runtime;
    if (!runtime.conn.closed) live.set(runtime.conn.id, runtime);
  };

  const listener = Bun.listen<SocketData>({
    hostname: config.hostname,
    port: config.port,
    ...(config.tls ? { tls: { cert: config.tls.cert, key: config.tls.key } } : {}),
    data: undefined,
    socket: {
      binaryType: "uint8array",
      open,
      data: (socket, bytes) => socket.data?.data(bytes),
      drain: (socket) => socket.data?.drain(),
      close: (socket) => socket.data?.ended("client"),
      error: (socket, error) => {
        log.debug("socket error", error);
        socket.data?.ended("error");
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

/** What every connection of one server shares. */
interface ServerParts {
  readonly config: TelnetServerConfig;
  readonly deps: TelnetServerDeps;
  readonly log: Logger;
  readonly compression: CompressionSlots;
  readonly atTurnEnd: AtTurnEnd;
  /** The open connections, by id. */
  readonly live: Map<string, ConnectionRuntime>;
}

// A class, not an object literal and a closure: every connection holds its deps for its life, so the server's
// shared parts are read through and `released` is a shared method.
class ServerConnectionDeps implements ConnectionDeps {
  readonly #server: ServerParts;
  readonly id: string;
  readonly remoteAddress: string;
  // Bun's socket itself: its methods are shared, where a wrapper would cost four closures per connection.
  readonly socket: Socket<SocketData>;
  readonly #admission: { release(): void };
  #released = false;

  constructor(
    server: ServerParts,
    id: string,
    remoteAddress: string,
    socket: Socket<SocketData>,
    admission: { release(): void },
  ) {
    this.#server = server;
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.socket = socket;
    this.#admission = admission;
  }

  get secure(): boolean {
    return this.#server.config.tls !== undefined;
  }

  get limits(): ConnectionLimits {
    return this.#server.config.limits;
  }

  get clock(): Clock {
    return this.#server.deps.clock;
  }

  get timers(): Timers {
    return this.#server.deps.timers;
  }

  get logger(): Logger {
    return this.#server.log;
  }

  get mssp(): () => Readonly<Record<string, MsspValue>> {
    return this.#server.deps.mssp;
  }

  get handler(): (conn: TelnetConnection) => ConnectionHandler {
    return this.#server.deps.onConnection;
  }

  get compression(): CompressionSlots {
    return this.#server.compression;
  }

  get atTurnEnd(): AtTurnEnd {
    return this.#server.atTurnEnd;
  }

  released(): void {
    if (this.#released) return;
    this.#released = true;
    this.#server.live.delete(this.id);
    this.#admission.release();
  }
}
