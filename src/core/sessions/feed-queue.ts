import type { StoredEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Attached } from "./attached.ts";

/** An item of one connection's output other than an event (mirrors ConnectionItem). */
export type ConnectionOutput =
  | {
      readonly kind: "replayStart";
      readonly count: number;
      readonly skipped: number;
      /** Connects and disconnects left out, summed up in one line. */
      readonly presence: number;
      /** Whether the replayed lines show their time (the player's setting). */
      readonly timestamps: boolean;
    }
  | { readonly kind: "replayEnd"; readonly count: number; readonly lastPosition: number }
  | { readonly kind: "notice"; readonly text: string }
  /** The connection's output ends: show the text and close the socket. */
  | { readonly kind: "closed"; readonly text: string }
  /** The connection's output for this session ends: it plays another character now. */
  | { readonly kind: "switched"; readonly attached: Attached };

/** The last item of a connection's output when something ended it on purpose (boot, play). */
export type ConnectionEnd = Extract<ConnectionOutput, { readonly kind: "closed" | "switched" }>;

/** One item of a gateway's feed after FeedOpened (mirrors FeedResponse). */
export type FeedItem =
  /** One event, once, for every connection of the feed it is for. */
  | { readonly kind: "event"; readonly event: StoredEvent; readonly connectionIds: readonly string[] }
  | { readonly kind: "connection"; readonly connectionId: string; readonly item: ConnectionOutput };

/** A feed's outgoing items, in order, with a bound on the live events waiting. */
export interface FeedQueue {
  /** Queues an item; a `live` event counts against the bound, past which the queue ends (resource_exhausted). */
  push(item: FeedItem, live?: boolean): void;
  /** The next item, or undefined once the queue ended (then `error` says why) or `signal` aborted. */
  next(signal?: AbortSignal): Promise<FeedItem | undefined>;
  /** Takes up to `max` items that are waiting now, without waiting for more. */
  takeWaiting(max: number): FeedItem[];
  /** Ends the queue: what is queued is dropped, and waiting readers get undefined. */
  end(error?: HoloError): void;
  readonly ended: boolean;
  /** Why the queue ended, when it ended with an error. */
  readonly error: HoloError | undefined;
  /** Items waiting. */
  readonly size: number;
  /** Resolves once at most `limit` items wait, or the queue ended: a replay's backpressure. */
  room(limit: number): Promise<void>;
}

/** What a feed queue needs. */
export interface FeedQueueOptions {
  /** Live events waiting before the feed is ended as too slow. */
  readonly liveBound: number;
  /** Called once when the queue ends, with its error if any. */
  readonly onEnd?: (error: HoloError | undefined) => void;
}

interface Entry {
  readonly item: FeedItem;
  readonly live: boolean;
}

/**
 * Creates a feed queue. Replay items do not count against the bound: a replay waits for room instead
 * (`room`), so a burst of logins that each replay many events cannot grow the queue without end; live events do, since a gateway that stops reading would otherwise grow it without end.
 * Dropping a slow feed loses nothing: the gateway re-watches from the positions it received, read from the store.
 */
export function createFeedQueue(options: FeedQueueOptions): FeedQueue {
  let items: Entry[] = [];
  let head = 0;
  let live = 0;
  let ended = false;
  let error: HoloError | undefined;
  let wake: (() => void) | undefined;
  let roomWaiters: { readonly limit: number; readonly resolve: () => void }[] = [];
  const size = () => items.length - head;
  const wakeRoom = () => {
    if (roomWaiters.length === 0) return;
    const waiting = roomWaiters;
    roomWaiters = [];
    for (const w of waiting) {
      if (ended || size() <= w.limit) w.resolve();
      else roomWaiters.push(w);
    }
  };

  const end = (why?: HoloError) => {
    if (ended) return;
    ended = true;
    error = why;
    items = [];
    head = 0;
    live = 0;
    wake?.();
    wakeRoom();
    options.onEnd?.(why);
  };

  const take = (): FeedItem | undefined => {
    const entry = items[head];
    if (!entry) return undefined;
    head += 1;
    if (entry.live) live -= 1;
    wakeRoom();
    // Compacts now and then so the array does not keep what was already read.
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
    return entry.item;
  };

  return {
    push(item, isLive = false) {
      if (ended) return;
      items.push({ item, live: isLive });
      if (isLive && ++live > options.liveBound) {
        end(new HoloError("resource_exhausted", "The feed fell too far behind; open a new one."));
        return;
      }
      wake?.();
    },
    async next(signal) {
      for (;;) {
        if (ended || signal?.aborted) return undefined;
        const item = take();
        if (item) return item;
        await new Promise<void>((resolve) => {
          const done = () => {
            wake = undefined;
            signal?.removeEventListener("abort", done);
            resolve();
          };
          wake = done;
          signal?.addEventListener("abort", done);
        });
      }
    },
    takeWaiting(max) {
      const taken: FeedItem[] = [];
      while (!ended && taken.length < max) {
        const item = take();
        if (!item) break;
        taken.push(item);
      }
      return taken;
    },
    end,
    get ended() {
      return ended;
    },
    get error() {
      return error;
    },
    get size() {
      return size();
    },
    room(limit) {
      if (ended || size() <= limit) return Promise.resolve();
      return new Promise<void>((resolve) => roomWaiters.push({ limit, resolve }));
    },
  };
}
