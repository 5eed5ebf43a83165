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

// A class, not closures or an async frame: every playing connection runs one loop for its life. It is also the
// connection's feed sink and its abort listener, and a watch under way is only its fields: the loop is driven by
// the feed's answers and the watch's end, so a watched connection holds no frame, round or wait promise.
class Loop implements WatchLoop, FeedSink {
  readonly #deps: WatchLoopDeps;
  // True from the start of a watch until its end is handled; the end is its first outcome.
  #watching = false;
  // True once Watch answered and the watch's end is what the loop waits for.
  #waiting = false;
  #end: Outcome | undefined;
  // Counts watches, so a drain heard after its watch ended does not end a later one.
  #round = 0;
  // Resolves run's promise once the loop stops.
  #done: (() => void) | undefined;
  #failures = 0;
  #resumed = false;
  #refusal: { reason: unknown; cancel: CancelTimer } | undefined;
  #received = false;
  #paused = false;

  constructor(deps: WatchLoopDeps) {
    this.#deps = deps;
  }

  run(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#done = resolve;
      this.#next();
    });
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

  /** Starts the next watch, unless the connection stopped playing. */
  #next(): void {
    const deps = this.#deps;
    if (deps.signal.aborted) {
      this.#stop();
      return;
    }
    let watched: Promise<void>;
    try {
      this.#begin();
      const after = deps.output.cursor > 0 ? deps.output.cursor : undefined;
      watched = deps.feed.watch(
        { connectionId: deps.connectionId, sessionId: deps.ref.sessionId, afterPosition: after },
        this,
        deps.signal,
      );
    } catch (error) {
      this.#finish();
      this.#failed(error);
      return;
    }
    watched.then(
      () => {
        // The watch may have ended before Watch answered (the feed broke while it was under way).
        if (this.#end === undefined) this.#waiting = true;
        else this.#ended();
      },
      (error: unknown) => {
        this.#finish();
        this.#failed(error);
      },
    );
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
    this.#waiting = false;
  }

  /** The current watch ended, unless it already had; once Watch answered, the loop goes on a turn later. */
  #settle(end: Outcome): void {
    if (!this.#watching || this.#end !== undefined) return;
    this.#end = end;
    if (!this.#waiting) return;
    this.#waiting = false;
    queueMicrotask(() => this.#ended());
  }

  #ended(): void {
    const end = this.#end;
    this.#finish();
    if (end === "drained") {
      this.#failures = 0;
      this.#next();
    } else this.#failed(end?.error);
  }

  /** A watch failed: recovers, then watches again or stops. */
  #failed(error: unknown): void {
    this.#recover(error).then(
      (again) => (again ? this.#next() : this.#stop()),
      (failure: unknown) => {
        this.#deps.log.error("watch loop failed", failure as Error);
        this.#stop();
      },
    );
  }

  /** Resolves to true when the connection is to be watched again, false when the loop is over. */
  async #recover(error: unknown): Promise<boolean> {
    const deps = this.#deps;
    if (deps.signal.aborted) return false;
    this.#refusal?.cancel();
    this.#refusal = undefined;
    // Commands wait in the outbox from here until the next watch's replay is over.
    deps.output.restart();
    const holo = fromConnectError(error);
    if (holo.code === "unauthenticated") {
      await deps.commandsSettled();
      if (deps.signal.aborted) return false;
      if (!this.#resumed && (await this.#resume())) {
        this.#resumed = true;
        return true;
      }
      if (!deps.signal.aborted) deps.lost();
      return false;
    }
    // A watch that delivered something was healthy: the next failure starts the backoff afresh.
    this.#failures = this.#received ? 1 : this.#failures + 1;
    if (this.#received) this.#resumed = false;
    try {
      await deps.failed(error, this.#failures);
      await whenReady(deps.link, deps.signal);
    } catch {
      return false;
    }
    return true;
  }

  #stop(): void {
    const done = this.#done;
    this.#done = undefined;
    done?.();
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
