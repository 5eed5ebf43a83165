import type { ConnectionEnd } from "./feed-queue.ts";

/** One connection's live output (its watch on a feed), as the registry holds it while it is open. */
export interface LiveOutput {
  readonly sessionId: string;
  readonly connectionId: string;
  /** Ends the output, after `final` when given (boot, play); the output then stops itself. */
  close(final?: ConnectionEnd): void;
}

/** The outputs open now, by session and connection. */
export interface LiveConnections<O extends LiveOutput = LiveOutput> {
  /** Registers an open output until `stop`. */
  start(output: O): void;
  /** Forgets an output that ended; a no-op for one not registered. */
  stop(output: O): void;
  /** True when the session has an open output. */
  has(sessionId: string): boolean;
  /** The connection's open output (the first registered, when it has several). */
  output(sessionId: string, connectionId: string): O | undefined;
  /** Ends the connection's open outputs, after `final` when given. */
  end(sessionId: string, connectionId: string, final?: ConnectionEnd): void;
  endAll(): void;
  readonly size: number;
}

/** Creates the registry of open outputs. */
export function createLiveConnections<O extends LiveOutput = LiveOutput>(): LiveConnections<O> {
  // By session, its open outputs: one (the usual case) as itself, more as a list. The outputs themselves are
  // the entries, so a registered connection costs no object here, and has() and end() look at one session.
  const bySession = new Map<string, O | O[]>();
  let size = 0;
  const outputsOf = (sessionId: string): readonly O[] => {
    const now = bySession.get(sessionId);
    return now === undefined ? [] : Array.isArray(now) ? now : [now];
  };
  return {
    start(output) {
      const now = bySession.get(output.sessionId);
      if (now === undefined) bySession.set(output.sessionId, output);
      else if (now === output || (Array.isArray(now) && now.includes(output))) return;
      else if (Array.isArray(now)) now.push(output);
      else bySession.set(output.sessionId, [now, output]);
      size += 1;
    },
    stop(output) {
      const now = bySession.get(output.sessionId);
      if (now === output) bySession.delete(output.sessionId);
      else if (!Array.isArray(now) || !now.includes(output)) return;
      else if (now.length === 2) bySession.set(output.sessionId, (now[0] === output ? now[1] : now[0]) as O);
      else now.splice(now.indexOf(output), 1);
      size -= 1;
    },
    has: (sessionId) => bySession.has(sessionId),
    output: (sessionId, connectionId) => outputsOf(sessionId).find((o) => o.connectionId === connectionId),
    end(sessionId, connectionId, final) {
      for (const o of outputsOf(sessionId).filter((o) => o.connectionId === connectionId)) o.close(final);
    },
    endAll() {
      for (const o of [...bySession.values()].flat()) o.close();
    },
    get size() {
      return size;
    },
  };
}
