import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

/** What a subscription yields next. */
export type BroadcastItem =
  | { readonly kind: "event"; readonly event: StoredEvent }
  /** The queue overflowed and was dropped: re-read from the store after your last position. */
  | { readonly kind: "lagging" }
  /** The subscription or the broadcaster closed, or the wait was aborted. */
  | { readonly kind: "closed" };

/** One consumer's bounded queue of events from its streams. */
export interface Subscription extends Disposable {
  /** Waits for the next item; resolves "closed" when `signal` aborts. */
  next(signal?: AbortSignal): Promise<BroadcastItem>;
  /** Replaces the streams this subscription receives. */
  setStreams(streams: readonly string[]): void;
  /** Makes the next item `lagging`, so the consumer re-reads the store (e.g. a stream joined a moment ago). */
  catchUp(): void;
}

/** In-core fan-out of committed events to subscribers by stream. */
export interface Broadcaster extends AsyncDisposable {
  subscribe(streams: readonly string[]): Subscription;
  /**
   * Calls `listener` with every committed event, in position order, synchronously as it is dispatched (no
   * queue, so no lag): for a consumer that indexes its own recipients, such as the feed hub. Disposing stops it.
   */
  listen(listener: (event: StoredEvent) => void): Disposable;
  /** The position of the last event dispatched. */
  readonly position: number;
  readonly subscribers: number;
}

/** What the broadcaster needs. */
export interface BroadcasterDeps {
  readonly events: EventStore;
  readonly log: Logger;
  /** Dispatch events after this position (normally the store's last position at start). */
  readonly afterPosition: number;
  /** Events queued per subscriber before it is marked lagging; defaults to 1024. */
  readonly queueCapacity?: number;
}

interface Subscriber {
  streams: Set<string>;
  queue: StoredEvent[];
  lagging: boolean;
  closed: boolean;
  wake: (() => void) | undefined;
}

/**
 * Creates a broadcaster fed by one live subscription to the store. A slow subscriber never blocks the
 * others: when its queue is full it is emptied and marked lagging, and the subscriber re-reads from the
 * store by position (the store is the source of truth, so nothing is lost).
 */
export function createBroadcaster(deps: BroadcasterDeps): Broadcaster {
  const capacity = deps.queueCapacity ?? 1024;
  const subscribers = new Set<Subscriber>();
  const listeners = new Set<(event: StoredEvent) => void>();
  const stop = new AbortController();
  let position = deps.afterPosition;

  const dispatch = (event: StoredEvent) => {
    position = event.position;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        deps.log.error("broadcast listener failed", { error: describeError(error) });
      }
    }
    for (const sub of subscribers) {
      if (!sub.streams.has(event.stream) || sub.lagging) continue;
      if (sub.queue.length >= capacity) {
        sub.queue = [];
        sub.lagging = true;
      } else {
        sub.queue.push(event);
      }
      sub.wake?.();
    }
  };
  const loop = (async () => {
    try {
      for await (const event of deps.events.subscribe(deps.afterPosition, stop.signal)) dispatch(event);
    } catch (error) {
      deps.log.error("broadcast feed failed", { error: describeError(error) });
    }
    for (const sub of subscribers) {
      sub.closed = true;
      sub.wake?.();
    }
  })();

  function subscribe(streams: readonly string[]): Subscription {
    const sub: Subscriber = {
      streams: new Set(streams),
      queue: [],
      lagging: false,
      closed: false,
      wake: undefined,
    };
    subscribers.add(sub);
    if (stop.signal.aborted) sub.closed = true;
    const close = () => {
      sub.closed = true;
      subscribers.delete(sub);
      sub.wake?.();
    };
    return {
      async next(signal) {
        for (;;) {
          if (sub.closed || signal?.aborted) return { kind: "closed" };
          if (sub.lagging) {
            sub.lagging = false;
            return { kind: "lagging" };
          }
          const event = sub.queue.shift();
          if (event) return { kind: "event", event };
          await new Promise<void>((resolve) => {
            const done = () => {
              sub.wake = undefined;
              signal?.removeEventListener("abort", done);
              resolve();
            };
            sub.wake = done;
            signal?.addEventListener("abort", done);
          });
        }
      },
      setStreams(next) {
        sub.streams = new Set(next);
      },
      catchUp() {
        sub.lagging = true;
        sub.wake?.();
      },
      [Symbol.dispose]: close,
    };
  }

  return {
    subscribe,
    listen(listener) {
      listeners.add(listener);
      return { [Symbol.dispose]: () => void listeners.delete(listener) };
    },
    get position() {
      return position;
    },
    get subscribers() {
      return subscribers.size;
    },
    async [Symbol.asyncDispose]() {
      stop.abort();
      await loop;
    },
  };
}
