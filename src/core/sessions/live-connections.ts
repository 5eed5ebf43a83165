/** One connection's live output stream. */
export interface LiveHandle extends Disposable {
  /** Aborts when the caller's signal does, or when the connection is detached. */
  readonly signal: AbortSignal;
}

/** The output streams open now, by session and connection. */
export interface LiveConnections {
  start(sessionId: string, connectionId: string, signal: AbortSignal): LiveHandle;
  /** True when the session has an open stream. */
  has(sessionId: string): boolean;
  /** Ends the connection's open streams. */
  end(sessionId: string, connectionId: string): void;
  endAll(): void;
  readonly size: number;
}

/** Creates the registry of open output streams. */
export function createLiveConnections(): LiveConnections {
  const open = new Map<string, { sessionId: string; connectionId: string; controller: AbortController }>();
  let next = 0;
  return {
    start(sessionId, connectionId, signal) {
      const key = String(++next);
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      open.set(key, { sessionId, connectionId, controller });
      return {
        signal: controller.signal,
        [Symbol.dispose]() {
          signal.removeEventListener("abort", onAbort);
          open.delete(key);
        },
      };
    },
    has: (sessionId) => [...open.values()].some((o) => o.sessionId === sessionId),
    end(sessionId, connectionId) {
      for (const o of open.values()) {
        if (o.sessionId === sessionId && o.connectionId === connectionId) o.controller.abort();
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
