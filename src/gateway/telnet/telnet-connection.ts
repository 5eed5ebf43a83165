import { renderMarkup } from "#gateway/render/render-markup.ts";
import { wrapText } from "#gateway/render/wrap.ts";
import type { Logger } from "#shared/log/logger.ts";
import { playerText } from "#shared/markup/markup.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { CompressionSlots } from "./compression-slots.ts";
import { createConnectionInput, type InputItem } from "./connection-input.ts";
import type { CloseReason, ConnectionHandler, TelnetConnection } from "./connection-types.ts";
import { looksLikeHttp } from "./http-sniff.ts";
import { createLoginGuard, type GuardVerdict, type LoginGuardLimits } from "./login-guard.ts";
import type { MsspValue } from "./option-codecs.ts";
import { createOutputCompressor, type OutputCompressor } from "./output-compressor.ts";
import { createSendQueue, type SendQueue } from "./send-queue.ts";
import { Cmd } from "./telnet-constants.ts";
import { concatBytes, encodeCommand, encodeLine, encodeText } from "./telnet-encoder.ts";
import { createTelnetSession } from "./telnet-session.ts";
import { createTokenBucket } from "./token-bucket.ts";
import type { AtTurnEnd } from "./turn-end.ts";

/** The parts of a socket a connection uses; Bun's TCP and TLS sockets both fit. */
export interface ConnectionSocket {
  write(bytes: Uint8Array): number;
  end(): void;
  pause(): void;
  resume(): void;
}

/** Per-connection limits (defaults in telnet-server-config.ts). */
export interface ConnectionLimits extends LoginGuardLimits {
  readonly maxLine: number;
  readonly maxSubnegotiation: number;
  readonly inputBytesPerSecond: number;
  readonly inputBurstBytes: number;
  readonly outputSoftCap: number;
  readonly outputHardCap: number;
  readonly idleTimeoutMs: number;
  readonly keepaliveMs: number;
  /** Most input bytes of this connection parsed per event-loop turn (connection-input.ts). */
  readonly inputBytesPerTurn: number;
}

/** What a connection needs. */
export interface ConnectionDeps {
  readonly id: string;
  readonly remoteAddress: string;
  readonly secure: boolean;
  readonly socket: ConnectionSocket;
  readonly limits: ConnectionLimits;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly mssp: () => Readonly<Record<string, MsspValue>>;
  readonly handler: (conn: TelnetConnection) => ConnectionHandler;
  /** Bounds the MCCP2 streams open at once, across connections; without it every connection may compress. */
  readonly compression?: CompressionSlots;
  /** Called once, after the handler's onClose. */
  readonly released: () => void;
  /** When given, the output of one turn is written to the socket in one write (send-queue.ts). */
  readonly atTurnEnd?: AtTurnEnd;
}

/** The server's side of a connection: socket events in, the TelnetConnection out. */
export interface ConnectionRuntime {
  readonly conn: TelnetConnection;
  data(bytes: Uint8Array): void;
  drain(): void;
  /** The socket is gone; `reason` says why. */
  ended(reason: CloseReason): void;
  /** Periodic check: login deadline and idle timeout for guests, NOP keepalive for players. */
  sweep(): void;
  /** For tests and status: bytes waiting to be sent. */
  readonly queuedBytes: number;
  /** For tests and status: input bytes read but not parsed yet (the socket is paused meanwhile). */
  readonly bufferedInputBytes: number;
  readonly paused: boolean;
}

const flushNotice = encodeText("*** Output flushed ***\n");

