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

/** How one watch ended: the connection fell behind and drained again, or the watch failed with `error`. */
type Outcome = "drained" | { readonly error: unknown };

/**
 * Creates the loop that keeps a connection watched on the feed: a broken feed or a failed Watch means "watch
 * again from the cursor" once the link is ready; an unknown session is resumed with the token once.
 */
export function createWatchLoop(deps: WatchLoopDeps): WatchLoop {
  return new Loop(deps);
}

// A class, not closures: every playing connection runs one loop for its life. It is also the connection's feed
// sink and its abort listener, and a watch waits in run's one frame on one promise, so a watched connection
// holds no sink, listener or round objects of its own.
class Loop implements WatchLoop, FeedSink {
  readonly #deps: WatchLoopDeps;
  // True from the start of a watch until its end is handled; the end is its first outcome.
  #watching = false;
  #end: Outcome | undefined;
  // Counts watches, so a drain heard after its watch ended does not end a later one.
  #round = 0;
  // Resolves run's wait for the current watch's end.
  #wake: (() => void) | undefined;
  #refusal: { reason: unknown; cancel: CancelTimer } | undefined;
  #received = false;
  #paused = false;

  constructor(deps: WatchLoopDeps) {
    this.#deps = deps;
  }

  async run(): Promise<void> {
    const deps = this.#deps;
    try {
      let failures = 0;
      let resumed = false;
      while (!deps.signal.aborted) {
        try {
          this.#begin();
          try {
            const after = deps.output.cursor > 0 ? deps.output.cursor : undefined;
            await deps.feed.watch(
              { connectionId: deps.connectionId, sessionId: deps.ref.sessionId, afterPosition: after },
              this,
              deps.signal,
            );
            // The watch may have ended before it is waited for (the feed broke while Watch was under way).
            await (this.#end === undefined
              ? new Promise<void>((resolve) => (this.#wake = resolve))
              : undefined);
            const end = this.#end;
            if (end !== "drained") throw end?.error;
          } finally {
            this.#finish();
          }
          failures = 0;
        } catch (error) {
          if (deps.signal.aborted) return;
          this.#refusal?.cancel();
          this.#refusal = undefined;
          // Commands wait in the outbox from here until the next watch's replay is over.
          deps.output.restart();
          const holo = fromConnectError(error);
          if (holo.code === "unauthenticated") {
            await deps.commandsSettled();
            if (deps.signal.aborted) return;
            if (!resumed && (await this.#resume())) {
              resumed = true;
              continue;
            }
            if (!deps.signal.aborted) deps.lost();
            return;
          }
          // A watch that delivered something was healthy: the next failure starts the backoff afresh.
          failures = this.#received ? 1 : failures + 1;
          if (this.#received) resumed = false;
          try {
            await deps.failed(error, failures);
            await whenReady(deps.link, deps.signal);
          } catch {
            return;
          }
        }
      }
    } catch (error) {
      deps.log.error("watch loop failed", error as Error);
    }
  }

  broken(reason: unknown): void {
    this.#settle({ error: reason });
  }

  refused(reason: unknown): void {
    const deps = this.#deps;
    if (this.#refusal || deps.signal.aborted) return;
    const cancel = deps.timers.after(deps.verdictMs ?? 2000, () => this.#settle({ error: reason }));
    this.#refusal = { reason, cancel };
  }

  // FeedSink

  event(event: SharedEvent): void {
    if (this.#paused || this.#refusal) return;
    const conn = this.#deps.conn;
    // Invariant: a slow reader never slows the room; it is skipped, and its cursor says where to replay from.
    if (conn.backlogged) {
      this.#paused = true;
      const round = this.#round;
      const off = conn.onDrained(() => {
        off();
        if (this.#round === round) this.#settle("drained");
      });
      return;
    }
    this.#deliver(event);
  }

  item(item: OutputItem): void {
    this.#deliver(item);
  }

  // The signal aborted while a watch was under way.
  handleEvent(): void {
    this.#settle({ error: this.#deps.signal.reason });
  }

  #begin(): void {
    this.#round++;
    this.#watching = true;
    this.#end = undefined;
    // A new Watch asks the core afresh whether the connection is attached.
    this.#refusal?.cancel();
    this.#refusal = undefined;
    this.#paused = false;
    const deps = this.#deps;
    deps.signal.addEventListener("abort", this, { once: true });
    deps.output.restart();
    this.#received = false;
  }

  #finish(): void {
    const deps = this.#deps;
    deps.signal.removeEventListener("abort", this);
    deps.feed.unwatch(deps.connectionId, this);
    this.#watching = false;
    this.#wake = undefined;
  }

  /** The current watch ended, unless it already had. */
  #settle(end: Outcome): void {
    if (!this.#watching || this.#end !== undefined) return;
    this.#end = end;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #deliver(item: OutputItem | SharedEvent): void {
    const deps = this.#deps;
    const output = deps.output;
    if (!this.#received) deps.connected();
    this.#received = true;
    const wasLive = output.live;
    // An event is shown as it came: a fan-out makes no item object per connection.
    if ("view" in item) output.event(item);
    else output.show(item);
    if (!wasLive && output.live) deps.live();
  }

  async #resume(): Promise<boolean> {
    const { link, ref, connectionId, signal } = this.#deps;
    try {
      const res = await link.client.resumeSession(
        { resumeToken: ref.resumeToken, connectionId, clientAddress: "" },
        { signal },
      );
      if (!res.session) return false;
      ref.sessionId = res.session.sessionId;
      ref.resumeToken = res.session.resumeToken;
      this.#deps.resumed?.(ref);
      return true;
    } catch {
      return false;
    }
  }
}
