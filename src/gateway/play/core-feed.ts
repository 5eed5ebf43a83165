import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
import type { TurnEnd } from "#gateway/telnet/turn-end.ts";
import type { ConnectionItem, FeedEvent, FeedResponse } from "#gen/holomush/core/v1/core_pb.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import { createRecipientDecoder, type RecipientDecoder } from "#shared/rpc/recipient-sets.ts";
import type { Timers } from "#shared/util/timers.ts";
import { abortableDelay } from "./abortable-delay.ts";
import { type PlayLink, whenReady } from "./play-link.ts";
import { createSharedEvent, type SharedEvent, type SharedEventRenderers } from "./shared-event.ts";

/** Where the feed hands one connection's output. */
export interface FeedSink {
  /** An event for this connection, decoded and rendered once for all its connections. */
  event(event: SharedEvent): void;
  /** Replay framing, a notice, or the end of this connection's output. */
  item(item: ConnectionItem["item"]): void;
  /** The feed broke: this connection is no longer watched and must Watch again on the next feed. */
  broken(error: unknown): void;
}

/** What one Watch asks for. */
export interface WatchOptions {
  readonly connectionId: string;
  readonly sessionId: string;
  /** Replay after this position; undefined means after the session's stored cursors. */
  readonly afterPosition: number | undefined;
}

/** Collaborators of the gateway's feed. */
export interface CoreFeedDeps {
  readonly link: PlayLink;
  readonly log: Logger;
  readonly timers: Timers;
  readonly random: () => number;
  /** This gateway run's id, for the core's logs. */
  readonly gatewayId: string;
  readonly renderers?: SharedEventRenderers;
  /**
   * The connections' end-of-turn writes (TurnEnd): the first lone event of a turn is flushed after each
   * connection it reaches, so the first connection's write does not wait for the last connection's routing.
   */
  readonly output?: Pick<TurnEnd, "early" | "flush">;
}

/** The gateway's one output stream from the core, fanned out to its connections. */
export interface CoreFeed {
  /** Routes `options.connectionId`'s items to `sink` and asks the core to watch it; opens the feed if needed. */
  watch(options: WatchOptions, sink: FeedSink, signal: AbortSignal): Promise<void>;
  /** Stops routing to `sink` (the gateway side of the watch ends at once). */
  unwatch(connectionId: string, sink: FeedSink): void;
  /** Stops the feed for good. */
  close(): void;
  /** How many times a feed was opened (attempts included) so far, for tests and /status. */
  readonly opened: number;
  /** How many connections are routed now. */
  readonly watched: number;
}

/** Reopening a feed that keeps failing while the link looks healthy backs off from 250 ms to 10 s. */
const feedBackoff: BackoffConfig = { baseMs: 250, multiplier: 2, jitter: 0.2, maxMs: 10_000 };

interface OpenFeed {
  readonly abort: AbortController;
  readonly id: Promise<string>;
  feedId: string | undefined;
}

/** Creates the feed; nothing is opened until the first watch. */
export function createCoreFeed(deps: CoreFeedDeps): CoreFeed {
  const { link } = deps;
  const log = deps.log.withTag("feed");
  const sinks = new Map<string, FeedSink>();
  const stop = new AbortController();
  let current: OpenFeed | undefined;
  let failures = 0;
  let opened = 0;

  // Invariant: output is flushed per connection only for a message of one event, the first of its turn. A
  // message of several (a replay, a burst), or a busy turn's later ones, keep each connection's lines for one
  // write at the end of the turn: one write per line per connection was the gateway's largest cost under load.
  const route = (item: FeedEvent, recipients: RecipientDecoder, alone: boolean): void => {
    if (!item.event) return;
    const ids = recipients.decode(item.event.stream, item);
    const output = deps.output;
    const flush = alone && output?.early() ? output.flush : undefined;
    let shared: SharedEvent | undefined;
    for (const id of ids) {
      const sink = sinks.get(id);
      if (!sink) continue;
      shared ??= createSharedEvent(item.event, deps.renderers);
      sink.event(shared);
      flush?.();
    }
  };

  const broke = (feed: OpenFeed, error: unknown): void => {
    if (current !== feed) return;
    current = undefined;
    feed.abort.abort(error);
    failures++;
    const broken = [...sinks.values()];
    sinks.clear();
    if (stop.signal.aborted) return;
    log.warn(
      `the feed broke: ${fromConnectError(error).message}; ${broken.length} connection(s) watch again`,
    );
    link.reportFailure(error);
    for (const sink of broken) sink.broken(error);
  };

  const consume = async (feed: OpenFeed, resolve: (id: string) => void): Promise<void> => {
    const signal = AbortSignal.any([stop.signal, feed.abort.signal]);
    await whenReady(link, signal);
    if (failures > 1)
      await abortableDelay(deps.timers, backoffDelay(failures - 2, feedBackoff, deps.random), signal);
    opened++;
    // Each feed stream names recipients as changes to its own earlier sets, so the decoder lives as long as it.
    const recipients = createRecipientDecoder();
    const handle = (item: FeedResponse["item"], alone: boolean): void => {
      if (item.case === "opened") {
        feed.feedId = item.value.feedId;
        resolve(item.value.feedId);
        return;
      }
      failures = 0;
      if (item.case === "event") route(item.value, recipients, alone);
      else if (item.case === "connection") sinks.get(item.value.connectionId)?.item(item.value.item);
    };
    for await (const res of link.client.feed({ gatewayId: deps.gatewayId }, { signal })) {
      handle(res.item, res.following.length === 0);
      for (const more of res.following) handle(more.item, false);
    }
    throw new HoloError("unavailable", "the feed ended");
  };

  const open = (): OpenFeed => {
    if (current) return current;
    const ready = Promise.withResolvers<string>();
    const feed: OpenFeed = { abort: new AbortController(), id: ready.promise, feedId: undefined };
    ready.promise.catch(() => {});
    current = feed;
    consume(feed, ready.resolve).catch((error: unknown) => {
      ready.reject(error);
      broke(feed, error);
    });
    return feed;
  };

  const untilOpen = (feed: OpenFeed, signal: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      feed.id.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });

  return {
    async watch(options, sink, signal) {
      if (stop.signal.aborted) throw new HoloError("unavailable", "the gateway is stopping");
      const feed = open();
      const feedId = await untilOpen(feed, signal);
      if (current !== feed) throw new HoloError("unavailable", "the feed broke");
      // Registered before the call: the replay may reach the feed before Watch answers.
      sinks.set(options.connectionId, sink);
      try {
        await link.client.watch(
          {
            feedId,
            sessionId: options.sessionId,
            connectionId: options.connectionId,
            ...(options.afterPosition === undefined ? {} : { afterPosition: BigInt(options.afterPosition) }),
          },
          { signal },
        );
      } catch (error) {
        if (sinks.get(options.connectionId) === sink) sinks.delete(options.connectionId);
        // An unknown feed: the core lost it (it restarted) before this feed noticed.
        if (fromConnectError(error).code === "failed_precondition") broke(feed, error);
        throw error;
      }
    },
    unwatch(connectionId, sink) {
      if (sinks.get(connectionId) === sink) sinks.delete(connectionId);
    },
    close() {
      stop.abort(new HoloError("unavailable", "the gateway is stopping"));
      current?.abort.abort(stop.signal.reason);
      current = undefined;
      sinks.clear();
    },
    get opened() {
      return opened;
    },
    get watched() {
      return sinks.size;
    },
  };
}
