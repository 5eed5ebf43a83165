import { renderMarkup } from "#gateway/render/render-markup.ts";
import { wrapText } from "#gateway/render/wrap.ts";
import type { Logger } from "#shared/log/logger.ts";
import { playerText } from "#shared/markup/markup.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { CompressionSlots } from "./compression-slots.ts";
import {
  type ConnectionInput,
  type ConnectionInputDeps,
  createConnectionInput,
  type InputItem,
} from "./connection-input.ts";
import type { CloseReason, ConnectionHandler, MarkupOptions, TelnetConnection } from "./connection-types.ts";
import { looksLikeHttp } from "./http-sniff.ts";
import {
  createLoginGuard,
  type GuardVerdict,
  type LoginGuard,
  type LoginGuardLimits,
} from "./login-guard.ts";
import type { MsspValue } from "./option-codecs.ts";
import { createOutputCompressor, type OutputCompressor } from "./output-compressor.ts";
import { createSendQueue, type SendQueue } from "./send-queue.ts";
import type { TelnetCapabilities } from "./telnet-capabilities.ts";
import { Cmd } from "./telnet-constants.ts";
import { concatBytes, encodeCommand, encodeLine, encodeText } from "./telnet-encoder.ts";
import {
  createTelnetSession,
  type ProtocolEvent,
  type TelnetSession,
  type TelnetSessionDeps,
} from "./telnet-session.ts";
import { createTokenBucket, type TokenBucket } from "./token-bucket.ts";
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
  const connection = new Connection(deps);
  connection.open();
  return connection;
}

/** Replaced by the real handler right after the connection exists; a close during onConnection lands here. */
const openingHandler: ConnectionHandler = { onLine: () => {}, onClose: () => {} };

// A class, not closures: every connection holds one for its life, so its methods are shared. The one object is
// the runtime, the TelnetConnection handed to the layer above, and the deps of its session and input.
class Connection implements ConnectionRuntime, TelnetConnection, TelnetSessionDeps, ConnectionInputDeps {
  readonly #deps: ConnectionDeps;
  readonly id: string;
  readonly remoteAddress: string;
  readonly secure: boolean;
  #closed = false;
  #authenticated = false;
  #paused = false;
  // Reading stops while the input bucket is in debt or input waits for the layer above.
  #throttled = false;
  #sawFirstLine = false;
  #lastInput: number;
  #lastOutput: number;
  #cancelResume: (() => void) | undefined;
  readonly #guard: LoginGuard;
  readonly #bucket: TokenBucket;
  // Invariant: the queue holds uncompressed bytes, so its soft and hard caps and `backlogged` count what the
  // player has yet to read. A flush may drop queued text only before it enters the zlib stream (compressed bytes
  // cannot be dropped without corrupting it), and the sink holds at most its in-flight bound besides.
  // Slots for started streams, oldest first: a stream ending gives back the oldest, closing gives back all.
  #slots: (() => void)[] | undefined;
  // Made when compression first starts: most connections never compress, and until a stream starts the sink
  // only hands bytes to the socket, so a plain connection writes to the socket itself and holds no sink.
  #sink: OutputCompressor | undefined;
  readonly #queue: SendQueue;
  // Invariant: backlogged from half the soft cap, drained again at a quarter, so a reader near the line does
  // not flap in and out of the fan-out.
  #drainedListeners: Set<() => void> | undefined;
  #backlogged = false;
  #handler: ConnectionHandler = openingHandler;
  readonly #session: TelnetSession;
  readonly #input: ConnectionInput;

