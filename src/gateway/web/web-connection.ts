import type {
  ClientEvent,
  ClientSession,
  ClientState,
  StructuredClient,
} from "#gateway/structured-client.ts";
import type { CloseReason, ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { initialCapabilities, snapshotCapabilities } from "#gateway/telnet/telnet-capabilities.ts";
import { createTokenBucket, type TokenBucketConfig } from "#gateway/telnet/token-bucket.ts";
import type { Logger } from "#shared/log/logger.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";
import { type ClientFrame, parseClientFrame } from "./client-frame.ts";
import { closeCodes, type WebSocketPort } from "./web-socket-port.ts";

/** A web connection's bounds. */
export interface WebConnectionLimits {
  /** Output queued in the socket past which the connection is closed; past half it is `backlogged`. */
  readonly maxBufferedBytes: number;
  /** Frames per second a client may send, with a burst. */
  readonly frameRate: TokenBucketConfig;
  /** Frames waiting while a login step holds input; past it a frame is refused (busy or error). */
  readonly maxQueuedFrames: number;
  /** From connect to logged in; the socket closes past it. */
  readonly loginTimeoutMs: number;
}

/** Default bounds: 1 MiB of unread output, 20 frames/s with a burst of 100, 200 frames held. */
export const defaultWebConnectionLimits: WebConnectionLimits = {
  maxBufferedBytes: 1024 * 1024,
  frameRate: { capacity: 100, perSecond: 20 },
  maxQueuedFrames: 200,
  loginTimeoutMs: 5 * 60_000,
};

/** How a connection's play begins once its hello arrived (web-session-start.ts). */
export type BeginPlay = (
  hello: Extract<ClientFrame, { type: "hello" }>,
  conn: TelnetConnection,
  /** Called with the connection's client id before the play layer's first output. */
  welcomed: (client: string) => void,
) => Promise<{ readonly handler: ConnectionHandler; readonly client: string }>;

/** What one web connection needs. */
export interface WebConnectionDeps {
  readonly socket: WebSocketPort;
  /** A label for logs (the play layer's connection id is sent in `welcome`). */
  readonly id: string;
  readonly remoteAddress: string;
  readonly secure: boolean;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly log: Logger;
  readonly limits: WebConnectionLimits;
  readonly welcome: { readonly game: string; readonly version: string };
  readonly begin: BeginPlay;
}

/** The server's side of one web connection. */
export interface WebConnection {
  readonly conn: TelnetConnection;
  /** One text frame from the browser. */
  receive(text: string): void;
  /** The socket's queued output went down (Bun's drain). */
  drained(): void;
  /** The socket closed, for whatever reason; the play layer hears of it once. */
  socketClosed(): void;
  /** The gateway stops: the player is told, and the socket closes with 1001. */
  shutdown(): void;
}

const rateText = "You are sending too fast; this was not taken. Please wait a moment.";
const queuedText = "Too much is waiting to be read; this was not taken. Please wait a moment.";
const loginTimeout = "[Login timed out.]";

/**
 * Creates the play layer's view of one WebSocket: the telnet connection contract, mapped to JSON frames
 * (docs/web-protocol.md), plus the structured side. Frames run one at a time in order; while a step holds
 * input (a login call) later frames wait, within bounds, and past a bound each is answered, never dropped.
 */
export function createWebConnection(deps: WebConnectionDeps): WebConnection {
  const { socket, limits } = deps;
  const log = deps.log.withTag("web");
  const bucket = createTokenBucket(limits.frameRate, deps.clock);
  let width = 80;
  let closed = false;
  let closeReason: CloseReason | undefined;
  let authenticated = false;
  let passwordMode = false;
  let pendingPrompt: string | undefined;
  let playing = false;
  let handler: ConnectionHandler | undefined;
  let helloSeen = false;
  let held = false;
  let cancelLogin: CancelTimer | undefined;
  const queue: ClientFrame[] = [];
  const drainedListeners = new Set<() => void>();
  let wasBacklogged = false;

  const isBacklogged = () => socket.getBufferedAmount() > limits.maxBufferedBytes / 2;

  const shut = (code: number, reason: string, why: CloseReason): void => {
    if (closed) return;
    closed = true;
    closeReason = why;
    cancelLogin?.();
    socket.close(code, reason);
  };

  const write = (frame: Record<string, unknown>): void => {
    if (closed) return;
    const sent = socket.send(JSON.stringify(frame));
    // Invariant: output is never dropped silently; a client that does not read is closed with a reason.
    if (sent === 0 || socket.getBufferedAmount() > limits.maxBufferedBytes) {
      log.info(`web connection ${deps.id} closed: its output backed up`);
      shut(closeCodes.policy, "output backlog: the client is not reading", "overflow");
      return;
    }
    if (isBacklogged()) wasBacklogged = true;
  };

  // A prompt waits for the end of the step, so setPasswordMode right after it (as the flow does) marks it.
  const flushPrompt = (): void => {
    if (pendingPrompt === undefined) return;
    const text = pendingPrompt;
    pendingPrompt = undefined;
    write({ type: "prompt", text, password: passwordMode });
  };
  const frame = (value: Record<string, unknown>): void => {
    flushPrompt();
    write(value);
  };

  const startLoginDeadline = (): void => {
    cancelLogin?.();
    cancelLogin = deps.timers.after(limits.loginTimeoutMs, () => {
      if (authenticated || closed) return;
      frame({ type: "text", text: loginTimeout });
      shut(closeCodes.policy, "login timed out", "limit");
    });
  };

  const structured: StructuredClient = {
    state(state: ClientState) {
      playing = state.state === "playing";
      passwordMode = false;
      frame({ type: "state", ...state });
    },
    characters: (names) => frame({ type: "characters", characters: [...names] }),
    session: (session: ClientSession) => frame({ type: "session", ...session }),
    done: (seq) => frame({ type: "done", seq }),
    busy: (seq, text) => frame({ type: "busy", seq, text }),
    event: (event: ClientEvent) => frame({ type: "event", ...event }),
    missed: (count, skipped, presence) => frame({ type: "missed", count, skipped, presence }),
    missedEnd: (position) => frame({ type: "missedEnd", position }),
    scenes: (scenes) => frame({ type: "scenes", scenes }),
    sceneLog: (log) => frame({ type: "sceneLog", ...log }),
    sceneRefused: (text) => frame({ type: "sceneRefused", text }),
  };

  const conn: TelnetConnection = {
    id: deps.id,
    remoteAddress: deps.remoteAddress,
    secure: deps.secure,
    get capabilities() {
      return snapshotCapabilities({ ...initialCapabilities(), width, gmcp: true, ttypeAnswered: true });
    },
    get authenticated() {
      return authenticated;
    },
    get closed() {
      return closed;
    },
    get backlogged() {
      return !closed && isBacklogged();
    },
    onDrained(listener) {
      drainedListeners.add(listener);
      return () => drainedListeners.delete(listener);
    },
    send: (text) => frame({ type: "text", text }),
    sendMarkup(markup, { trusted }) {
      if (trusted) frame({ type: "markup", markup });
      else frame({ type: "text", text: sanitizeText(markup, { newlines: true }) });
    },
    prompt(text) {
      flushPrompt();
      pendingPrompt = text;
      queueMicrotask(flushPrompt);
    },
    setPasswordMode(on) {
      passwordMode = on;
    },
    sendGmcp(pkg, data) {
      frame({ type: "gmcp", package: pkg, data: data ?? null });
      return true;
    },
    setAuthenticated(on) {
      authenticated = on;
      if (on) {
        cancelLogin?.();
        cancelLogin = undefined;
      } else startLoginDeadline();
    },
    close(message) {
      if (closed) return;
      if (message !== undefined) frame({ type: "text", text: message });
      flushPrompt();
      shut(closeCodes.normal, "", "server");
    },
    structured,
  };

  const error = (code: string, message: string): void => frame({ type: "error", code, message });

  /** Refuses a frame that cannot be taken now: a command is answered `busy` (kept by the browser). */
  const refuse = (f: ClientFrame, text: string, code: string): void => {
    if (f.type === "command") structured.busy(f.seq, text);
    else error(code, text);
  };

  const hello = async (f: Extract<ClientFrame, { type: "hello" }>): Promise<void> => {
    if (f.width !== undefined) width = f.width;
    try {
      const begun = await deps.begin(f, conn, (client) =>
        frame({ type: "welcome", ...deps.welcome, client }),
      );
      if (closed) return void begun.handler.onClose(closeReason ?? "client");
      handler = begun.handler;
    } catch (cause) {
      log.error(`web connection ${deps.id} could not start`, cause as Error);
      frame({ type: "text", text: "Something went wrong on our side. Please try again." });
      shut(closeCodes.tryAgainLater, "could not start", "error");
    }
  };

  const dispatch = (f: ClientFrame): void | PromiseLike<void> => {
    switch (f.type) {
      case "hello":
        return hello(f);
      case "line":
        if (playing) return error("playing", "While playing, send commands as `command` frames.");
        return handler?.onLine(f.text);
      case "command":
        if (!handler?.onCommand) return structured.busy(f.seq, "You are not playing a character yet.");
        return handler.onCommand(f.seq, f.text);
      case "ping":
        return frame({ type: "pong" });
      case "shown":
        return handler?.onShown?.(f.position);
      case "scenes":
        if (!handler?.onScenes) return structured.sceneRefused("You are not playing a character yet.");
        return handler.onScenes(f.request);
    }
  };

  const pump = (): void => {
    while (!held && !closed) {
      const next = queue.shift();
      if (next === undefined) return;
      const result = dispatch(next);
      if (result === undefined) continue;
      held = true;
      void Promise.resolve(result).then(
        () => {
          held = false;
          pump();
        },
        (cause: unknown) => {
          held = false;
          log.error(`web connection ${deps.id}: a step failed`, cause as Error);
          pump();
        },
      );
    }
  };

  startLoginDeadline();

  return {
    conn,
    receive(text) {
      if (closed) return;
      const parsed = parseClientFrame(text);
      if (!parsed.ok) return error(parsed.code, parsed.message);
      const f = parsed.frame;
      // A position report costs no input budget (the browser sends a few a second while output flows), and is
      // taken at once: it only moves this connection's cursor, never past what was written to it.
      if (f.type === "shown") return void (helloSeen ? handler?.onShown?.(f.position) : undefined);
      if (!bucket.spend(1)) return refuse(f, rateText, "rate_limited");
      if (f.type === "ping") return frame({ type: "pong" });
      if (f.type === "hello") {
        if (helloSeen) return error("bad_frame", "hello is sent once, first.");
        helloSeen = true;
      } else if (!helloSeen) return refuse(f, "Send hello first.", "hello_first");
      if (queue.length >= limits.maxQueuedFrames) return refuse(f, queuedText, "busy");
      queue.push(f);
      pump();
    },
    drained() {
      if (closed || !wasBacklogged || isBacklogged()) return;
      wasBacklogged = false;
      for (const listener of [...drainedListeners]) listener();
    },
    shutdown() {
      if (closed) return;
      frame({ type: "text", text: "The server is shutting down." });
      shut(closeCodes.goingAway, "the gateway is stopping", "shutdown");
    },
    socketClosed() {
      const was = closeReason;
      if (!closed) {
        closed = true;
        cancelLogin?.();
      }
      closeReason = was ?? "client";
      const h = handler;
      handler = undefined;
      void h?.onClose(closeReason);
    },
  };
}
