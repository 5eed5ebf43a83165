import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";

/** In-core fan-out of committed events to synchronous listeners. */
export interface Broadcaster extends AsyncDisposable {
  /**
   * Calls `listener` with every committed event, in position order, synchronously as it is dispatched (no
   * queue, so no lag): for a consumer that indexes its own recipients, such as the feed hub. Disposing stops it.
   */
  listen(listener: (event: StoredEvent) => void): Disposable;
  /** The position of the last event dispatched. */
  readonly position: number;
}

/** What the broadcaster needs. */
export interface BroadcasterDeps {
  readonly events: EventStore;
  readonly log: Logger;
  /** Dispatch events after this position (normally the store's last position at start). */
  readonly afterPosition: number;
}

/**
 * Creates a broadcaster fed by one live subscription to the store. A listener that throws is logged and
 * never keeps the event from the others.
 */
export function createBroadcaster(deps: BroadcasterDeps): Broadcaster {
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
  };
  const loop = (async () => {
    try {
      for await (const event of deps.events.subscribe(deps.afterPosition, stop.signal)) dispatch(event);
    } catch (error) {
      deps.log.error("broadcast feed failed", { error: describeError(error) });
    }
  })();

  return {
    listen(listener) {
      listeners.add(listener);
      return { [Symbol.dispose]: () => void listeners.delete(listener) };
    },
    get position() {
      return position;
    },
    async [Symbol.asyncDispose]() {
      stop.abort();
      await loop;
    },
  };
}
