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
  const queue: PendingCommand[] = [];
  const waiters: (() => void)[] = [];
  let next = 1;
  let bytes = 0;
  const isFull = () => queue.length >= limits.maxCommands || bytes >= limits.maxBytes;
  const wake = () => {
    if (isFull()) return;
    for (const resolve of waiters.splice(0)) resolve();
  };
  return {
    add(line, sequence) {
      const number = sequence ?? next;
      next = Math.max(next, number + 1);
      const command: PendingCommand = { sequence: number, line, sentTo: undefined, failures: 0 };
      queue.push(command);
      bytes += Buffer.byteLength(line);
      return command;
    },
    peek: () => queue[0],
    has: (sequence) => queue.some((command) => command.sequence === sequence),
    done(command) {
      if (queue[0] !== command) return;
      queue.shift();
      bytes -= Buffer.byteLength(command.line);
      wake();
    },
    clear() {
      const n = queue.length;
      queue.length = 0;
      bytes = 0;
      wake();
      return n;
    },
    room: () => (isFull() ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
    get size() {
      return queue.length;
    },
    get bytes() {
      return bytes;
    },
    get full() {
      return isFull();
    },
  };
}
