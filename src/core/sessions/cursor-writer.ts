import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";
import type { SessionIndex } from "./session-index.ts";

/**
 * Delivered cursors: held in memory as they advance, written to the store on detach (flushSession), on a
 * timer, and at shutdown. A crash loses at most one timer's worth of advances, which only means those
 * events are replayed again.
 */
export interface CursorWriter extends AsyncDisposable {
  /** Raises the session's cursors in the index, writing nothing yet. */
  advance(sessionId: string, cursors: Readonly<Record<string, number>>): void;
  /** Writes the session's unwritten cursors; resolves once they are stored (or failed and were logged). */
  flushSession(sessionId: string): Promise<void>;
  /** Writes every session's unwritten cursors. */
  flush(): Promise<void>;
}

/** What the cursor writer needs. */
export interface CursorWriterDeps {
  readonly index: Pick<SessionIndex, "advanceCursors" | "noteCursors">;
  readonly timers: Timers;
  readonly log: Logger;
  /** How long an advance may stay unwritten; 5 s by default. */
  readonly cursorFlushMs?: number;
}

/** Creates a cursor writer: at most one write per session in flight, each carrying every advance so far. */
export function createCursorWriter(deps: CursorWriterDeps): CursorWriter {
  const { index } = deps;
  const pending = new Map<string, Record<string, number>>();
  const writing = new Map<string, Promise<void>>();
  let timer: CancelTimer | undefined;

  const write = async (sessionId: string) => {
    for (let inFlight = writing.get(sessionId); inFlight; inFlight = writing.get(sessionId)) await inFlight;
    const cursors = pending.get(sessionId);
    if (!cursors) return;
    pending.delete(sessionId);
    const done = index
      .advanceCursors(sessionId, cursors)
      .catch((error: unknown) => {
        // Known limitation: a lost cursor write only means some events are replayed again later.
        deps.log.warn("cursor write failed", { sessionId, error: describeError(error) });
      })
      .finally(() => writing.delete(sessionId));
    writing.set(sessionId, done);
    await done;
  };
  const flush = async () => {
    timer?.();
    timer = undefined;
    while (pending.size > 0 || writing.size > 0) {
      await Promise.all([...pending.keys(), ...writing.keys()].map(write));
    }
  };

  return {
    advance(sessionId, cursors) {
      index.noteCursors(sessionId, cursors);
      const merged = pending.get(sessionId) ?? {};
      for (const [stream, position] of Object.entries(cursors)) {
        merged[stream] = Math.max(merged[stream] ?? 0, position);
      }
      pending.set(sessionId, merged);
      timer ??= deps.timers.after(deps.cursorFlushMs ?? 5_000, () => {
        timer = undefined;
        void flush();
      });
    },
    flushSession: write,
    flush,
    [Symbol.asyncDispose]: flush,
  };
}
