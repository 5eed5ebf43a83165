import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { DisconnectReason } from "#gen/holomush/core/v1/core_pb.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { CommandTarget } from "./command-sender.ts";
import type { OutageNotices } from "./outage-notices.ts";
import type { PlayLink } from "./play-link.ts";
import { createStreamOutput, type StreamEnd } from "./stream-output.ts";
import { abortableDelay, createSubscribeLoop, type SessionRef } from "./subscribe-loop.ts";

/** The character a connection plays, as SelectCharacter or ResumeSession returned it. */
export interface SessionInfo extends SessionRef {
  readonly characterId: string;
  readonly characterName: string;
}

/** Collaborators of one connection's game session. */
export interface GameSessionDeps {
  readonly conn: TelnetConnection;
  readonly link: PlayLink;
  /** The gateway's id for this socket (a ULID), sent with every call. */
  readonly connectionId: string;
  readonly session: SessionInfo;
  readonly notices: OutageNotices;
  readonly log: Logger;
  readonly timers: Timers;
  readonly random: () => number;
  /** The stream is live (its replay is over): the connection's queued commands may go. */
  readonly live: () => void;
  /** Resolves once no command of the connection awaits its answer (subscribe-loop.ts). */
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
 * One connection playing a character: output from Subscribe in, surviving core restarts. Commands go
 * through the connection's CommandSender, which targets this session while it is played.
 */
export interface GameSession extends CommandTarget {
  /** Stops the stream and detaches the connection from the session (which lives on in the core). */
  close(reason: DisconnectReason): Promise<void>;
  /** Stops the stream only: the core has already detached the connection (quit). */
  stop(): void;
  readonly cursor: number;
}

/** Retries of a stream that fails while the link looks healthy back off from 250 ms to 10 s. */
const streamBackoff: BackoffConfig = { baseMs: 250, multiplier: 2, jitter: 0.2, maxMs: 10_000 };

/** Starts the game session: opens Subscribe at once and keeps it open until close. */
export function createGameSession(deps: GameSessionDeps): GameSession {
  const { conn, link, connectionId } = deps;
  const log = deps.log.withTag("play");
  const ref = { sessionId: deps.session.sessionId, resumeToken: deps.session.resumeToken };
  const stop = new AbortController();
  const output = createStreamOutput(
    conn,
    { characterId: deps.session.characterId },
    (end) => {
      // Invariant: the core already detached this connection; no Disconnect, no resume.
      if (stop.signal.aborted) return;
      stop.abort();
      deps.ended(end);
    },
    log,
  );

  const stream = createSubscribeLoop({
    link,
    connectionId,
    ref,
    output,
    log,
    signal: stop.signal,
    live: deps.live,
    commandsSettled: deps.commandsSettled,
    failed: (error, failures) => {
      log.warn(`output stream of connection ${connectionId} failed: ${fromConnectError(error).message}`);
      deps.notices.restarting();
      link.reportFailure(error);
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
    stop() {
      if (!stop.signal.aborted) stop.abort(new HoloError("unavailable", "the connection left the session"));
    },
    async close(reason) {
      if (stop.signal.aborted) return;
      stop.abort(new HoloError("unavailable", "the connection closed"));
      if (link.state().kind !== "ready") return;
      try {
        await link.client.disconnect({ sessionId: ref.sessionId, connectionId, reason }, { timeoutMs: 5000 });
      } catch (error) {
        log.debug(`disconnect of ${connectionId} failed: ${fromConnectError(error).message}`);
      }
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