  constructor(deps: ConnectionDeps) {
    const { limits, clock } = deps;
    this.#deps = deps;
    this.id = deps.id;
    this.remoteAddress = deps.remoteAddress;
    this.secure = deps.secure;
    this.#lastInput = clock.now();
    this.#lastOutput = clock.now();
    this.#guard = createLoginGuard(limits, clock.now());
    this.#bucket = createTokenBucket(
      { capacity: limits.inputBurstBytes, perSecond: limits.inputBytesPerSecond },
      clock,
    );
    this.#queue = createSendQueue(
      (bytes) => (this.#sink ? this.#sink.write(bytes) : deps.socket.write(bytes)),
      {
        softCap: limits.outputSoftCap,
        hardCap: limits.outputHardCap,
        flushNotice,
        ...(deps.atTurnEnd ? { atTurnEnd: deps.atTurnEnd } : {}),
      },
    );
    this.#session = createTelnetSession(this);
    this.#input = createConnectionInput(this);
  }

  /** Sends the opening offers and hands the connection to the layer above. */
  open(): void {
    this.#session.start();
    const made = this.#deps.handler(this);
    if (this.#closed) void made.onClose("server");
    else this.#handler = made;
  }

  // ConnectionRuntime

  get conn(): TelnetConnection {
    return this;
  }

  get queuedBytes(): number {
    return this.#queue.queuedBytes;
  }

  get bufferedInputBytes(): number {
    return this.#input.bufferedBytes;
  }

  get paused(): boolean {
    return this.#paused;
  }

  data(bytes: Uint8Array): void {
    if (this.#closed) return;
    this.#lastInput = this.#deps.clock.now();
    const withinRate = this.#bucket.spend(bytes.length);
    // Backpressure: stop reading until the bucket refills; the kernel's buffers then push back on the client.
    if (!withinRate && !this.#throttled) {
      this.#throttled = true;
      this.#resumeLater();
    }
    this.#input.receive(bytes);
    this.#updatePause();
  }

  drain(): void {
    this.#sink?.drain();
    this.#queue.drain();
    this.#checkDrained();
  }

  ended(reason: CloseReason): void {
    this.#finish(reason);
  }

  sweep(): void {
    if (this.#closed) return;
    const { limits } = this.#deps;
    const now = this.#deps.clock.now();
    const lateLogin = this.#authenticated ? undefined : this.#guard.expired(now);
    if (lateLogin !== undefined) {
      this.#finish("limit", lateLogin);
    } else if (!this.#authenticated && now - this.#lastInput >= limits.idleTimeoutMs) {
      this.#finish("idle", "You were idle too long. Goodbye.");
    } else if (this.#authenticated && now - this.#lastOutput >= limits.keepaliveMs) {
      this.#put(encodeCommand(Cmd.NOP), "control");
    }
  }

  // TelnetConnection

  get capabilities(): TelnetCapabilities {
    return this.#session.capabilities;
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get backlogged(): boolean {
    return this.#backlogged;
  }

  onDrained(listener: () => void): () => void {
    this.#drainedListeners ??= new Set();
    const listeners = this.#drainedListeners;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  send(text: string): void {
    this.#put(encodeLine(text), "text");
  }

  sendMarkup(markup: string, options: MarkupOptions): void {
    const caps = this.#session.capabilities;
    const source = options.trusted ? markup : playerText(markup, { newlines: true });
    this.send(wrapText(renderMarkup(source, caps.colorDepth), caps.width));
  }

  prompt(text: string): void {
    this.#put(concatBytes([encodeText(text), this.#session.promptEnd()]), "text");
  }

  setPasswordMode(on: boolean): void {
    this.#session.setPasswordMode(on);
  }

  sendGmcp(pkg: string, data?: unknown): boolean {
    return !this.#closed && this.#session.sendGmcp(pkg, data);
  }

  setAuthenticated(on: boolean): void {
    this.#authenticated = on;
    this.#guard.setAuthenticated(on, this.#deps.clock.now());
  }

  close(message?: string): void {
    this.#finish("server", message);
  }

  // TelnetSessionDeps

  get maxLine(): number {
    return this.#deps.limits.maxLine;
  }

  get maxSubnegotiation(): number {
    return this.#deps.limits.maxSubnegotiation;
  }

  write(bytes: Uint8Array): void {
    this.#put(bytes, "control");
  }

  line(text: string): void {
    this.#input.push({ kind: "line", text });
  }

  lineTooLong(limit: number): void {
    this.#input.push({ kind: "tooLong", limit });
  }

  resize(width: number, height: number): void {
    this.#handler.onResize?.(width, height);
  }

  gmcp(pkg: string, data: unknown): void {
    this.#handler.onGmcp?.(pkg, data);
  }

  mssp(): Readonly<Record<string, MsspValue>> {
    return this.#deps.mssp();
  }

  now(): number {
    return this.#deps.clock.now();
  }

  admit(event: ProtocolEvent, option: number): boolean {
    return !this.#closed && this.#obey(this.#guard.protocol(event, option));
  }

  compress(on: boolean): void {
    this.#queue.mark(on ? () => this.#compressor().start() : () => this.#sink?.stop());
  }

  mayCompress(): boolean {
    const { compression } = this.#deps;
    if (!compression) return true;
    const release = compression.acquire();
    if (release) {
      this.#slots ??= [];
      this.#slots.push(release);
    }
    return release !== undefined;
  }

  // ConnectionInputDeps

  get timers(): Timers {
    return this.#deps.timers;
  }

  get bytesPerTurn(): number {
    return this.#deps.limits.inputBytesPerTurn;
  }

  parse(bytes: Uint8Array): void {
    this.#session.receive(bytes);
  }

  deliver(item: InputItem): void | PromiseLike<void> {
    if (this.#closed) return;
    if (item.kind === "tooLong")
      return this.send(`Line too long (the limit is ${item.limit} bytes); it was ignored.`);
    if (!this.#sawFirstLine) {
      this.#sawFirstLine = true;
      // Invariant: an HTTP request never reaches the login flow.
      if (looksLikeHttp(item.text)) return this.#finish("http");
    }
    if (!this.#obey(this.#guard.line())) return;
    return this.#handler.onLine(item.text);
  }

  waiting(): void {
    this.#updatePause();
  }

  failed(error: unknown): void {
    this.#deps.logger.error("connection line handler failed", error, { id: this.id });
  }

  // Past an unauthenticated limit the connection closes with the guard's goodbye line.
  #obey(verdict: GuardVerdict): boolean {
    if (verdict === "act") return true;
    if (verdict !== "ignore") this.#finish("limit", verdict.close);
    return false;
  }

  #compressor(): OutputCompressor {
    this.#sink ??= createOutputCompressor({
      write: (bytes) => this.#deps.socket.write(bytes),
      ready: () => {
        this.#queue.drain();
        this.#checkDrained();
      },
      failed: (error) => {
        this.#deps.logger.error("output compression failed", error, { id: this.id });
        this.#finish("server");
      },
      streamEnded: () => this.#slots?.shift()?.(),
    });
    return this.#sink;
  }

  #checkDrained(): void {
    if (!this.#backlogged || this.#queue.queuedBytes > this.#deps.limits.outputSoftCap / 4) return;
    this.#backlogged = false;
    if (this.#drainedListeners) for (const listener of [...this.#drainedListeners]) listener();
  }

  #put(bytes: Uint8Array, kind: "text" | "control"): void {
    if (this.#closed) return;
    this.#lastOutput = this.#deps.clock.now();
    if (this.#queue.enqueue(bytes, kind) === "overflow") this.#finish("overflow");
    else if (this.#queue.queuedBytes > this.#deps.limits.outputSoftCap / 2) this.#backlogged = true;
  }

  #updatePause(): void {
    const want = !this.#closed && (this.#throttled || this.#input.waiting);
    if (want === this.#paused) return;
    this.#paused = want;
    if (want) this.#deps.socket.pause();
    else this.#deps.socket.resume();
  }

  #finish(reason: CloseReason, message?: string): void {
    if (this.#closed) return;
    if (message !== undefined) this.send(message);
    this.#closed = true;
    this.#cancelResume?.();
    this.#input.close();
    this.#queue.drain();
    // A zlib stream is finished first, so the client reads the goodbye line and a clean end of stream.
    const end = (): void => {
      if (this.#slots) for (const release of this.#slots.splice(0)) release();
      this.#deps.socket.end();
    };
    if (this.#sink) this.#sink.close(end);
    else end();
    try {
      void this.#handler.onClose(reason);
    } catch (error) {
      this.#deps.logger.error("connection close handler failed", error, { id: this.id });
    }
    this.#deps.released();
  }

  #resumeLater(): void {
    this.#cancelResume = this.#deps.timers.after(Math.max(1, this.#bucket.msUntilPositive()), () => {
      this.#cancelResume = undefined;
      if (this.#closed) return;
      if (this.#bucket.msUntilPositive() > 0) return this.#resumeLater();
      this.#throttled = false;
      this.#updatePause();
    });
  }
}
