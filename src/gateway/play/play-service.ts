import type { ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { Session } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Timers } from "#shared/util/timers.ts";
import { type AckBatcher, createAckBatcher } from "./ack-batcher.ts";
import { defaultOutboxLimits, type OutboxLimits } from "./command-outbox.ts";
import { type ConnectionFlow, type ConnectionFlowDeps, createConnectionFlow } from "./connection-flow.ts";
import { type CoreFeed, type CoreFeedDeps, createCoreFeed } from "./core-feed.ts";
import { createDisconnectSender, type DisconnectSender } from "./disconnect-sender.ts";
import { createOutageNotices, type OutageNotices } from "./outage-notices.ts";
import { isReady, type PlayLink } from "./play-link.ts";
import { playerErrorText } from "./player-error-text.ts";
import type { SharedEventRenderers } from "./shared-event.ts";

/** Collaborators of the play service, chosen by the gateway's composition root. */
export interface PlayServiceDeps {
  /** The core link (createCoreLink): its client, its state and state changes. */
  readonly link: PlayLink;
  readonly log: Logger;
  readonly clock: Clock;
  readonly timers: Timers;
  /** A number in [0, 1), for retry jitter. */
  readonly random: () => number;
  /** Makes each connection's id for the core (ULIDs). */
  readonly newId: NewId;
  readonly gameName: string;
  /** Replaces the default welcome banner (server markup). */
  readonly banner?: string;
  /** How many typed commands wait per connection before its input is held; defaultOutboxLimits by default. */
  readonly outboxLimits?: OutboxLimits;
  /** Replaces the event renderers (tests count calls). */
  readonly renderers?: SharedEventRenderers;
  /** The connections' end-of-turn writes, flushed early by a lone event's fan-out (CoreFeedDeps.output). */
  readonly output?: CoreFeedDeps["output"];
}

/** Counts for /status and MSSP. */
export interface PlayStats {
  readonly connections: number;
  readonly playing: number;
}

/** How a connection starts: by default a new connection id and the login screen. */
export interface ConnectionStart {
  /** The connection id for the core; a new ULID when absent. */
  readonly connectionId?: string;
  /** A session already resumed on `connectionId` (see resume): the flow starts in play. */
  readonly resumed?: Session;
}

/** The answer to a resume: the session, or the player's text for why not. */
export type ResumeResult = { readonly session: Session } | { readonly refused: string };

/** The gateway's play layer: the connection flow and game session of every connection, telnet or web. */
export interface PlayService extends AsyncDisposable {
  /** The servers' handler factory: one handler per connection. */
  onConnection(conn: TelnetConnection, start?: ConnectionStart): ConnectionHandler;
  /** Attaches `connectionId` to the session of a resume token (single use: the session carries a new one). */
  resume(token: string, connectionId: string, clientAddress: string): Promise<ResumeResult>;
  stats(): PlayStats;
  /** The gateway's one feed from the core. */
  readonly feed: CoreFeed;
  /** Detaches every playing connection from its session (the gateway stops) and stops following the link. */
  close(): Promise<void>;
}

/** Why a resume token was refused: used, replaced by a later login, expired, or never issued. */
export const resumeRefused = "[Your earlier session could not be resumed. Please log in again.]";

/**
 * Creates the play service. Every playing connection is watched on one feed, opened at the first login. While
 * the core is away every connection is told once, and its socket stays open.
 */
