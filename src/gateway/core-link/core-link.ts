import { durationMs } from "@bufbuild/protobuf/wkt";
import { type Client, Code, ConnectError } from "@connectrpc/connect";
import type { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { CORE_WIRE, wireMismatch } from "#shared/rpc/core-wire.ts";
import { assertNever } from "#shared/util/assert-never.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";
import { type BackoffConfig, backoffDelay, grpcBackoff } from "./connection-backoff.ts";
import {
  type CoreInfo,
  type CoreLinkState,
  type CoreLinkStatus,
  describeLinkState,
} from "./core-link-state.ts";

/** Collaborators of the core link. */
export interface CoreLinkDeps {
  readonly coreAddr: string;
  /** The game this gateway serves; a core answering for another game is refused. */
  readonly gameId: string;
  readonly client: Client<typeof CoreService>;
  /** The transport's last certificate identity failure, if any (CoreTransport.takeIdentityError). */
  readonly takeIdentityError?: () => string | undefined;
  readonly clock: Clock;
  readonly timers: Timers;
  /** A number in [0, 1), for backoff jitter. */
  readonly random: () => number;
  readonly log: Logger;
  readonly backoff?: BackoffConfig;
  /** How often a ready link pings the core; 5 s by default. */
  readonly healthIntervalMs?: number;
  /** How long a Ping may take; 5 s by default. */
  readonly pingTimeoutMs?: number;
}

/**
 * Pings of a ready link that may time out in a row before the core is declared lost. A core that refuses or
 * drops the connection is declared lost at once.
 */
const maxMissed = 3;

/** Whether a failed Ping only ran out of time (a busy core), rather than finding no core. */
const timedOut = (error: unknown): boolean => ConnectError.from(error).code === Code.DeadlineExceeded;

/** The gateway's link to the core: health, state and reconnection. */
export interface CoreLink extends AsyncDisposable {
  /** The CoreService client; calls fail fast with Unavailable-like errors while the core is away. */
  readonly client: Client<typeof CoreService>;
  state(): CoreLinkState;
  status(): CoreLinkStatus;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: CoreLinkState, previous: CoreLinkState) => void): () => void;
  /** Tells the link a call or stream failed (or a stream ended): it re-checks the core at once if ready. */
  reportFailure(reason: unknown): void;
  close(): Promise<void>;
}

/** Creates the link and starts connecting at once. */
export function createCoreLink(deps: CoreLinkDeps): CoreLink {
  const log = deps.log.withTag("core-link");
  const backoff = deps.backoff ?? grpcBackoff;
  const listeners = new Set<(state: CoreLinkState, previous: CoreLinkState) => void>();
  let state: CoreLinkState = { kind: "connecting", attempt: 0, since: deps.clock.now() };
  let lastError: string | undefined;
  let cancelTimer: CancelTimer | undefined;
  let inflight: AbortController | undefined;
  let closed = false;
  // Pings of the ready link that timed out in a row.
  let missed = 0;

  const moveTo = (next: CoreLinkState) => {
    const previous = state;
    state = next;
    for (const listener of [...listeners]) listener(next, previous);
  };

  const schedule = (ms: number, run: () => void) => {
    cancelTimer?.();
    cancelTimer = deps.timers.after(ms, () => {
      cancelTimer = undefined;
      run();
    });
  };

  const ping = async (): Promise<CoreInfo> => {
    inflight = new AbortController();
    const res = await deps.client.ping(
      {},
      { signal: inflight.signal, timeoutMs: deps.pingTimeoutMs ?? 5000 },
    );
    if (res.gameId.toLowerCase() !== deps.gameId.toLowerCase()) {
      throw new Error(`core at ${deps.coreAddr} serves game ${res.gameId} (expected ${deps.gameId})`);
    }
    // A core of another wire revision would send events this gateway reads as empty: it is not used.
    if (res.wire !== CORE_WIRE) throw new Error(wireMismatch("gateway", res.wire));
    return {
      gameId: res.gameId,
      version: res.version,
      commit: res.commit,
      uptimeMs: res.uptime ? durationMs(res.uptime) : 0,
    };
  };

  const failed = (attempt: number, error: unknown) => {
    lastError = deps.takeIdentityError?.() ?? describeError(error);
    const delay = backoffDelay(attempt, backoff, deps.random);
    const now = deps.clock.now();
    log.warn(`core at ${deps.coreAddr} unreachable: ${lastError}; retry in ${(delay / 1000).toFixed(1)}s`);
    moveTo({ kind: "backoff", attempt: attempt + 1, since: now, retryAt: now + delay, lastError });
    schedule(delay, () => connect(attempt + 1));
  };

  const connect = (attempt: number) => {
    if (closed) return;
    if (state.kind !== "connecting") moveTo({ kind: "connecting", attempt, since: deps.clock.now() });
    ping().then(
      (core) => {
        if (closed) return;
        lastError = undefined;
        log.info(`core: connected to ${deps.coreAddr} (game ${core.gameId}, version ${core.version})`);
        moveTo({ kind: "ready", since: deps.clock.now(), core });
        schedule(deps.healthIntervalMs ?? 5000, check);
      },
      (error: unknown) => {
        if (!closed) failed(attempt, error);
      },
    );
  };

  // Invariant: a core busy enough to miss a Ping (a burst of logins hashing passwords) is still up, so players
  // are told of an outage only on a connection failure or after maxMissed timeouts in a row.
  const check = () => {
    if (closed || state.kind !== "ready") return;
    ping().then(
      (core) => {
        if (closed || state.kind !== "ready") return;
        missed = 0;
        state = { ...state, core };
        schedule(deps.healthIntervalMs ?? 5000, check);
      },
      (error: unknown) => {
        if (closed || state.kind !== "ready") return;
        if (!timedOut(error) || missed + 1 >= maxMissed) return lost(error);
        missed += 1;
        log.warn(`core at ${deps.coreAddr} is slow: ping ${missed} of ${maxMissed} timed out`);
        schedule(deps.healthIntervalMs ?? 5000, check);
      },
    );
  };

  const lost = (error: unknown) => {
    if (closed || state.kind !== "ready") return;
    missed = 0;
    lastError = deps.takeIdentityError?.() ?? describeError(error);
    log.warn(`core: lost the connection to ${deps.coreAddr}: ${lastError}`);
    connect(0);
  };

  connect(0);

  const close = async () => {
    closed = true;
    cancelTimer?.();
    inflight?.abort();
    listeners.clear();
  };

  return {
    client: deps.client,
    state: () => state,
    status: () => describeLinkState(state, deps.coreAddr, deps.clock.now(), lastError),
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportFailure(reason) {
      switch (state.kind) {
        case "ready":
          return lost(reason);
        case "connecting":
        case "backoff":
          return;
        default:
          return assertNever(state);
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
