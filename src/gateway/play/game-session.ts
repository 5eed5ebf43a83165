import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
import type { Viewer } from "#gateway/events/event-view.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { DisconnectReason } from "#gen/holomush/core/v1/core_pb.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Timers } from "#shared/util/timers.ts";
import { abortableDelay } from "./abortable-delay.ts";
import type { AckBatcher } from "./ack-batcher.ts";
import type { CommandTarget } from "./command-sender.ts";
import type { CoreFeed } from "./core-feed.ts";
import type { DisconnectSender } from "./disconnect-sender.ts";
import type { OutageNotices } from "./outage-notices.ts";
import type { PlayLink } from "./play-link.ts";
import {
  createStreamOutput,
  type StreamEnd,
  type StreamOutput,
  type StreamOutputHooks,
} from "./stream-output.ts";
import { createWatchLoop, type SessionRef, type WatchLoop, type WatchLoopDeps } from "./watch-loop.ts";

/** The character a connection plays, as SelectCharacter or ResumeSession returned it. */
export interface SessionInfo extends SessionRef {
  readonly characterId: string;
  readonly characterName: string;
  /** False for a new session, whose first replay is its arrival rather than missed events. */
  readonly resumed?: boolean;
}

/** Collaborators of one connection's game session. */
export interface GameSessionDeps {
  readonly conn: TelnetConnection;
  readonly link: PlayLink;
  /** The gateway's one feed, on which this connection is watched. */
  readonly feed: CoreFeed;
  /** Reports what this connection received. */
  readonly acks: AckBatcher;
  /** Detaches this connection at the core once it closes. */
  readonly disconnects: DisconnectSender;
  /** The gateway's id for this socket (a ULID), sent with every call. */
  readonly connectionId: string;
  readonly session: SessionInfo;
  readonly notices: OutageNotices;
  readonly log: Logger;
  readonly timers: Timers;
  readonly random: () => number;
  /** The stream is live (its replay is over): the connection's queued commands may go. */
  readonly live: () => void;
  /** The session was resumed with its token, which the core then replaced (`ref` holds the new one). */
  readonly resumed?: (ref: SessionRef) => void;
  /** Resolves once no command of the connection awaits its answer (watch-loop.ts). */
  readonly commandsSettled: () => Promise<void>;
  /**
   * This connection's play has ended: the session is gone for good, an admin booted it (close the socket
   * with the text), or it now plays another character (enter that session).
   */
  readonly ended: (end: GameEnd) => void;
}

/** Why a game session ended. */
export type GameEnd = { readonly kind: "lost" } | StreamEnd;

/**
 * One connection playing a character: output from the gateway's feed in, surviving core restarts. Commands go
 * through the connection's CommandSender, which targets this session while it is played.
 */
export interface GameSession extends CommandTarget {
  /** Stops the stream and detaches the connection from the session (which lives on in the core). */
  close(reason: DisconnectReason): Promise<void>;
  /** Stops the stream only: the core has already detached the connection (quit). */
  stop(): void;
  /** A structured client showed the events up to `position` (ConnectionHandler.onShown). */
  shown(position: number): void;
  readonly cursor: number;
}

/** Retries of a stream that fails while the link looks healthy back off from 250 ms to 10 s. */
const streamBackoff: BackoffConfig = { baseMs: 250, multiplier: 2, jitter: 0.2, maxMs: 10_000 };

/** Starts the game session: watches the connection on the feed at once and keeps it watched until close. */
export function createGameSession(deps: GameSessionDeps): GameSession {
  const game = new Game(deps);
  game.start();
  return game;
}

// A class, not closures: every playing connection holds one for its life, so its methods are shared. It is also
// its output's hooks (ended, delivered), its viewer and its watch's session ref, which saves an object of
// closures, a viewer and a ref per connection.
class Game implements GameSession, StreamOutputHooks, Viewer, SessionRef {
  readonly #deps: GameSessionDeps;
  readonly log: Logger;
  readonly arriving: boolean;
  readonly characterId: string;
  // Both change when the watch loop resumes the session with the token.
  sessionId: string;
  resumeToken: string;
  readonly #stop = new AbortController();
  // Invariant: a structured client's cursor moves by what it says it showed, never past what was written to it.
  readonly #structured: boolean;
  #shownCursor = 0;
  readonly #output: StreamOutput;
  #stream: WatchLoop | undefined;

