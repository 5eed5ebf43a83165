import type { Timers } from "#shared/util/timers.ts";
import type { Backoff } from "./backoff.ts";
import type { CredentialStore } from "./credentials.ts";
import { type ClientFrame, parseServerFrame, type ServerFrame } from "./protocol.ts";

/** What the connection line shows. */
export type LinkStatus = "connecting" | "connected" | "reconnecting" | "restarting" | "offline";

/** The part of a WebSocket the link uses. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** What a socket reports. */
export interface SocketEvents {
  open(): void;
  message(data: string): void;
  close(code: number, reason: string): void;
}

/** Opens a socket to the gateway's `/ws`, reporting to `events`. */
export type OpenSocket = (events: SocketEvents) => SocketLike;

/** The gateway's restart notices (src/gateway/play/outage-notices.ts sends these exact lines). */
export const restartingNotice = "[The game is restarting…]";
const reconnectedNotice = "[Reconnected.]";

/** What the link needs. */
export interface GameLinkDeps {
  readonly openSocket: OpenSocket;
  readonly timers: Timers;
  readonly backoff: Backoff;
  readonly credentials: CredentialStore;
  readonly onFrame: (frame: ServerFrame) => void;
  readonly onStatus: (status: LinkStatus) => void;
  /** A line for the player about the link itself (a close reason, an unreadable frame). */
  readonly onNotice: (text: string) => void;
  /** Told when a socket closes, before any reconnect. */
  readonly onClosed: () => void;
  readonly width?: () => number | undefined;
  readonly pingMs?: number;
}

/** One logical connection to the game that reconnects by itself and resumes the session. */
export interface GameLink {
  start(): void;
  /** Writes a frame; false when no socket is open (nothing is written). */
  send(frame: ClientFrame): boolean;
  /** The browser went online or offline. */
  setOnline(online: boolean): void;
  readonly status: LinkStatus;
}

/** Creates the link. Only frames of the newest socket count: a late event of an old one is ignored. */
export function createGameLink(deps: GameLinkDeps): GameLink {
  let status: LinkStatus = "connecting";
  let socket: SocketLike | undefined;
  let open = false;
  let generation = 0;
  let online = true;
  let restarting = false;
  let cancelRetry: (() => void) | undefined;
  let cancelPing: (() => void) | undefined;
  let awaitingPong = false;

  const setStatus = (next: LinkStatus) => {
    if (next === status) return;
    status = next;
    deps.onStatus(next);
  };
  const write = (frame: ClientFrame): boolean => {
    if (!socket || !open) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };
  const closed = (code: number, reason: string) => {
    socket = undefined;
    open = false;
    generation++;
    cancelPing?.();
    deps.onClosed();
    if (reason && code !== 1000 && code !== 1001) deps.onNotice(`Connection closed: ${reason}`);
    if (!online) return setStatus("offline");
    if (code === 1001 || code === 1012) restarting = true;
    setStatus(restarting ? "restarting" : "reconnecting");
    cancelRetry = deps.timers.after(deps.backoff.next(), connect);
  };
  const received = (data: string) => {
    const frame = parseServerFrame(data);
    if (!frame) return deps.onNotice("The game sent something this page cannot read; it was skipped.");
    if (frame.type === "pong") awaitingPong = false;
    if (frame.type === "welcome") {
      restarting = false;
      deps.backoff.reset();
      setStatus("connected");
    }
    if (frame.type === "session") deps.credentials.save(frame);
    if (frame.type === "text" && frame.text === restartingNotice) {
      restarting = true;
      setStatus("restarting");
    }
    if (frame.type === "text" && frame.text === reconnectedNotice) {
      restarting = false;
      setStatus("connected");
    }
    deps.onFrame(frame);
  };
  const keepAlive = (mine: number) => {
    awaitingPong = false;
    cancelPing = deps.timers.every(deps.pingMs ?? 25_000, () => {
      if (mine !== generation) return;
      // A socket whose peer vanished may never report close; two silent intervals count as a close.
      if (awaitingPong) {
        socket?.close(4000, "no answer to ping");
        return closed(1006, "");
      }
      awaitingPong = write({ type: "ping" });
    });
  };
  function connect() {
    cancelRetry = undefined;
    if (!online) return setStatus("offline");
    const mine = ++generation;
    if (status !== "restarting") setStatus(status === "connecting" ? "connecting" : "reconnecting");
    socket = deps.openSocket({
      open() {
        if (mine !== generation) return;
        open = true;
        const resume = deps.credentials.load();
        const width = deps.width?.();
        write({ type: "hello", ...(resume ? { resume } : {}), ...(width ? { width } : {}) });
        keepAlive(mine);
      },
      message: (data) => mine === generation && received(data),
      close: (code, reason) => mine === generation && closed(code, reason),
    });
  }

  return {
    start: connect,
    send: write,
    setOnline(next) {
      if (next === online) return;
      online = next;
      if (!next) {
        cancelRetry?.();
        const s = socket;
        closed(1006, "");
        s?.close(1000, "offline");
        return;
      }
      cancelRetry?.();
      deps.backoff.reset();
      setStatus("reconnecting");
      connect();
    },
    get status() {
      return status;
    },
  };
}
