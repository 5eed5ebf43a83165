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
  /**
   * Says that something may have committed: every subscriber re-reads from its last position. `committed`,
   * when given, are the events just made durable, in position order: a subscriber whose next position is
   * among them takes them from memory instead of reading the store.
   */
  wake(committed?: readonly StoredEvent[]): void;
  /** Ends every subscription. */
  close(): void;
}

/** The most committed events a live feed keeps in memory for subscribers that are caught up (payloads are at most 16 KiB). */
const recentBound = 256;

/**
 * Creates a live feed. A woken subscriber re-reads the store after the last position it delivered, so a lost
 * or early wake-up can delay an event but never skip it. Reading back each event just committed cost about
 * 0.2 ms between the commit and its delivery, so a wake-up may carry the committed events: they are kept as
 * one run of consecutive positions, and a subscriber whose next position is in the run takes it from there.
 * Invariant: positions are assigned in commit order, so reading "after my position" misses nothing; a run is
 * used only from the subscriber's very next position (no gap can hide before it), and a wake-up without
 * events drops the run, so a commit nobody described sends every subscriber back to the store.
 */
export function createLiveFeed(deps: LiveFeedDeps): LiveFeed {
  const batchSize = deps.batchSize ?? 256;
  let generation = 0;
  let closed = false;
  let waiters: (() => void)[] = [];
  let recent: StoredEvent[] = [];

  const remember = (committed: readonly StoredEvent[] | undefined) => {
    const first = committed?.[0];
    if (!committed || !first || !consecutive(committed)) {
      recent = [];
      return;
    }
    const last = recent.at(-1);
    recent = last && last.position + 1 === first.position ? recent.concat(committed) : [...committed];
    if (recent.length > recentBound) recent = recent.slice(recent.length - recentBound);
  };
  /** The remembered events after `cursor`, when the run holds the one right after it; else undefined. */
  const fromRecent = (cursor: number): StoredEvent[] | undefined => {
    const first = recent[0];
    if (!first || cursor + 1 < first.position) return undefined;
    const at = cursor + 1 - first.position;
    return at < recent.length ? recent.slice(at, at + batchSize) : undefined;
  };

  const wake = (committed?: readonly StoredEvent[]) => {
    remember(committed);
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
        let batch = fromRecent(cursor);
        try {
          batch ??= await deps.read(cursor, batchSize);
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

function consecutive(events: readonly StoredEvent[]): boolean {
  return events.every((e, i) => i === 0 || e.position === (events[i - 1] as StoredEvent).position + 1);
}
