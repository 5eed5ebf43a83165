import type { HoloError } from "#shared/errors/holo-error.ts";
import { createFeedQueue, type FeedQueue } from "./feed-queue.ts";
import type { FeedWatch } from "./feed-watch.ts";

/** One gateway's feed: its outgoing queue and the connections it watches. */
export interface GatewayFeed {
  readonly id: string;
  readonly gatewayId: string;
  readonly queue: FeedQueue;
  /** The watches on this feed, by connection id. */
  readonly watches: Map<string, FeedWatch>;
  /** Ends the feed (the gateway went away, or `error`): every watch ends with it. */
  end(error?: HoloError): void;
  readonly ended: boolean;
}

/** What a feed needs. */
export interface GatewayFeedOptions {
  readonly id: string;
  readonly gatewayId: string;
  /** Live events waiting before the feed is ended with resource_exhausted. */
  readonly liveBound: number;
  /** Called once when the feed ended, after its watches ended. */
  readonly onEnd: (feed: GatewayFeed, error: HoloError | undefined) => void;
}

/** Creates a feed. Invariant: once the queue ends, for whatever reason, every watch of the feed ends too. */
export function createGatewayFeed(options: GatewayFeedOptions): GatewayFeed {
  const watches = new Map<string, FeedWatch>();
  const queue = createFeedQueue({
    liveBound: options.liveBound,
    onEnd: (error) => {
      for (const watch of [...watches.values()]) watch.end();
      options.onEnd(feed, error);
    },
  });
  const feed: GatewayFeed = {
    id: options.id,
    gatewayId: options.gatewayId,
    queue,
    watches,
    end: (error) => queue.end(error),
    get ended() {
      return queue.ended;
    },
  };
  return feed;
}
