import type { ConnectionEnd } from "./feed-queue.ts";
import { createLeanMultimap } from "./lean-multimap.ts";

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
  // By session, its open outputs. The outputs themselves are the entries, so a registered connection costs no
  // object here, and has() and end() look at one session.
  const bySession = createLeanMultimap<string, O>();
  let size = 0;
  return {
    start(output) {
      if (bySession.add(output.sessionId, output)) size += 1;
    },
    stop(output) {
      if (bySession.delete(output.sessionId, output)) size -= 1;
    },
    has: (sessionId) => bySession.has(sessionId),
    output(sessionId, connectionId) {
      for (const o of bySession.valuesOf(sessionId)) if (o.connectionId === connectionId) return o;
      return undefined;
    },
    end(sessionId, connectionId, final) {
      // Each closed output stops itself, so the session's outputs are listed first.
      for (const o of [...bySession.valuesOf(sessionId)]) if (o.connectionId === connectionId) o.close(final);
    },
    endAll() {
      for (const o of bySession.all()) o.close();
    },
    get size() {
      return size;
    },
  };
}
