import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import { createCommandOutbox, type OutboxLimits, type PendingCommand } from "./command-outbox.ts";
import type { PlayLink } from "./play-link.ts";
import { playerErrorText } from "./player-error-text.ts";

/** The game session commands go to: its session, whether its stream is live, and a way to reopen it. */
export interface CommandTarget {
  readonly sessionId: string;
  /** True once the stream's replay is over: commands may go. */
  readonly live: boolean;
  /** A command found the core gone: the connection is watched again from its cursor. */
  broken(reason: unknown): void;
  /** The core refused a command as unauthenticated: the connection's output stops at once (watch-loop.ts). */
  refused(reason: unknown): void;
  /**
   * The connection's last received position if the core was not told it yet. Invariant: sent with each
   * command, because `quit` detaches inside the command and the core stores the cursor it knows then.
   */
  deliveredPosition(): number | undefined;
}

/** What one connection's command sender needs. */
export interface CommandSenderDeps {
  readonly conn: Pick<TelnetConnection, "send" | "sendMarkup" | "prompt" | "structured">;
  readonly link: PlayLink;
  readonly connectionId: string;
  readonly limits: OutboxLimits;
  readonly log: Logger;
  /** The core answered a command by detaching this connection (quit): its play is over. */
  readonly detached: () => void;
}

/** Sends one connection's typed lines to the core, in order, each once, across outages and `play` switches. */
export interface CommandSender {
  /** Queues a typed line; a returned promise means the outbox is full and resolves once it took the line. */
  add(line: string): undefined | Promise<void>;
  /**
   * Queues a line numbered by the client (the web client); never holds input. "full": not taken, the client
   * is to send it again later; "waiting": a command with that number already waits, so it is not queued twice.
   */
  offer(line: string, sequence: number): "taken" | "waiting" | "full";
  /** The game session commands go to from now on; undefined holds them (no character is played). */
  setTarget(target: CommandTarget | undefined): void;
  /** The target's stream is live (again): queued commands go. */
  wake(): void;
  /** Drops every queued command (the session is gone); returns how many were not sent. */
  discard(): number;
  /** Resolves once no command is awaiting its answer (at once when none is). */
  idle(): Promise<void>;
  /** Stops for good: the in-flight call is abandoned and nothing more is sent. */
  close(): void;
  readonly queued: number;
}

/** The notice when the outbox fills while the game is away; shown once per outage. */
export const queueFullNotice =
  "[The game is restarting and many commands are waiting. What you type next is kept and will be read once the game is back.]";

const retryable = new Set(["unavailable", "deadline_exceeded"]);
/**
 * Codes a dying core or a broken HTTP/2 stream can also produce (a transport failure is not a reliable code:
 * it may arrive as Internal, Unknown or Aborted). A command that failed so may never have run, so it is resent
 * with its number (the core applies it once) a few times before the player is told it failed: a command
 * that fails the same way each time is a real error, not a lost connection.
 */
const transient = new Set(["internal", "conflict"]);
const transientTries = 3;
const noop = (): void => {};

/**
 * Creates the sender of one connection. Commands go one at a time, each after the previous one's answer,
 * to the target's session. The outbox outlives game sessions, so its sequence numbers never restart and
 * commands typed while a `play` switch is under way go to the new character. When the outbox is full,
 * input is held (the connection stops reading): a fast typist is slowed, never refused.
 */
