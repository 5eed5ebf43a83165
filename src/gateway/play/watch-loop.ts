import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";
import type { CoreFeed, FeedSink } from "./core-feed.ts";
import { type PlayLink, whenReady } from "./play-link.ts";
import type { SharedEvent } from "./shared-event.ts";
import type { OutputItem, StreamOutput } from "./stream-output.ts";

/** Which session a connection is attached to; both change when the session is resumed with the token. */
export interface SessionRef {
  sessionId: string;
  resumeToken: string;
}

/** Collaborators of the watch loop. */
export interface WatchLoopDeps {
  readonly feed: CoreFeed;
  readonly link: PlayLink;
  readonly connectionId: string;
  readonly ref: SessionRef;
  readonly output: StreamOutput;
  /** Its send buffer: a backlogged connection is dropped from the fan-out until it drains. */
  readonly conn: Pick<TelnetConnection, "backlogged" | "onDrained">;
  readonly timers: Timers;
  readonly log: Logger;
  /** Aborted when the connection stops playing. */
  readonly signal: AbortSignal;
  /** Live delivery began (the replay is over): queued commands may go. */
  readonly live: () => void;
  /** The session was resumed with the token; `ref` holds the new session id and token. */
  readonly resumed?: (ref: SessionRef) => void;
  /** The watch failed for the `failures`-th time in a row; resolves when a retry may start. */
  readonly failed: (error: unknown, failures: number) => Promise<void>;
  /** The first item of a watch arrived. */
  readonly connected: () => void;
  /** The session is gone and cannot be resumed. */
  readonly lost: () => void;
  /** Resolves once no command of this connection awaits its answer (a resume must not race a quit). */
  readonly commandsSettled: () => Promise<void>;
  /** How long a refused connection waits for its closed or switched item before resuming; 2 s by default. */
  readonly verdictMs?: number;
}

/** The watch loop of one connection. */
export interface WatchLoop {
  /** Runs until the signal aborts or the session is lost; never rejects. */
  run(): Promise<void>;
  /** Ends the current watch (e.g. a command found the core gone): the connection watches again from its cursor. */
  broken(reason: unknown): void;
  /**
   * The core refused a command: this connection is no longer attached. Its events stop at once; its closed or
   * switched item still ends it, and if none comes within verdictMs the session is resumed (or lost).
   */
  refused(reason: unknown): void;
}

/** How one watch ended without an error: the connection fell behind and drained again. */
type Outcome = "drained";

/**
 * Creates the loop that keeps a connection watched on the feed: a broken feed or a failed Watch means "watch
 * again from the cursor" once the link is ready; an unknown session is resumed with the token once.
 */
export function createWatchLoop(deps: WatchLoopDeps): WatchLoop {
  const { feed, link, ref, output, conn } = deps;
  let current: PromiseWithResolvers<Outcome> | undefined;
  let refusal: { reason: unknown; cancel: CancelTimer } | undefined;
  let received = false;

  const resume = async (): Promise<boolean> => {
    try {
      const res = await link.client.resumeSession(
        { resumeToken: ref.resumeToken, connectionId: deps.connectionId, clientAddress: "" },
        { signal: deps.signal },
      );
      if (!res.session) return false;
      ref.sessionId = res.session.sessionId;
      ref.resumeToken = res.session.resumeToken;
      deps.resumed?.(ref);
      return true;
    } catch {
      return false;
    }
  };

  const watchOnce = async (): Promise<Outcome> => {
    const round = Promise.withResolvers<Outcome>();
    // The round may end before it is awaited (the feed breaks while Watch is under way).
    round.promise.catch(() => {});
    current = round;
    // A new Watch asks the core afresh whether the connection is attached.
    refusal?.cancel();
    refusal = undefined;
    let paused = false;
    const deliver = (item: OutputItem | SharedEvent): void => {
      if (!received) deps.connected();
      received = true;
      const wasLive = output.live;
      // An event is shown as it came: a fan-out makes no item object per connection.
      if ("view" in item) output.event(item);
      else output.show(item);
      if (!wasLive && output.live) deps.live();
    };
    const sink: FeedSink = {
      event(event) {
        if (paused || refusal) return;
        // Invariant: a slow reader never slows the room; it is skipped, and its cursor says where to replay from.
        if (conn.backlogged) {
          paused = true;
          const off = conn.onDrained(() => {
            off();
            round.resolve("drained");
          });
          return;
        }
        deliver(event);
      },
      item: (item) => deliver(item),
      broken: (error) => round.reject(error),
    };
    const onAbort = () => round.reject(deps.signal.reason);
    deps.signal.addEventListener("abort", onAbort, { once: true });
    output.restart();
    received = false;
    try {
      const after = output.cursor > 0 ? output.cursor : undefined;
      await feed.watch(
        { connectionId: deps.connectionId, sessionId: ref.sessionId, afterPosition: after },
        sink,
        deps.signal,
      );
      return await round.promise;
    } finally {
      deps.signal.removeEventListener("abort", onAbort);
      feed.unwatch(deps.connectionId, sink);
      if (current === round) current = undefined;
    }
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    let resumed = false;
    while (!deps.signal.aborted) {
      try {
        await watchOnce();
        failures = 0;
      } catch (error) {
        if (deps.signal.aborted) return;
        refusal?.cancel();
        refusal = undefined;
        // Commands wait in the outbox from here until the next watch's replay is over.
        output.restart();
        const holo = fromConnectError(error);
        if (holo.code === "unauthenticated") {
          await deps.commandsSettled();
          if (deps.signal.aborted) return;
          if (!resumed && (await resume())) {
            resumed = true;
            continue;
          }
          if (!deps.signal.aborted) deps.lost();
          return;
        }
        // A watch that delivered something was healthy: the next failure starts the backoff afresh.
        failures = received ? 1 : failures + 1;
        if (received) resumed = false;
        try {
          await deps.failed(error, failures);
          await whenReady(link, deps.signal);
        } catch {
          return;
        }
      }
    }
  };

  return {
    run: () => run().catch((error: unknown) => deps.log.error("watch loop failed", error as Error)),
    broken(reason) {
      current?.reject(reason);
    },
    refused(reason) {
      if (refusal || deps.signal.aborted) return;
      const cancel = deps.timers.after(deps.verdictMs ?? 2000, () => current?.reject(reason));
      refusal = { reason, cancel };
    },
  };
}
