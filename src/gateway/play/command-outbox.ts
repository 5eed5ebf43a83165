/** A typed line waiting for the core, with the sequence number it was given when typed. */
export interface PendingCommand {
  readonly sequence: number;
  readonly line: string;
}

/** The bounded queue of one connection's commands not yet answered by the core. */
export interface CommandOutbox {
  /** Queues `line` with the next sequence number; undefined (and nothing queued) when full. */
  add(line: string): PendingCommand | undefined;
  /** The oldest unanswered command. */
  peek(): PendingCommand | undefined;
  /** Drops the oldest command once the core has answered it. */
  done(): void;
  readonly size: number;
}

/**
 * Creates an outbox holding at most `limit` commands. Sequence numbers start at 1 and go up by one per
 * accepted line; a command resent after a core restart keeps its number, so the core applies it once.
 */
export function createCommandOutbox(limit: number): CommandOutbox {
  const queue: PendingCommand[] = [];
  let next = 1;
  return {
    add(line) {
      if (queue.length >= limit) return undefined;
      const command = { sequence: next++, line };
      queue.push(command);
      return command;
    },
    peek: () => queue[0],
    done() {
      queue.shift();
    },
    get size() {
      return queue.length;
    },
  };
}