/** Wires a socket to a telnet session, limits and the handler from the layer above. */
export function createConnection(deps: ConnectionDeps): ConnectionRuntime {
  const { socket, limits, clock } = deps;
  let closed = false;
  let authenticated = false;
  let paused = false;
  // Reading stops while the input bucket is in debt or input waits for the layer above.
  let throttled = false;
  let sawFirstLine = false;
  let lastInput = clock.now();
  let lastOutput = clock.now();
  let cancelResume: (() => void) | undefined;
  const guard = createLoginGuard(limits, clock.now());
  // Past an unauthenticated limit the connection closes with the guard's goodbye line.
  const obey = (verdict: GuardVerdict): boolean => {
    if (verdict === "act") return true;
    if (verdict !== "ignore") finish("limit", verdict.close);
    return false;
  };
  const bucket = createTokenBucket(
    { capacity: limits.inputBurstBytes, perSecond: limits.inputBytesPerSecond },
    clock,
  );
  // Invariant: the queue holds uncompressed bytes, so its soft and hard caps and `backlogged` count what the
  // player has yet to read. A flush may drop queued text only before it enters the zlib stream (compressed bytes
  // cannot be dropped without corrupting it), and the sink holds at most its in-flight bound besides.
  // Slots for started streams, oldest first: a stream ending gives back the oldest, closing gives back all.
  const slots: (() => void)[] = [];
  const mayCompress = (): boolean => {
    if (!deps.compression) return true;
    const release = deps.compression.acquire();
    if (release) slots.push(release);
    return release !== undefined;
  };
  // Made when compression first starts: most connections never compress, and until a stream starts the sink
  // only hands bytes to the socket, so a plain connection writes to the socket itself and holds no sink.
  let sink: OutputCompressor | undefined;
  const compressor = (): OutputCompressor =>
    (sink ??= createOutputCompressor({
      write: (bytes) => socket.write(bytes),
      ready: () => {
        queue.drain();
        checkDrained();
      },
      failed: (error) => {
        deps.logger.error("output compression failed", error, { id: deps.id });
        finish("server");
      },
      streamEnded: () => slots.shift()?.(),
    }));
  const queue: SendQueue = createSendQueue((bytes) => (sink ? sink.write(bytes) : socket.write(bytes)), {
    softCap: limits.outputSoftCap,
    hardCap: limits.outputHardCap,
    flushNotice,
    ...(deps.atTurnEnd ? { atTurnEnd: deps.atTurnEnd } : {}),
  });
  // Invariant: backlogged from half the soft cap, drained again at a quarter, so a reader near the line does
  // not flap in and out of the fan-out.
  const drainedListeners = new Set<() => void>();
  let backlogged = false;
  const checkDrained = (): void => {
    if (!backlogged || queue.queuedBytes > limits.outputSoftCap / 4) return;
    backlogged = false;
    for (const listener of [...drainedListeners]) listener();
  };
  const put = (bytes: Uint8Array, kind: "text" | "control"): void => {
    if (closed) return;
    lastOutput = clock.now();
    if (queue.enqueue(bytes, kind) === "overflow") finish("overflow");
    else if (queue.queuedBytes > limits.outputSoftCap / 2) backlogged = true;
  };

  // Replaced by the real handler right after `conn` exists; a close during onConnection lands here.
  let handler: ConnectionHandler = { onLine: () => {}, onClose: () => {} };
  const session = createTelnetSession({
    write: (bytes) => put(bytes, "control"),
    line: (text) => input.push({ kind: "line", text }),
    lineTooLong: (limit) => input.push({ kind: "tooLong", limit }),
    resize: (w, h) => handler.onResize?.(w, h),
    gmcp: (pkg, data) => handler.onGmcp?.(pkg, data),
    mssp: deps.mssp,
    now: () => clock.now(),
    admit: (event, option) => !closed && obey(guard.protocol(event, option)),
    maxLine: limits.maxLine,
    maxSubnegotiation: limits.maxSubnegotiation,
    compress: (on) => queue.mark(on ? () => compressor().start() : () => sink?.stop()),
    mayCompress,
  });

  const deliver = (item: InputItem): void | PromiseLike<void> => {
    if (closed) return;
    if (item.kind === "tooLong")
      return conn.send(`Line too long (the limit is ${item.limit} bytes); it was ignored.`);
    if (!sawFirstLine) {
      sawFirstLine = true;
      // Invariant: an HTTP request never reaches the login flow.
      if (looksLikeHttp(item.text)) return finish("http");
    }
    if (!obey(guard.line())) return;
    return handler.onLine(item.text);
  };
  const input = createConnectionInput({
    parse: (bytes) => session.receive(bytes),
    deliver,
    waiting: () => updatePause(),
    timers: deps.timers,
    bytesPerTurn: limits.inputBytesPerTurn,
    failed: (error) => deps.logger.error("connection line handler failed", error, { id: deps.id }),
  });
  const updatePause = (): void => {
    const want = !closed && (throttled || input.waiting);
    if (want === paused) return;
    paused = want;
    if (want) socket.pause();
    else socket.resume();
  };

  const finish = (reason: CloseReason, message?: string): void => {
    if (closed) return;
    if (message !== undefined) conn.send(message);
    closed = true;
    cancelResume?.();
    input.close();
    queue.drain();
    // A zlib stream is finished first, so the client reads the goodbye line and a clean end of stream.
    const end = (): void => {
      for (const release of slots.splice(0)) release();
      socket.end();
    };
    if (sink) sink.close(end);
    else end();
    try {
      void handler.onClose(reason);
    } catch (error) {
      deps.logger.error("connection close handler failed", error, { id: deps.id });
    }
    deps.released();
  };

  const conn: TelnetConnection = {
    id: deps.id,
    remoteAddress: deps.remoteAddress,
    secure: deps.secure,
    get capabilities() {
      return session.capabilities;
    },
    get authenticated() {
      return authenticated;
    },
    get closed() {
      return closed;
    },
    get backlogged() {
      return backlogged;
    },
    onDrained(listener) {
      drainedListeners.add(listener);
      return () => drainedListeners.delete(listener);
    },
    send: (text) => put(encodeLine(text), "text"),
    sendMarkup(markup, options) {
      const caps = session.capabilities;
      const source = options.trusted ? markup : playerText(markup, { newlines: true });
      conn.send(wrapText(renderMarkup(source, caps.colorDepth), caps.width));
    },
    prompt: (text) => put(concatBytes([encodeText(text), session.promptEnd()]), "text"),
    setPasswordMode: (on) => session.setPasswordMode(on),
    sendGmcp: (pkg, data) => !closed && session.sendGmcp(pkg, data),
    setAuthenticated(on) {
      authenticated = on;
      guard.setAuthenticated(on, clock.now());
    },
    close: (message) => finish("server", message),
  };
  session.start();
  const made = deps.handler(conn);
  if (closed) void made.onClose("server");
  else handler = made;

  const resumeLater = (): void => {
    cancelResume = deps.timers.after(Math.max(1, bucket.msUntilPositive()), () => {
      cancelResume = undefined;
      if (closed) return;
      if (bucket.msUntilPositive() > 0) return resumeLater();
      throttled = false;
      updatePause();
    });
  };

  return {
    conn,
    data(bytes) {
      if (closed) return;
      lastInput = clock.now();
      const withinRate = bucket.spend(bytes.length);
      // Backpressure: stop reading until the bucket refills; the kernel's buffers then push back on the client.
      if (!withinRate && !throttled) {
        throttled = true;
        resumeLater();
      }
      input.receive(bytes);
      updatePause();
    },
    drain() {
      sink?.drain();
      queue.drain();
      checkDrained();
    },
    ended: (reason) => finish(reason),
    sweep() {
      if (closed) return;
      const now = clock.now();
      const lateLogin = authenticated ? undefined : guard.expired(now);
      if (lateLogin !== undefined) {
        finish("limit", lateLogin);
      } else if (!authenticated && now - lastInput >= limits.idleTimeoutMs) {
        finish("idle", "You were idle too long. Goodbye.");
      } else if (authenticated && now - lastOutput >= limits.keepaliveMs) {
        put(encodeCommand(Cmd.NOP), "control");
      }
    },
    get queuedBytes() {
      return queue.queuedBytes;
    },
    get bufferedInputBytes() {
      return input.bufferedBytes;
    },
    get paused() {
      return paused;
    },
  };
}
