import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type {
  ConnectionItemSchema,
  FeedRequest,
  FeedResponseSchema,
  WatchRequest,
} from "#gen/holomush/core/v1/core_pb.ts";
import type { FakeEvent, FakeSession, FakeWorld } from "./fake-world.ts";

type Item = MessageInitShape<typeof FeedResponseSchema>;
/** One connection's own item (replay framing, notice, closed, switched), without its connection id. */
export type FakeConnectionItem = NonNullable<MessageInitShape<typeof ConnectionItemSchema>["item"]>;

/** The fake core's Feed and Watch, as the proto's comments specify them. */
export interface FakeFeeds {
  feed(req: FeedRequest, signal: AbortSignal): AsyncIterable<Item>;
  watch(req: WatchRequest, replayLimit: number): void;
  /** Fails every open feed with `error`, as a dying core does. */
  failAll(error: unknown): void;
  /** Ends every open feed cleanly, with no error. */
  endAll(): void;
  /** The core detaches `connectionId` from `sessionId`'s output: `final` (when given) is its last item. */
  finish(sessionId: string, connectionId: string, final?: FakeConnectionItem): void;
  /** Feeds open now. */
  readonly open: () => number;
  /** Connections watched now, over all feeds. */
  readonly watched: () => number;
  /** FeedEvents sent so far, and how many connection ids they carried in all. */
  readonly sent: { events: number; deliveries: number };
}

const eventOf = (e: FakeEvent) => ({
  id: `ev-${e.position}`,
  stream: e.stream,
  type: e.type,
  actor: e.actor,
  payloadJson: JSON.stringify(e.payload),
  position: BigInt(e.position),
  version: 1n,
});

interface Feed {
  readonly id: string;
  readonly queue: Item[];
  readonly watches: Map<string, FakeSession>;
  wake: (() => void) | undefined;
  failure: unknown;
  ended: boolean;
}

/** Creates the feeds over `world`; `session` throws Unauthenticated for an unknown id; `guard` throws when down. */
export function createFakeFeeds(
  world: FakeWorld,
  session: (id: string) => FakeSession,
  guard: () => void,
): FakeFeeds {
  const feeds = new Map<string, Feed>();
  const sent = { events: 0, deliveries: 0 };
  let nextFeed = 0;
  const push = (feed: Feed, item: Item): void => {
    feed.queue.push(item);
    feed.wake?.();
  };
  const sendEvent = (feed: Feed, e: FakeEvent, connectionIds: string[]): void => {
    sent.events++;
    sent.deliveries += connectionIds.length;
    push(feed, { item: { case: "event", value: { event: eventOf(e), connectionIds } } });
  };
  world.listeners.add((e) => {
    for (const feed of feeds.values()) {
      const ids = [...feed.watches].filter(([, s]) => world.follows(s, e.stream)).map(([id]) => id);
      if (ids.length > 0) sendEvent(feed, e, ids);
    }
  });

  async function* feed(_req: FeedRequest, signal: AbortSignal): AsyncGenerator<Item> {
    guard();
    const self: Feed = {
      id: `feed-${++nextFeed}`,
      queue: [],
      watches: new Map(),
      wake: undefined,
      failure: undefined,
      ended: false,
    };
    const onAbort = () => self.wake?.();
    feeds.set(self.id, self);
    signal.addEventListener("abort", onAbort);
    try {
      yield { item: { case: "opened", value: { feedId: self.id } } };
      for (;;) {
        const next = self.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (self.failure !== undefined) throw self.failure;
        if (self.ended) return;
        // As the real handler does: ending on abort throws the reason, or the client sees a clean end.
        if (signal.aborted) throw signal.reason;
        await new Promise<void>((resolve) => {
          self.wake = resolve;
        });
        self.wake = undefined;
      }
    } finally {
      // When a feed ends, every connection it carried is detached from its output.
      feeds.delete(self.id);
      signal.removeEventListener("abort", onAbort);
    }
  }

  return {
    feed,
    watch(req, replayLimit) {
      guard();
      const target = feeds.get(req.feedId);
      if (!target) throw new ConnectError("no such feed", Code.FailedPrecondition);
      const s = session(req.sessionId);
      if (!s.connections.has(req.connectionId))
        throw new ConnectError("This connection is not attached to that session.", Code.Unauthenticated);
      for (const f of feeds.values()) f.watches.delete(req.connectionId);
      const after = req.afterPosition === undefined ? s.cursor : Number(req.afterPosition);
      const missed = world.events.filter((e) => world.follows(s, e.stream) && e.position > after);
      const skipped = Math.max(0, missed.length - replayLimit);
      const replay = missed.slice(skipped);
      const connectionId = req.connectionId;
      const own = (item: FakeConnectionItem): Item => ({
        item: { case: "connection", value: { connectionId, item } },
      });
      push(
        target,
        own({ case: "replayStart", value: { count: BigInt(replay.length), skipped: BigInt(skipped) } }),
      );
      for (const e of replay) sendEvent(target, e, [connectionId]);
      const last = replay.at(-1)?.position ?? after;
      push(
        target,
        own({ case: "replayEnd", value: { count: BigInt(replay.length), lastPosition: BigInt(last) } }),
      );
      target.watches.set(connectionId, s);
    },
    failAll(error) {
      for (const f of feeds.values()) {
        f.failure = error;
        f.wake?.();
      }
    },
    endAll() {
      for (const f of feeds.values()) {
        f.ended = true;
        f.wake?.();
      }
    },
    finish(sessionId, connectionId, final) {
      for (const f of feeds.values()) {
        if (f.watches.get(connectionId)?.id !== sessionId) continue;
        f.watches.delete(connectionId);
        if (final) push(f, { item: { case: "connection", value: { connectionId, item: final } } });
      }
    },
    open: () => feeds.size,
    watched: () => [...feeds.values()].reduce((n, f) => n + f.watches.size, 0),
    sent,
  };
}
