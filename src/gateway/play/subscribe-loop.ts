import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Timers } from "#shared/util/timers.ts";
import { type PlayLink, whenReady } from "./play-link.ts";
import type { StreamOutput } from "./stream-output.ts";

/** Which session a connection is attached to; both change when the session is resumed with the token. */
export interface SessionRef {
  sessionId: string;
  resumeToken: string;
}

/** Collaborators of the Subscribe loop. */
export interface SubscribeLoopDeps {
  readonly link: PlayLink;
  readonly connectionId: string;
  readonly ref: SessionRef;
  readonly output: StreamOutput;
  readonly log: Logger;
  /** Aborted when the connection stops playing. */
  readonly signal: AbortSignal;
  /** Live delivery began (the replay is over): queued commands may go. */
  readonly live: () => void;
  /** The stream failed for the `failures`-th time in a row; resolves when a retry may start. */
  readonly failed: (error: unknown, failures: number) => Promise<void>;
  /** The first item of a stream arrived. */
  readonly connected: () => void;
  /** The session is gone and cannot be resumed. */
  readonly lost: () => void;
  /**
   * Resolves once no command of this connection awaits its answer. Invariant: the core ends the stream of
   * a connection it detaches (quit) before it answers the command, so the stream waits for that answer
   * before resuming: a resume would attach the connection again.
   */
  readonly commandsSettled: () => Promise<void>;
}

/** The Subscribe loop of one connection. */
export interface SubscribeLoop {
  /** Runs until the signal aborts or the session is lost; never rejects. */
  run(): Promise<void>;
  /** Ends the current stream (e.g. a command found the core gone): it will be reopened from the cursor. */
  broken(reason: unknown): void;
}

/**
 * Creates the loop that keeps a Subscribe stream open: any error, and a clean end too (a core that stops may end it cleanly), means
 * "reopen from the cursor", after the link is ready again; an unknown session is resumed with the token once.
 */
export function createSubscribeLoop(deps: SubscribeLoopDeps): SubscribeLoop {
  const { link, ref, output } = deps;
  let current: AbortController | undefined;
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
      return true;
    } catch {
      return false;
    }
  };

  const openOnce = async (): Promise<void> => {
    current = new AbortController();
    const signal = AbortSignal.any([deps.signal, current.signal]);
    output.restart();
    const after = output.cursor > 0 ? { afterPosition: BigInt(output.cursor) } : {};
    const items = link.client.subscribe(
      { sessionId: ref.sessionId, connectionId: deps.connectionId, ...after },
      { signal },
    );
    received = false;
    for await (const item of items) {
      if (!received) deps.connected();
      received = true;
      const wasLive = output.live;
      output.show(item);
      if (!wasLive && output.live) deps.live();
    }
    throw new HoloError("unavailable", "the output stream ended");
  };

  const run = async (): Promise<void> => {
    let failures = 0;
    let resumed = false;
    while (!deps.signal.aborted) {
      try {
        await openOnce();
      } catch (error) {
        if (deps.signal.aborted) return;
        // Commands wait in the outbox from here until the next stream's replay is over.
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
        // A stream that delivered something was healthy: the next failure starts the backoff afresh.
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
    run: () => run().catch((error: unknown) => deps.log.error("output stream loop failed", error as Error)),
    broken(reason) {
      current?.abort(reason);
    },
  };
}

/** Resolves after `ms` on `timers`, or rejects when `signal` aborts first. */
export function abortableDelay(timers: Timers, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    const cancel = timers.after(ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
