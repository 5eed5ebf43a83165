import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
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
import { createStreamOutput, type StreamEnd } from "./stream-output.ts";
import { createWatchLoop, type SessionRef } from "./watch-loop.ts";

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
  const { conn, link, connectionId } = deps;
  const log = deps.log.withTag("play");
  const ref = { sessionId: deps.session.sessionId, resumeToken: deps.session.resumeToken };
  const stop = new AbortController();
  // Invariant: a structured client's cursor moves by what it says it showed, never past what was written to it.
  const structured = conn.structured !== undefined;
  let shownCursor = 0;
  const output = createStreamOutput(
    conn,
    { characterId: deps.session.characterId },
    {
      ended(end) {
        // Invariant: the core already detached this connection; no Disconnect, no resume.
        if (stop.signal.aborted) return;
        stop.abort();
        // What was received since the last command still moves the old session's cursor.
        void deps.acks.flush(connectionId);
        deps.acks.forget(connectionId);
        deps.ended(end);
      },
      delivered: (position) => {
        if (!structured) deps.acks.received(connectionId, ref.sessionId, position);
      },
      log,
      arriving: deps.session.resumed === false,
    },
  );

  const stream = createWatchLoop({
    feed: deps.feed,
    link,
    connectionId,
    ref,
    output,
    conn,
    timers: deps.timers,
    log,
    signal: stop.signal,
    live: deps.live,
    ...(deps.resumed === undefined ? {} : { resumed: deps.resumed }),
    commandsSettled: deps.commandsSettled,
    failed: (error, failures) => {
      log.debug(`watch of connection ${connectionId} failed: ${fromConnectError(error).message}`);
      deps.notices.restarting();
      return failures > 1
        ? abortableDelay(deps.timers, backoffDelay(failures - 2, streamBackoff, deps.random), stop.signal)
        : Promise.resolve();
    },
    connected: () => deps.notices.reconnected(),
    lost: () => {
      conn.send("[Your session has ended. Please log in again.]");
      stop.abort();
      deps.ended({ kind: "lost" });
    },
  });

  void stream.run();

  return {
    broken: (reason) => stream.broken(reason),
    refused: (reason) => stream.refused(reason),
    deliveredPosition: () => deps.acks.take(connectionId),
    stop() {
      if (stop.signal.aborted) return;
      stop.abort(new HoloError("unavailable", "the connection left the session"));
      deps.acks.forget(connectionId);
    },
    shown(position) {
      const at = Math.min(position, output.cursor);
      if (!structured || stop.signal.aborted || at <= shownCursor) return;
      shownCursor = at;
      deps.acks.received(connectionId, ref.sessionId, at);
    },
    async close(reason) {
      if (stop.signal.aborted) return;
      stop.abort(new HoloError("unavailable", "the connection closed"));
      deps.acks.forget(connectionId);
      const received = structured ? shownCursor : output.cursor;
      const last = received > 0 ? { lastPosition: BigInt(received) } : {};
      await deps.disconnects.send({ sessionId: ref.sessionId, connectionId, reason, ...last });
    },
    get sessionId() {
      return ref.sessionId;
    },
    get cursor() {
      return output.cursor;
    },
    get live() {
      return output.live && !stop.signal.aborted;
    },
  };
}
