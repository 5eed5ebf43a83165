import type { ConnectionEnd } from "./feed-queue.ts";

/** One connection's live output (its watch on a feed), as the registry holds it while it is open. */
export interface LiveOutput {
  readonly sessionId: string;
  readonly connectionId: string;
  /** Ends the output, after `final` when given (boot, play); the output then stops itself. */
  close(final?: ConnectionEnd): void;
}

/** The outputs open now, by session and connection. */
export interface LiveConnections {
  /** Registers an open output until `stop`. */
  start(output: LiveOutput): void;
  /** Forgets an output that ended; a no-op for one not registered. */
  stop(output: LiveOutput): void;
  /** True when the session has an open output. */
  has(sessionId: string): boolean;
  /** Ends the connection's open outputs, after `final` when given. */
  end(sessionId: string, connectionId: string, final?: ConnectionEnd): void;
  endAll(): void;
  readonly size: number;
}

/** Creates the registry of open outputs. */
export function createLiveConnections(): LiveConnections {
  // The outputs themselves are the entries: a registered connection costs no object of its own here.
  const open = new Set<LiveOutput>();
  // Invariant: perSession counts the entries of `open` by session, so has() costs no scan.
  const perSession = new Map<string, number>();
  return {
    start(output) {
      if (open.has(output)) return;
      open.add(output);
      perSession.set(output.sessionId, (perSession.get(output.sessionId) ?? 0) + 1);
    },
    stop(output) {
      if (!open.delete(output)) return;
      const left = (perSession.get(output.sessionId) ?? 1) - 1;
      if (left > 0) perSession.set(output.sessionId, left);
      else perSession.delete(output.sessionId);
    },
    has: (sessionId) => perSession.has(sessionId),
    end(sessionId, connectionId, final) {
      for (const o of open) {
        if (o.sessionId === sessionId && o.connectionId === connectionId) o.close(final);
      }
    },
    endAll() {
      for (const o of open) o.close();
    },
    get size() {
      return open.size;
    },
  };
}