  constructor(deps: GameSessionDeps) {
    this.#deps = deps;
    this.log = deps.log.withTag("play");
    this.arriving = deps.session.resumed === false;
    this.sessionId = deps.session.sessionId;
    this.resumeToken = deps.session.resumeToken;
    this.#structured = deps.conn.structured !== undefined;
    this.characterId = deps.session.characterId;
    this.#output = createStreamOutput(deps.conn, this, this);
  }

  /** Starts watching. */
  start(): void {
    this.#stream = createWatchLoop(new GameWatch(this.#deps, this.#stop, this, this.#output, this.log));
    void this.#stream.run();
  }

  get cursor(): number {
    return this.#output.cursor;
  }

  get live(): boolean {
    return this.#output.live && !this.#stop.signal.aborted;
  }

  // StreamOutputHooks

  ended(end: StreamEnd): void {
    // Invariant: the core already detached this connection; no Disconnect, no resume.
    if (this.#stop.signal.aborted) return;
    this.#stop.abort();
    const { acks, connectionId } = this.#deps;
    // What was received since the last command still moves the old session's cursor.
    void acks.flush(connectionId);
    acks.forget(connectionId);
    this.#deps.ended(end);
  }

  delivered(position: number): void {
    if (!this.#structured) this.#deps.acks.received(this.#deps.connectionId, this.sessionId, position);
  }

  // GameSession

  broken(reason: unknown): void {
    this.#stream?.broken(reason);
  }

  refused(reason: unknown): void {
    this.#stream?.refused(reason);
  }

  deliveredPosition(): number | undefined {
    return this.#deps.acks.take(this.#deps.connectionId);
  }

  stop(): void {
    if (this.#stop.signal.aborted) return;
    this.#stop.abort(new HoloError("unavailable", "the connection left the session"));
    this.#deps.acks.forget(this.#deps.connectionId);
  }

  shown(position: number): void {
    const at = Math.min(position, this.#output.cursor);
    if (!this.#structured || this.#stop.signal.aborted || at <= this.#shownCursor) return;
    this.#shownCursor = at;
    this.#deps.acks.received(this.#deps.connectionId, this.sessionId, at);
  }

  async close(reason: DisconnectReason): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const { acks, connectionId, disconnects } = this.#deps;
    this.#stop.abort(new HoloError("unavailable", "the connection closed"));
    acks.forget(connectionId);
    const received = this.#structured ? this.#shownCursor : this.#output.cursor;
    const last = received > 0 ? { lastPosition: BigInt(received) } : {};
    await disconnects.send({ sessionId: this.sessionId, connectionId, reason, ...last });
  }
}

// A class, not an object of closures: every playing connection's watch loop holds its deps for its life, so
// its hooks are shared methods.
class GameWatch implements WatchLoopDeps {
  readonly #deps: GameSessionDeps;
  readonly #stop: AbortController;
  readonly ref: SessionRef;
  readonly output: StreamOutput;
  readonly log: Logger;

  constructor(
    deps: GameSessionDeps,
    stop: AbortController,
    ref: SessionRef,
    output: StreamOutput,
    log: Logger,
  ) {
    this.#deps = deps;
    this.#stop = stop;
    this.ref = ref;
    this.output = output;
    this.log = log;
  }

  get feed(): CoreFeed {
    return this.#deps.feed;
  }

  get link(): PlayLink {
    return this.#deps.link;
  }

  get connectionId(): string {
    return this.#deps.connectionId;
  }

  get conn(): TelnetConnection {
    return this.#deps.conn;
  }

  get timers(): Timers {
    return this.#deps.timers;
  }

  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  live(): void {
    this.#deps.live();
  }

  resumed(ref: SessionRef): void {
    this.#deps.resumed?.(ref);
  }

  commandsSettled(): Promise<void> {
    return this.#deps.commandsSettled();
  }

  failed(error: unknown, failures: number): Promise<void> {
    const deps = this.#deps;
    this.log.debug(`watch of connection ${deps.connectionId} failed: ${fromConnectError(error).message}`);
    deps.notices.restarting();
    return failures > 1
      ? abortableDelay(deps.timers, backoffDelay(failures - 2, streamBackoff, deps.random), this.#stop.signal)
      : Promise.resolve();
  }

  connected(): void {
    this.#deps.notices.reconnected();
  }

  lost(): void {
    this.#deps.conn.send("[Your session has ended. Please log in again.]");
    this.#stop.abort();
    this.#deps.ended({ kind: "lost" });
  }
}
