import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import {
  type CommandOutbox,
  createCommandOutbox,
  type OutboxLimits,
  type PendingCommand,
} from "./command-outbox.ts";
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
  return new Sender(deps);
}

// A class, not a closure per method: every connection holds one sender for its life, so its methods are shared.
class Sender implements CommandSender {
  readonly #deps: CommandSenderDeps;
  readonly #outbox: CommandOutbox;
  #closed = false;
  // Made at the first call, to abandon it on close: a connection that never plays a command holds none.
  #stop: AbortController | undefined;
  #target: CommandTarget | undefined;
  #sending = false;
  #again = false;
  // Set when a command showed the stream is stale; cleared when the stream is live again or replaced.
  #stalled = false;
  #toldFull = false;
  #inFlight: Promise<unknown> | undefined;
  // A line held for room in the outbox; a discard drops it with the rest.
  #heldLine: { discarded: boolean } | undefined;

  constructor(deps: CommandSenderDeps) {
    this.#deps = deps;
    this.#outbox = createCommandOutbox(deps.limits);
  }

  get queued(): number {
    return this.#outbox.size;
  }

  add(line: string): undefined | Promise<void> {
    if (this.#closed) return undefined;
    if (!this.#outbox.full) {
      this.#take(line);
      return undefined;
    }
    if (!this.#target?.live && !this.#toldFull) {
      this.#toldFull = true;
      this.#deps.conn.send(queueFullNotice);
    }
    const held = { discarded: false };
    this.#heldLine = held;
    return this.#outbox.room().then(() => {
      if (this.#heldLine === held) this.#heldLine = undefined;
      if (!this.#closed && !held.discarded) this.#take(line);
    });
  }

  offer(line: string, sequence: number): "taken" | "waiting" | "full" {
    if (this.#closed) return "taken";
    if (this.#outbox.has(sequence)) return "waiting";
    if (this.#outbox.full) return "full";
    this.#take(line, sequence);
    return "taken";
  }

  setTarget(next: CommandTarget | undefined): void {
    this.#target = next;
    this.#stalled = false;
    void this.#pump();
  }

  wake(): void {
    this.#toldFull = false;
    this.#stalled = false;
    void this.#pump();
  }

  discard(): number {
    this.#stalled = false;
    const held = this.#heldLine === undefined ? 0 : 1;
    if (this.#heldLine) this.#heldLine.discarded = true;
    this.#heldLine = undefined;
    return this.#outbox.clear() + held;
  }

  idle(): Promise<void> {
    return this.#inFlight ? this.#inFlight.then(noop, noop) : Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop?.abort(new HoloError("unavailable", "the connection closed"));
    this.#outbox.clear();
  }

  #take(line: string, sequence?: number): void {
    this.#outbox.add(line, sequence);
    void this.#pump();
  }

  async #pump(): Promise<void> {
    if (this.#sending) {
      this.#again = true;
      return;
    }
    this.#sending = true;
    try {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && !this.#closed);
    } catch (error) {
      this.#deps.log.error(
        `sending commands of connection ${this.#deps.connectionId} failed`,
        error as Error,
      );
    } finally {
      this.#sending = false;
    }
  }

  async #drain(): Promise<void> {
    for (;;) {
      const command = this.#outbox.peek();
      const to = this.#target;
      if (!command || !to?.live || this.#stalled || this.#closed) return;
      if (!(await this.#sendOne(command, to))) return;
    }
  }

  /** Sends `command`; true when the loop may go on with the next one. */
  async #sendOne(command: PendingCommand, to: CommandTarget): Promise<boolean> {
    const { conn, connectionId } = this.#deps;
    if (command.sentTo === undefined) command.delivered = undefined;
    const sessionId = command.sentTo ?? to.sessionId;
    command.sentTo = sessionId;
    try {
      // A resend carries the position taken for the first try, or a newer one.
      const delivered = to.deliveredPosition();
      if (delivered !== undefined) command.delivered = Math.max(command.delivered ?? 0, delivered);
      this.#stop ??= new AbortController();
      const call = this.#deps.link.client.handleCommand(
        {
          sessionId,
          connectionId,
          sequence: BigInt(command.sequence),
          line: command.line,
          ...(command.delivered === undefined ? {} : { deliveredPosition: BigInt(command.delivered) }),
        },
        { signal: this.#stop.signal },
      );
      this.#inFlight = call;
      const res = await call.finally(() => {
        this.#inFlight = undefined;
      });
      if (this.#closed) return false;
      this.#outbox.done(command);
      for (const line of res.output) conn.sendMarkup(line, { trusted: true });
      conn.structured?.done(command.sequence);
      if (res.detach) {
        this.close();
        this.#deps.detached();
        return false;
      }
      // A structured client is told the command was answered; telnet gets its prompt (IAC EOR) instead.
      if (!conn.structured) conn.prompt("");
      return true;
    } catch (error) {
      if (this.#closed) return false;
      return this.#failed(error, command, sessionId);
    }
  }

  /** A command's call failed; true when the loop may go on with the next one. */
  #failed(error: unknown, command: PendingCommand, sessionId: string): boolean {
    const { conn, connectionId } = this.#deps;
    const holo = fromConnectError(error);
    const resend = transient.has(holo.code) && ++command.failures < transientTries;
    if (transient.has(holo.code))
      this.#deps.log.warn(
        `command ${command.sequence} of connection ${connectionId} failed (${holo.code}: ${holo.message})${resend ? "; resending it" : ""}`,
      );
    // Resent at once: if the core is really gone, the next try fails as unavailable and waits for it.
    if (resend) return true;
    if (retryable.has(holo.code)) {
      // Kept, with its session and number: resent once the stream is back (the core dedupes).
      this.#stalled = true;
      this.#target?.broken(error);
      return false;
    }
    if (holo.code === "unauthenticated") {
      // Not run: that session no longer has this connection. When it is the current one, its output stops
      // at once and its closed or switched item may still say why; the command waits and goes where the
      // player is next (watch-loop.ts resumes the session when no item comes).
      command.sentTo = undefined;
      if (sessionId !== this.#target?.sessionId) return true;
      this.#stalled = true;
      this.#target.refused(error);
      return false;
    }
    this.#outbox.done(command);
    conn.send(playerErrorText(holo));
    conn.structured?.done(command.sequence);
    return true;
  }
}
