import type { Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import { charStream, type StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import type { CursorWriter } from "./cursor-writer.ts";
import { createFeedIndex } from "./feed-index.ts";
import { createFeedWatch, type FeedWatch, type FeedWatchDeps } from "./feed-watch.ts";
import { createGatewayFeed, type GatewayFeed } from "./gateway-feed.ts";
import type { LiveConnections } from "./live-connections.ts";
import type { FollowChangeOf, FollowRegistry } from "./session-following.ts";
import type { SessionLookup } from "./session-lookup.ts";
import type { SessionRecord, SessionStore } from "./session-store.ts";

/** The open feeds of every gateway, fed by one broadcaster listener. */
export interface FeedHub extends Disposable {
  /** Opens a feed for a gateway; read its items from `queue`, and end it when the gateway goes away. */
  open(gatewayId: string): GatewayFeed;
  /**
   * Adds a connection to a feed and resolves once its replay is queued. Unknown feed: failed_precondition;
   * a session that is gone or does not have this connection attached: unauthenticated.
   */
  watch(feedId: string, sessionId: string, connectionId: string, afterPosition?: number): Promise<void>;
  /** Records what a connection received: its session's cursors advance from it, in memory (CursorWriter). */
  acknowledge(sessionId: string, connectionId: string, position: number): Promise<void>;
  status(): { feeds: number; watches: number };
  /** Connections on this core's feeds watching `stream` now: how many would see an event of it. */
  audience(stream: string): number;
}

/** What the hub needs. */
export interface FeedHubDeps {
  readonly store: SessionStore;
  readonly events: EventStore;
  readonly broadcaster: Broadcaster;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
  readonly replayLimit: number;
  readonly live: LiveConnections<FeedWatch>;
  readonly follows: FollowRegistry;
  readonly cursors: CursorWriter;
  readonly lookup: SessionLookup;
  readonly require: (
    sessionId: string,
    connectionId: string,
  ) => Promise<{ session: SessionRecord; character: Character }>;
  /** The change of followed streams an event causes (a move, a channel join); applied as it is dispatched. */
  readonly followChangeOf?: FollowChangeOf;
  /** Replays read and queued at once across all feeds; 4 by default. */
  readonly concurrentReplays?: number;
  /** Live events waiting on one feed before it ends with resource_exhausted; 16,384 by default. */
  readonly feedBound?: number;
  readonly stampReplay?: FeedWatchDeps["stampReplay"];
}

const shuttingDown = () => new HoloError("unavailable", "The game is shutting down.");
const noFeed = () => new HoloError("failed_precondition", "That feed is not open.");

/**
 * Creates the hub. Invariant: each committed event is looked up once in the index, offered only to the
 * watches of its stream, and queued at most once per feed, as one item with all of that feed's connections.
 */
export function createFeedHub(deps: FeedHubDeps): FeedHub {
  const bound = deps.feedBound ?? 16_384;
  const feeds = new Map<string, GatewayFeed>();
  const index = createFeedIndex<FeedWatch>();
  const feedOf = new WeakMap<FeedWatch, GatewayFeed>();
  // A replay holds its selection (up to the replay limit) in memory until it is queued: a few at a time, so a
  // thousand logins at once do not hold a thousand replays.
  const replays = createSemaphore(deps.concurrentReplays ?? 4);
  let closed = false;

  // Invariant: a change of followed streams is applied before the next event is dispatched, so the events
  // after it reach the character's watches live and in position order, not caught up from the store later.
  const followChange = (event: StoredEvent) => {
    const caused = deps.followChangeOf?.(event);
    if (!caused) return;
    const sessions = new Set<string>();
    for (const watch of index.watchersOf(charStream(caused.characterId)) ?? []) sessions.add(watch.sessionId);
    for (const sessionId of sessions) deps.follows.change(sessionId, caused.change, event.position);
  };

  const listening = deps.broadcaster.listen((event) => {
    followChange(event);
    const watchers = index.watchersOf(event.stream);
    if (!watchers) return;
    const groups = new Map<GatewayFeed, string[]>();
    for (const watch of watchers) {
      if (!watch.offer(event)) continue;
      const feed = feedOf.get(watch);
      if (!feed) continue;
      const ids = groups.get(feed);
      if (ids) ids.push(watch.connectionId);
      else groups.set(feed, [watch.connectionId]);
    }
    for (const [feed, connectionIds] of groups)
      feed.queue.push({ kind: "event", event, connectionIds }, true);
  });

  const ended = (watch: FeedWatch) => {
    index.remove(watch);
    const feed = feedOf.get(watch);
    if (feed?.watches.get(watch.connectionId) === watch) feed.watches.delete(watch.connectionId);
    if (!deps.live.has(watch.sessionId))
      deps.store.setDetachedAt(watch.sessionId, deps.clock.now()).catch(() => {});
  };

  // Made once and shared by every watch, not per connection.
  const replayTurn: FeedWatchDeps["replayTurn"] = (task) => replays.run(task);
  const dispatched = () => deps.broadcaster.position;
  const onStreams = (w: FeedWatch) => {
    if (!w.ended) index.set(w, w.streams());
  };

  async function watch(feedId: string, sessionId: string, connectionId: string, after?: number) {
    if (!feeds.get(feedId)) throw noFeed();
    const { session, character } = await deps.require(sessionId, connectionId);
    const followed = await deps.lookup.streamsOf(character);
    const fallback = after ?? (await deps.events.lastPosition());
    const feed = feeds.get(feedId);
    if (!feed || feed.ended) throw noFeed();
    const ends = session.ends ?? {};
    const start = Object.fromEntries(
      [...followed, ...Object.keys(ends)].map((s) => [s, after ?? session.cursors[s] ?? fallback]),
    );
    // A connection has one output: watching it again (a new feed, a retry) ends the older watch.
    deps.live.end(sessionId, connectionId);
    feed.watches.get(connectionId)?.end();
    const created = createFeedWatch({
      sessionId,
      connectionId,
      queue: feed.queue,
      events: deps.events,
      live: deps.live,
      log: deps.log,
      replayLimit: deps.replayLimit,
      privateStream: charStream(character.id),
      characterId: character.id,
      followed,
      start,
      following: deps.follows.open(sessionId, start, ends),
      heldBound: bound,
      replayTurn,
      dispatched,
      onStreams,
      onEnd: ended,
      ...(deps.stampReplay ? { stampReplay: deps.stampReplay } : {}),
    });
    if (created.ended) throw new HoloError("unauthenticated", "This connection is no longer attached.");
    feedOf.set(created, feed);
    feed.watches.set(connectionId, created);
    index.set(created, created.streams());
    const replaying = created.replay();
    try {
      await deps.store.setDetachedAt(sessionId, undefined);
      // The watch may have ended while the store was written (a detach, the feed's end): do not leave it attached.
      if (created.ended && !deps.live.has(sessionId))
        await deps.store.setDetachedAt(sessionId, deps.clock.now());
      await replaying;
    } catch (error) {
      replaying.catch(() => {});
      created.end();
      throw error;
    }
  }

  return {
    open(gatewayId) {
      const feed = createGatewayFeed({
        id: deps.newId(),
        gatewayId,
        liveBound: bound,
        onEnd: (f, error) => {
          feeds.delete(f.id);
          if (error) deps.log.warn("feed ended", { feedId: f.id, gatewayId, error: error.message });
        },
      });
      if (closed) feed.end(shuttingDown());
      else feeds.set(feed.id, feed);
      return feed;
    },
    watch,
    async acknowledge(sessionId, connectionId, position) {
      const watching = deps.live.output(sessionId, connectionId);
      if (watching) {
        const cursors = watching.acknowledge(position);
        if (cursors) deps.cursors.advance(sessionId, cursors);
        return;
      }
      // No watch now (its feed ended first): every stream the session has a cursor for, up to its end.
      const session = await deps.store.get(sessionId);
      if (!session) return;
      const ends = session.ends ?? {};
      const streams = new Set([...Object.keys(session.cursors), ...Object.keys(ends)]);
      deps.cursors.advance(
        sessionId,
        Object.fromEntries([...streams].map((s) => [s, Math.min(position, ends[s] ?? position)])),
      );
    },
    status: () => ({ feeds: feeds.size, watches: index.size }),
    audience: (stream) => index.countOf(stream),
    [Symbol.dispose]() {
      closed = true;
      listening[Symbol.dispose]();
      for (const feed of [...feeds.values()]) feed.end(shuttingDown());
    },
  };
}