export function createCommandSender(deps: CommandSenderDeps): CommandSender {
  const { conn, link, connectionId } = deps;
  const outbox = createCommandOutbox(deps.limits);
  const stop = new AbortController();
  let target: CommandTarget | undefined;
  let sending = false;
  let again = false;
  // Set when a command showed the stream is stale; cleared when the stream is live again or replaced.
  let stalled = false;
  let toldFull = false;
  let inFlight: Promise<unknown> | undefined;
  // A line held for room in the outbox; a discard drops it with the rest.
  let heldLine: { discarded: boolean } | undefined;

  /** Sends `command`; true when the loop may go on with the next one. */
  const sendOne = async (command: PendingCommand, to: CommandTarget): Promise<boolean> => {
    if (command.sentTo === undefined) command.delivered = undefined;
    const sessionId = command.sentTo ?? to.sessionId;
    command.sentTo = sessionId;
    try {
      // A resend carries the position taken for the first try, or a newer one.
      const delivered = to.deliveredPosition();
      if (delivered !== undefined) command.delivered = Math.max(command.delivered ?? 0, delivered);
      const call = link.client.handleCommand(
        {
          sessionId,
          connectionId,
          sequence: BigInt(command.sequence),
          line: command.line,
          ...(command.delivered === undefined ? {} : { deliveredPosition: BigInt(command.delivered) }),
        },
        { signal: stop.signal },
      );
      inFlight = call;
      const res = await call.finally(() => {
        inFlight = undefined;
      });
      if (stop.signal.aborted) return false;
      outbox.done(command);
      for (const line of res.output) conn.sendMarkup(line, { trusted: true });
      conn.structured?.done(command.sequence);
      if (res.detach) {
        close();
        deps.detached();
        return false;
      }
      // A structured client is told the command was answered; telnet gets its prompt (IAC EOR) instead.
      if (!conn.structured) conn.prompt("");
      return true;
    } catch (error) {
      if (stop.signal.aborted) return false;
      const holo = fromConnectError(error);
      const resend = transient.has(holo.code) && ++command.failures < transientTries;
      if (transient.has(holo.code))
        deps.log.warn(
          `command ${command.sequence} of connection ${connectionId} failed (${holo.code}: ${holo.message})${resend ? "; resending it" : ""}`,
        );
      // Resent at once: if the core is really gone, the next try fails as unavailable and waits for it.
      if (resend) return true;
      if (retryable.has(holo.code)) {
        // Kept, with its session and number: resent once the stream is back (the core dedupes).
        stalled = true;
        target?.broken(error);
        return false;
      }
      if (holo.code === "unauthenticated") {
        // Not run: that session no longer has this connection. When it is the current one, its output stops
        // at once and its closed or switched item may still say why; the command waits and goes where the
        // player is next (watch-loop.ts resumes the session when no item comes).
        command.sentTo = undefined;
        if (sessionId !== target?.sessionId) return true;
        stalled = true;
        target.refused(error);
        return false;
      }
      outbox.done(command);
      conn.send(playerErrorText(holo));
      conn.structured?.done(command.sequence);
      return true;
    }
  };

  const drain = async (): Promise<void> => {
    for (;;) {
      const command = outbox.peek();
      const to = target;
      if (!command || !to?.live || stalled || stop.signal.aborted) return;
      if (!(await sendOne(command, to))) return;
    }
  };

  const pump = async (): Promise<void> => {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    try {
      do {
        again = false;
        await drain();
      } while (again && !stop.signal.aborted);
    } catch (error) {
      deps.log.error(`sending commands of connection ${connectionId} failed`, error as Error);
    } finally {
      sending = false;
    }
  };

  const close = (): void => {
    if (stop.signal.aborted) return;
    stop.abort(new HoloError("unavailable", "the connection closed"));
    outbox.clear();
  };

  const take = (line: string, sequence?: number): void => {
    outbox.add(line, sequence);
    void pump();
  };

  return {
    add(line) {
      if (stop.signal.aborted) return undefined;
      if (!outbox.full) {
        take(line);
        return undefined;
      }
      if (!target?.live && !toldFull) {
        toldFull = true;
        conn.send(queueFullNotice);
      }
      const held = { discarded: false };
      heldLine = held;
      return outbox.room().then(() => {
        if (heldLine === held) heldLine = undefined;
        if (!stop.signal.aborted && !held.discarded) take(line);
      });
    },
    offer(line, sequence) {
      if (stop.signal.aborted) return "taken";
      if (outbox.has(sequence)) return "waiting";
      if (outbox.full) return "full";
      take(line, sequence);
      return "taken";
    },
    setTarget(next) {
      target = next;
      stalled = false;
      void pump();
    },
    wake() {
      toldFull = false;
      stalled = false;
      void pump();
    },
    discard() {
      stalled = false;
      const held = heldLine === undefined ? 0 : 1;
      if (heldLine) heldLine.discarded = true;
      heldLine = undefined;
      return outbox.clear() + held;
    },
    idle: () => (inFlight ? inFlight.then(noop, noop) : Promise.resolve()),
    close,
    get queued() {
      return outbox.size;
    },
  };
}