export function createPlayService(deps: PlayServiceDeps): PlayService {
  const log = deps.log.withTag("play");
  // Each connection's flow, by its outage notices.
  const entries = new Map<OutageNotices, ConnectionFlow>();
  let closed = false;
  const feed = createCoreFeed({
    link: deps.link,
    log: deps.log,
    timers: deps.timers,
    random: deps.random,
    gatewayId: deps.newId(),
    ...(deps.renderers === undefined ? {} : { renderers: deps.renderers }),
    ...(deps.output === undefined ? {} : { output: deps.output }),
  });
  const acks = createAckBatcher({ client: deps.link.client, timers: deps.timers, log });
  const disconnects = createDisconnectSender({
    link: deps.link,
    timers: deps.timers,
    random: deps.random,
    log,
  });

  const shared: FlowShared = { deps, feed, acks, disconnects, entries };

  const offLink = deps.link.onStateChange((state, previous) => {
    if (isReady(previous) && !isReady(state)) {
      log.warn(`core link lost; telling ${entries.size} connection(s) the game is restarting`);
      for (const notices of entries.keys()) notices.restarting();
    } else if (isReady(state) && !isReady(previous)) {
      // A playing connection whose stream broke says "[Reconnected.]" itself, once the stream is back.
      for (const [notices, flow] of entries) {
        const state = flow.state;
        if (state.kind !== "playing" || state.game.live) notices.reconnected();
      }
    }
  });

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    offLink();
    // Stopping, the gateway tries each detach once while the link is up and waits out no outage.
    disconnects.stopping();
    await Promise.allSettled([...entries.values()].map((flow) => flow.shutdown()));
    entries.clear();
    await acks.flushAll();
    acks.close();
    feed.close();
  };

  return {
    onConnection(conn, start = {}) {
      const notices = createOutageNotices(conn);
      const flow = createConnectionFlow(
        new FlowDeps(shared, conn, start.connectionId ?? deps.newId(), notices, start.resumed),
      );
      entries.set(notices, flow);
      return flow;
    },
    async resume(token, connectionId, clientAddress) {
      try {
        const res = await deps.link.client.resumeSession({ resumeToken: token, connectionId, clientAddress });
        if (res.session?.character) return { session: res.session };
        return { refused: resumeRefused };
      } catch (error) {
        log.info(`resume on connection ${connectionId} refused`);
        const expired = fromConnectError(error).code === "unauthenticated";
        return { refused: expired ? resumeRefused : playerErrorText(error) };
      }
    },
    stats() {
      let playing = 0;
      for (const flow of entries.values()) if (flow.state.kind === "playing") playing++;
      return { connections: entries.size, playing };
    },
    feed,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** What every connection's flow shares: the service's collaborators and its flows. */
interface FlowShared {
  readonly deps: PlayServiceDeps;
  readonly feed: CoreFeed;
  readonly acks: AckBatcher;
  readonly disconnects: DisconnectSender;
  /** Each connection's flow, by its outage notices. */
  readonly entries: Map<OutageNotices, ConnectionFlow>;
}

// A class, not an object literal and a closure: every connection's flow holds its deps for its life, so the
// service's shared parts are read through and `closed` is a shared method.
class FlowDeps implements ConnectionFlowDeps {
  readonly #shared: FlowShared;
  readonly conn: TelnetConnection;
  readonly connectionId: string;
  readonly notices: OutageNotices;
  declare readonly resumed?: Session;
  declare readonly banner?: string;

  constructor(
    shared: FlowShared,
    conn: TelnetConnection,
    connectionId: string,
    notices: OutageNotices,
    resumed: Session | undefined,
  ) {
    this.#shared = shared;
    this.conn = conn;
    this.connectionId = connectionId;
    this.notices = notices;
    if (resumed !== undefined) this.resumed = resumed;
    if (shared.deps.banner !== undefined) this.banner = shared.deps.banner;
  }

  get link(): PlayLink {
    return this.#shared.deps.link;
  }

  get feed(): CoreFeed {
    return this.#shared.feed;
  }

  get acks(): AckBatcher {
    return this.#shared.acks;
  }

  get disconnects(): DisconnectSender {
    return this.#shared.disconnects;
  }

  get log(): Logger {
    return this.#shared.deps.log;
  }

  get timers(): Timers {
    return this.#shared.deps.timers;
  }

  get random(): () => number {
    return this.#shared.deps.random;
  }

  get outboxLimits(): OutboxLimits {
    return this.#shared.deps.outboxLimits ?? defaultOutboxLimits;
  }

  get gameName(): string {
    return this.#shared.deps.gameName;
  }

  closed(): void {
    this.#shared.entries.delete(this.notices);
  }
}
