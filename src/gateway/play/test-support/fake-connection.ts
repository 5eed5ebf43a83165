import { renderMarkup } from "#gateway/render/render-markup.ts";
import { wrapText } from "#gateway/render/wrap.ts";
import type { ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { initialCapabilities, snapshotCapabilities } from "#gateway/telnet/telnet-capabilities.ts";
import { playerText } from "#shared/markup/markup.ts";

/** A TelnetConnection that records what the play layer sends, rendered as plain text. */
export interface FakeConnection extends TelnetConnection {
  /** Every line sent, in order; a prompt appears as `» <text>`. */
  readonly transcript: string[];
  readonly passwordModes: boolean[];
  readonly gmcp: { readonly pkg: string; readonly data: unknown }[];
  /** Lines sent after the first `n` of the transcript. */
  since(n: number): string[];
  /** Connects the handler that close() and hangUp() report to, as the telnet server does. */
  bind(handler: ConnectionHandler): void;
  /** The client drops the connection. */
  hangUp(): void;
  /** The client stops reading (true) or has read everything sent (false: drained listeners run). */
  setBacklogged(on: boolean): void;
}

/** Creates a fake connection `width` columns wide with plain-text output. */
export function createFakeConnection(
  options: { width?: number; remoteAddress?: string } = {},
): FakeConnection {
  const transcript: string[] = [];
  const passwordModes: boolean[] = [];
  const gmcp: { pkg: string; data: unknown }[] = [];
  const state = { ...initialCapabilities(), width: options.width ?? 80, gmcp: true, ttypeAnswered: true };
  let closed = false;
  let authenticated = false;
  let handler: ConnectionHandler | undefined;
  let backlogged = false;
  const drained = new Set<() => void>();
  const conn: FakeConnection = {
    id: "fake",
    remoteAddress: options.remoteAddress ?? "127.0.0.1:50000",
    secure: false,
    get capabilities() {
      return snapshotCapabilities(state);
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
      drained.add(listener);
      return () => drained.delete(listener);
    },
    setBacklogged(on) {
      const was = backlogged;
      backlogged = on;
      if (was && !on) for (const listener of [...drained]) listener();
    },
    send(text) {
      if (!closed) transcript.push(...text.split("\n"));
    },
    sendMarkup(markup, { trusted }) {
      const source = trusted ? markup : playerText(markup, { newlines: true });
      conn.send(wrapText(renderMarkup(source, "none"), state.width));
    },
    prompt(text) {
      if (!closed) transcript.push(`» ${text}`);
    },
    setPasswordMode: (on) => void passwordModes.push(on),
    sendGmcp(pkg, data) {
      gmcp.push({ pkg, data });
      return true;
    },
    setAuthenticated(on) {
      authenticated = on;
    },
    close(message) {
      if (closed) return;
      if (message !== undefined) conn.send(message);
      closed = true;
      handler?.onClose("server");
    },
    bind(h) {
      handler = h;
    },
    hangUp() {
      if (closed) return;
      closed = true;
      handler?.onClose("client");
    },
    transcript,
    passwordModes,
    gmcp,
    since: (n) => transcript.slice(n),
  };
  return conn;
}

/** Waits (yielding to the event loop, never sleeping) until `condition` holds; throws naming `what` if it never does. */
export async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
