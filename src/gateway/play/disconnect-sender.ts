import type { MessageInitShape } from "@bufbuild/protobuf";
import { type BackoffConfig, backoffDelay } from "#gateway/core-link/connection-backoff.ts";
import type { DisconnectRequestSchema } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Timers } from "#shared/util/timers.ts";
import { abortableDelay } from "./abortable-delay.ts";
import { isReady, type PlayLink, whenReady } from "./play-link.ts";

/** One closed connection's detach, as the core's Disconnect takes it. */
export type DisconnectRequest = MessageInitShape<typeof DisconnectRequestSchema>;

/** Detaches the gateway's closed connections at the core, every one of them. */
export interface DisconnectSender {
  /**
   * Sends the detach until the core answers it, waiting out a busy core or an outage; resolves then. Refusals
   * (a session already gone) count as answers.
   */
  send(request: DisconnectRequest): Promise<void>;
  /** The gateway is stopping: from now on a detach is tried once, and only while the link is up. */
  stopping(): void;
  /** Detaches queued or under way. */
  readonly pending: number;
}

/** Collaborators of the sender. */
export interface DisconnectSenderDeps {
  readonly link: Pick<PlayLink, "client" | "state" | "onStateChange">;
  readonly timers: Timers;
  readonly random: () => number;
  readonly log: Logger;
  /** Detaches in flight at once; 16 by default. */
  readonly concurrency?: number;
}

/** Failures that say nothing about the detach itself: the core was busy, restarting or out of reach. */
const retried: ReadonlySet<string> = new Set([
  "unavailable",
  "deadline_exceeded",
  "internal",
  "resource_exhausted",
  "canceled",
]);
const retryBackoff: BackoffConfig = { baseMs: 250, multiplier: 2, jitter: 0.2, maxMs: 10_000 };

interface Queued {
  readonly request: DisconnectRequest;
  readonly done: () => void;
}

/**
 * Creates the sender. A detach that never reaches the core leaves a ghost: the core keeps the connection
 * attached, so the character stays in `who`, is never announced as gone, and its session never times out.
 * Two thousand players hanging up at once used to send two thousand calls with a 5 s deadline each; the core,
 * busy with all of them, answered some too late, and those were given up. Now a few go at a time, none has a
 * deadline (the link's own PING notices a core that stopped), and a failed one is tried again after the link
 * is back. The queue is bounded by the connections the gateway holds, since each closes once.
 */
export function createDisconnectSender(deps: DisconnectSenderDeps): DisconnectSender {
  const concurrency = deps.concurrency ?? 16;
  const queue: Queued[] = [];
  let inFlight = 0;
  // Aborted once the gateway is stopping: no detach then waits for an outage or a pause to end.
  const stop = new AbortController();
  const ignoreStop = (): void => {};
  const linkBackOrStop = () => whenReady(deps.link, stop.signal).catch(ignoreStop);
  const pauseOrStop = (ms: number) => abortableDelay(deps.timers, ms, stop.signal).catch(ignoreStop);

  const deliver = async (request: DisconnectRequest): Promise<void> => {
    for (let failures = 0; ; failures++) {
      if (!isReady(deps.link.state())) {
        if (stop.signal.aborted) return;
        await linkBackOrStop();
        continue;
      }
      try {
        await deps.link.client.disconnect(request);
        return;
      } catch (error) {
        const holo = fromConnectError(error);
        if (stop.signal.aborted || !retried.has(holo.code)) {
          deps.log.debug(`disconnect of ${request.connectionId} ended: ${holo.code}: ${holo.message}`);
          return;
        }
        if (failures === 0)
          deps.log.warn(`disconnect of ${request.connectionId} failed (${holo.code}); trying again`);
        await pauseOrStop(backoffDelay(failures, retryBackoff, deps.random));
      }
    }
  };

  const pump = (): void => {
    while (inFlight < concurrency && queue.length > 0) {
      const next = queue.shift() as Queued;
      inFlight++;
      void deliver(next.request).finally(() => {
        inFlight--;
        next.done();
        pump();
      });
    }
  };

  return {
    send(request) {
      return new Promise<void>((done) => {
        queue.push({ request, done });
        pump();
      });
    },
    stopping() {
      stop.abort();
    },
    get pending() {
      return queue.length + inFlight;
    },
  };
}
