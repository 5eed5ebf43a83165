/** A typed line waiting for the core, with the sequence number it was given when typed. */
export interface PendingCommand {
  readonly sequence: number;
  readonly line: string;
  /**
   * The session it was sent to, once sent. A command whose answer was lost is resent there with the same
   * number, so the core applies it once; undefined again when that session refused it unrun.
   */
  sentTo: string | undefined;
  /** How often it failed with a code a broken connection can also give (command-sender.ts resends it). */
  failures: number;
  /** The received position sent with it (command-sender.ts), kept for a resend to the same session. */
  delivered?: number | undefined;
}

/** How much one connection's outbox holds before its input is held (backpressure). */
export interface OutboxLimits {
  readonly maxCommands: number;
  readonly maxBytes: number;
}

/** The defaults: a paste of 1,000 lines, or 256 KiB of text, waits in the gateway before its input is held. */
export const defaultOutboxLimits: OutboxLimits = { maxCommands: 1000, maxBytes: 256 * 1024 };

/** One connection's commands not yet answered by the core, in the order typed. */
export interface CommandOutbox {
  /**
   * Queues `line` with the next sequence number, or with `sequence` when the client numbers its own commands
   * (the web client: its numbers outlive the socket, so a resend after a reconnect keeps its key). The caller
   * holds input, or refuses it, while `full`, so this always takes it.
   */
  add(line: string, sequence?: number): PendingCommand;
  /** True when a command numbered `sequence` waits here (a client resent it before its answer). */
  has(sequence: number): boolean;
  /** The oldest unanswered command. */
  peek(): PendingCommand | undefined;
  /** Drops `command` once answered; a no-op unless it is still the oldest (the queue was cleared meanwhile). */
  done(command: PendingCommand): void;
  /** Drops every command; returns how many there were. */
  clear(): number;
  /** Resolves once the outbox is below its limits (at once when it is). */
  room(): Promise<void>;
  readonly size: number;
  readonly bytes: number;
  readonly full: boolean;
}

/**
 * Creates the outbox of one connection. Invariant: sequence numbers start at 1 and go up by one per line
 * for the life of the connection, whatever session it plays, so a (session, connection, sequence) key
 * never names two commands, and the core's at-most-once record cannot answer a new command with an old reply.
 */
export function createCommandOutbox(limits: OutboxLimits = defaultOutboxLimits): CommandOutbox {
  return new Outbox(limits);
}

// A class, not a closure per method: every connection holds one outbox for its life, so its methods are shared.
class Outbox implements CommandOutbox {
  readonly #limits: OutboxLimits;
  readonly #queue: PendingCommand[] = [];
  // Made at the first wait for room: most connections never fill their outbox.
  #waiters: (() => void)[] | undefined;
  #next = 1;
  #bytes = 0;

  constructor(limits: OutboxLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#queue.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get full(): boolean {
    return this.#queue.length >= this.#limits.maxCommands || this.#bytes >= this.#limits.maxBytes;
  }

  add(line: string, sequence?: number): PendingCommand {
    const number = sequence ?? this.#next;
    this.#next = Math.max(this.#next, number + 1);
    const command: PendingCommand = { sequence: number, line, sentTo: undefined, failures: 0 };
    this.#queue.push(command);
    this.#bytes += Buffer.byteLength(line);
    return command;
  }

  peek(): PendingCommand | undefined {
    return this.#queue[0];
  }

  has(sequence: number): boolean {
    return this.#queue.some((command) => command.sequence === sequence);
  }

  done(command: PendingCommand): void {
    if (this.#queue[0] !== command) return;
    this.#queue.shift();
    this.#bytes -= Buffer.byteLength(command.line);
    this.#wake();
  }

  clear(): number {
    const n = this.#queue.length;
    this.#queue.length = 0;
    this.#bytes = 0;
    this.#wake();
    return n;
  }

  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    this.#waiters ??= [];
    const waiters = this.#waiters;
    return new Promise<void>((resolve) => waiters.push(resolve));
  }

  #wake(): void {
    if (this.full || !this.#waiters) return;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
