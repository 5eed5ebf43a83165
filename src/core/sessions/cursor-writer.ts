import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { SessionStore } from "./session-store.ts";

/** Persists cursor advances, coalescing those that arrive while a write is in flight. */
export interface CursorWriter {
  advance(sessionId: string, cursors: Readonly<Record<string, number>>): void;
  /** Resolves once every advance so far is written (or failed and was logged). */
  flush(): Promise<void>;
}

/** Creates a cursor writer: at most one write per session in flight, each carrying the latest cursors. */
export function createCursorWriter(store: SessionStore, log: Logger): CursorWriter {
  const pending = new Map<string, Record<string, number>>();
  const writing = new Map<string, Promise<void>>();

  const drain = async (sessionId: string) => {
    for (;;) {
      const cursors = pending.get(sessionId);
      if (!cursors) break;
      pending.delete(sessionId);
      try {
        await store.advanceCursors(sessionId, cursors);
      } catch (error) {
        // Known limitation: a lost cursor write only means some events are replayed again later.
        log.warn("cursor write failed", { sessionId, error: describeError(error) });
      }
    }
    writing.delete(sessionId);
  };

  return {
    advance(sessionId, cursors) {
      const merged = { ...pending.get(sessionId) };
      for (const [stream, position] of Object.entries(cursors)) {
        merged[stream] = Math.max(merged[stream] ?? 0, position);
      }
      pending.set(sessionId, merged);
      if (!writing.has(sessionId)) writing.set(sessionId, drain(sessionId));
    },
    async flush() {
      while (writing.size > 0) await Promise.all(writing.values());
    },
  };
}
