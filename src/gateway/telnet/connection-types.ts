import type { StructuredClient } from "#gateway/structured-client.ts";
import type { SceneRequest } from "#shared/scenes/scene-view.ts";
import type { TelnetCapabilities } from "./telnet-capabilities.ts";

/** Why a connection ended. */
export type CloseReason =
  | "client" // the client hung up
  | "server" // close() was called
  | "idle" // unauthenticated and quiet too long
  | "limit" // unauthenticated past a limit: the login deadline, negotiation or lines before login
  | "http" // the first line was an HTTP request
  | "overflow" // output backed up past the hard cap
  | "error" // a socket error
  | "shutdown"; // the server is stopping

/** What the layer above (login flow, game session) gives the server for each connection. */
export interface ConnectionHandler {
  /**
   * One typed line. Returning a promise holds the connection's later input until it settles: the lines
   * wait, unread from the socket, and are handed on in order afterwards. Nothing typed is dropped.
   */
  onLine(line: string): void | PromiseLike<void>;
  /**
   * A numbered command from a client that numbers its own (the web client): run once, in order, with `seq`
   * as its sequence number; refused with `structured.busy` when too many wait, never held.
   */
  onCommand?(seq: number, line: string): void;
  /**
   * A structured client showed the events up to `position`. Such a client's cursor moves only by these, not when
   * an event is written to its socket: a tab closed with events still unread in its socket gets them again.
   */
  onShown?(position: number): void;
  /**
   * A structured client asks for its scenes or a scene's log; answered later through `structured`, never
   * holding the connection's input.
   */
  onScenes?(request: SceneRequest): void;
  onResize?(width: number, height: number): void;
  onGmcp?(pkg: string, data: unknown): void;
  /** Settles once the connection has left its session (the core was told), when it was playing. */
  onClose(reason: CloseReason): void | Promise<void>;
}

/** Options for sendMarkup. */
export interface MarkupOptions {
  /** False for text that came from players or plugins: it is sanitised and shown without any markup effect. */
  readonly trusted: boolean;
}

/**
 * One client, as the play layer sees it: a telnet connection, or a web connection speaking the same contract
 * (src/gateway/web/web-connection.ts).
 */
export interface TelnetConnection {
  readonly id: string;
  readonly remoteAddress: string;
  readonly secure: boolean;
  /** What negotiation has told us; the same object until a negotiation changes it. */
  readonly capabilities: TelnetCapabilities;
  readonly authenticated: boolean;
  readonly closed: boolean;
  /** True while more than half the output soft cap waits unsent: the client reads slower than output comes. */
  readonly backlogged: boolean;
  /** Calls `listener` each time a backlogged connection's output drains; returns a function that removes it. */
  onDrained(listener: () => void): () => void;
  /** Sends already-rendered text followed by a line break; LF becomes CR LF and IAC is doubled. */
  send(text: string): void;
  /** Renders markup for this client's colour depth, wraps it at its width, and sends it as `send` does. */
  sendMarkup(markup: string, options: MarkupOptions): void;
  /** Sends text with no line break, then IAC EOR (or IAC GA when EOR was refused). */
  prompt(text: string): void;
  /** While on, the server says WILL ECHO so the client does not echo what is typed. */
  setPasswordMode(on: boolean): void;
  /** Sends `Package.Message json`; false when the client has not enabled GMCP. */
  sendGmcp(pkg: string, data?: unknown): boolean;
  /** Authenticated connections are never dropped for idleness and get IAC NOP keepalives instead. */
  setAuthenticated(on: boolean): void;
  /** Sends `message` (when given) as a line, then closes. */
  close(message?: string): void;
  /** Present on a client that takes events, state and command answers structured (the web client). */
  readonly structured?: StructuredClient;
}
