import type { ConnectionEnd } from "./feed-queue.ts";

/** One connection's live output (its watch on a feed). */
export interface LiveHandle extends Disposable {
  /** Aborts when the caller's signal does, or when the connection is detached. */
  readonly signal: AbortSignal;
  /** The item to send before the output ends, when it was ended with one (boot, play). */
  readonly final: ConnectionEnd | undefined;
}

/** The outputs open now, by session and connection. */
export interface LiveConnections {
  start(sessionId: string, connectionId: string, signal: AbortSignal): LiveHandle;
  /** True when the session has an open output. */
  has(sessionId: string): boolean;
  /** Ends the connection's open outputs, after `final` when given. */
  end(sessionId: string, connectionId: string, final?: ConnectionEnd): void;
  endAll(): void;
  readonly size: number;
}

interface OpenStream {
  readonly sessionId: string;
  readonly connectionId: string;
  readonly controller: AbortController;
  final?: ConnectionEnd;
}

/** Creates the registry of open outputs. */
export function createLiveConnections(): LiveConnections {
  const open = new Map<string, OpenStream>();
  // Invariant: perSession counts the entries of `open` by session, so has() costs no scan.
  const perSession = new Map<string, number>();
  let next = 0;
  return {
    start(sessionId, connectionId, signal) {
      const key = String(++next);
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      const entry: OpenStream = { sessionId, connectionId, controller };
      open.set(key, entry);
      perSession.set(sessionId, (perSession.get(sessionId) ?? 0) + 1);
      return {
        signal: controller.signal,
        get final() {
          return entry.final;
        },
        [Symbol.dispose]() {
          signal.removeEventListener("abort", onAbort);
          if (!open.delete(key)) return;
          const left = (perSession.get(sessionId) ?? 1) - 1;
          if (left > 0) perSession.set(sessionId, left);
          else perSession.delete(sessionId);
        },
      };
    },
    has: (sessionId) => perSession.has(sessionId),
    end(sessionId, connectionId, final) {
      for (const o of open.values()) {
        if (o.sessionId !== sessionId || o.connectionId !== connectionId) continue;
        if (final && !o.controller.signal.aborted) o.final = final;
        o.controller.abort();
      }
    },
    endAll() {
      for (const o of open.values()) o.controller.abort();
    },
    get size() {
      return open.size;
    },
  };
}
