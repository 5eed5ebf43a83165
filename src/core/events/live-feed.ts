import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { StoredEvent } from "./event.ts";

/** What a live feed reads from. */
export interface LiveFeedDeps {
  /** Events of any stream with position > afterPosition, in position order, at most `limit`. */
  readonly read: (afterPosition: number, limit: number) => Promise<StoredEvent[]>;
  readonly log: Logger;
  /** Events read per query; defaults to 256. */
  readonly batchSize?: number;
}

/** Live subscriptions over a store whose table is the source of truth. */
export interface LiveFeed {
  /** Every event after `afterPosition`, then live ones; ends when `signal` aborts or the feed closes. */
  subscribe(afterPosition: number, signal: AbortSignal): AsyncIterable<StoredEvent>;
  /** Says that something may have committed: every subscriber re-reads from its last position. */
  wake(): void;
  /** Ends every subscription. */
  close(): void;
}

/**
 * Creates a live feed. Wake-ups carry no data: a woken subscriber re-reads the store after the last
 * position it delivered, so a lost or early wake-up can delay an event but never skip it.
 * Invariant: positions are assigned in commit order, so reading "after my position" misses nothing.
 */
export function createLiveFeed(deps: LiveFeedDeps): LiveFeed {
  const batchSize = deps.batchSize ?? 256;
  let generation = 0;
  let closed = false;
  let waiters: (() => void)[] = [];

  const wake = () => {
    generation += 1;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  async function* subscribe(afterPosition: number, signal: AbortSignal): AsyncGenerator<StoredEvent> {
    let cursor = afterPosition;
    let stopWaiting: () => void = () => {};
    const onAbort = () => stopWaiting();
    signal.addEventListener("abort", onAbort);
    const stopped = () => signal.aborted || closed;
    const waitFor = (promise: Promise<void>) =>
      new Promise<void>((resolve) => {
        stopWaiting = resolve;
        if (stopped()) resolve();
        void promise.then(resolve);
      });
    let failures = 0;
    try {
      while (!stopped()) {
        const seen = generation;
        let batch: StoredEvent[];
        try {
          batch = await deps.read(cursor, batchSize);
          failures = 0;
        } catch (error) {
          failures += 1;
          deps.log.warn("live subscription read failed; retrying", { error: describeError(error) });
          const delay = Math.min(5000, 50 * 2 ** Math.min(failures, 7));
          await waitFor(new Promise((resolve) => setTimeout(resolve, delay)));
          continue;
        }
        for (const event of batch) {
          if (stopped()) return;
          cursor = event.position;
          yield event;
        }
        if (batch.length === batchSize || generation !== seen) continue;
        await waitFor(new Promise<void>((resolve) => waiters.push(resolve)));
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  return {
    subscribe,
    wake,
    close() {
      closed = true;
      wake();
    },
  };
}
