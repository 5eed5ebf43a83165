import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { DisconnectReason } from "#gen/holomush/core/v1/core_pb.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Timers } from "#shared/util/timers.ts";
import { createCommandOutbox } from "./command-outbox.ts";
import type { OutageNotices } from "./outage-notices.ts";
import type { PlayLink } from "./play-link.ts";
import { playerErrorText } from "./player-error-text.ts";
import { abortableDelay, createSessionStream, type SessionRef } from "./session-stream.ts";
import { createStreamOutput, type StreamEnd } from "./stream-output.ts";

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
  /** Commands held while the core is away (or busy) before new ones are refused. */
  readonly maxQueuedCommands: number;
  /**
   * This connection's play has ended: the core detached it (quit), the session is gone for good, an admin
   * booted it (close the socket with the text), or it now plays another character (enter that session).
   */
  readonly ended: (end: GameEnd) => void;
}

/** Why a game session ended. */
export type GameEnd = { readonly kind: "detached" } | { readonly kind: "lost" } | StreamEnd;

/** One connection playing a character: output from Subscribe in, commands out, surviving core restarts. */
export interface GameSession {
  /** Sends a typed line to the core, in order; queued while the core is away. */
  command(line: string): void;
  /** Stops the stream and detaches the connection from the session (which lives on in the core). */
  close(reason: DisconnectReason): Promise<void>;
  readonly sessionId: string;
  readonly cursor: number;
  readonly live: boolean;
  readonly queued: number;
}

/** Retries of a stream that fails while the link looks healthy back off from 250 ms to 10 s. */
const streamBackoff: BackoffConfig = { baseMs: 250, multiplier: 2, jitter: 0.2, maxMs: 10_000 };
const retryable = new Set(["unavailable", "deadline_exceeded"]);

/** Starts the game session: opens Subscribe at once and keeps it open until close. */
export function createGameSession(deps: GameSessionDeps): GameSession {
  const { conn, link, connectionId } = deps;
  const log = deps.log.withTag("play");
  const ref = { sessionId: deps.session.sessionId, resumeToken: deps.session.resumeToken };
  const stop = new AbortController();
  const output = createStreamOutput(conn, { characterId: deps.session.characterId }, (end) => {
    // Invariant: the core already detached this connection; no Disconnect, no resume.
    if (stop.signal.aborted) return;
    stop.abort();
    deps.ended(end);
  });
  const outbox = createCommandOutbox(deps.maxQueuedCommands);
  let sending = false;

  const stream = createSessionStream({
    link,
    connectionId,
    ref,
    output,
    log,
    signal: stop.signal,
    live: () => void pump(),
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

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      for (let cmd = outbox.peek(); cmd && output.live && !stop.signal.aborted; cmd = outbox.peek()) {
        try {
          const res = await link.client.handleCommand(
            { sessionId: ref.sessionId, connectionId, sequence: BigInt(cmd.sequence), line: cmd.line },
            { signal: stop.signal },
          );
          outbox.done();
          for (const line of res.output) conn.sendMarkup(line, { trusted: true });
          if (res.detach) {
            stop.abort();
            deps.ended({ kind: "detached" });
            return;
          }
          conn.prompt("");
        } catch (error) {
          if (stop.signal.aborted) return;
          const holo = fromConnectError(error);
          // Kept for resending with the same sequence number once the stream is back (the core dedupes).
          if (retryable.has(holo.code) || holo.code === "unauthenticated") return stream.broken(error);
          outbox.done();
          conn.send(playerErrorText(holo));
        }
      }
    } finally {
      sending = false;
    }
  }

  void stream.run();

  return {
    command(line) {
      if (stop.signal.aborted) return;
      if (outbox.add(line) === undefined) {
        conn.send(
          output.live
            ? "[Too many commands are waiting for the game; that one was not sent.]"
            : "[The game is restarting and too many commands are waiting; that one was not sent. Try again in a moment.]",
        );
        return;
      }
      void pump();
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
      return output.live;
    },
    get queued() {
      return outbox.size;
    },
  };
}
