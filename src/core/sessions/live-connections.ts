import type { StreamItem } from "./session-event-stream.ts";

/** One connection's live output stream. */
export interface LiveHandle extends Disposable {
  /** Aborts when the caller's signal does, or when the connection is detached. */
  readonly signal: AbortSignal;
  /** The item to send before the stream ends, when it was ended with one (boot, play). */
  readonly final: StreamItem | undefined;
}

/** The output streams open now, by session and connection. */
export interface LiveConnections {
  start(sessionId: string, connectionId: string, signal: AbortSignal): LiveHandle;
  /** True when the session has an open stream. */
  has(sessionId: string): boolean;
  /** Ends the connection's open streams, after `final` when given. */
  end(sessionId: string, connectionId: string, final?: StreamItem): void;
  endAll(): void;
  readonly size: number;
}

interface OpenStream {
  readonly sessionId: string;
  readonly connectionId: string;
  readonly controller: AbortController;
  final?: StreamItem;
}

/** Creates the registry of open output streams. */
export function createLiveConnections(): LiveConnections {
  const open = new Map<string, OpenStream>();
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
      return {
        signal: controller.signal,
        get final() {
          return entry.final;
        },
        [Symbol.dispose]() {
          signal.removeEventListener("abort", onAbort);
          open.delete(key);
        },
      };
    },
    has: (sessionId) => [...open.values()].some((o) => o.sessionId === sessionId),
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
