import type { ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Timers } from "#shared/util/timers.ts";
import { createAckBatcher } from "./ack-batcher.ts";
import { defaultOutboxLimits, type OutboxLimits } from "./command-outbox.ts";
import { type ConnectionFlow, createConnectionFlow } from "./connection-flow.ts";
import { type CoreFeed, createCoreFeed } from "./core-feed.ts";
import { createOutageNotices, type OutageNotices } from "./outage-notices.ts";
import { isReady, type PlayLink } from "./play-link.ts";
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
}

/** Counts for /status and MSSP. */
export interface PlayStats {
  readonly connections: number;
  readonly playing: number;
}

/** The gateway's play layer: the connection flow and game session of every telnet connection. */
export interface PlayService extends AsyncDisposable {
  /** The telnet server's handler factory: one handler per connection. */
  onConnection(conn: TelnetConnection): ConnectionHandler;
  stats(): PlayStats;
  /** The gateway's one feed from the core. */
  readonly feed: CoreFeed;
  /** Detaches every playing connection from its session (the gateway stops) and stops following the link. */
  close(): Promise<void>;
}

interface Entry {
  readonly flow: ConnectionFlow;
  readonly notices: OutageNotices;
}

/**
 * Creates the play service. Every playing connection is watched on one feed, opened at the first login. While
 * the core is away every connection is told once, and its socket stays open.
 */
export function createPlayService(deps: PlayServiceDeps): PlayService {
  const log = deps.log.withTag("play");
  const entries = new Set<Entry>();
  let closed = false;
  const feed = createCoreFeed({
    link: deps.link,
    log: deps.log,
    timers: deps.timers,
    random: deps.random,
    gatewayId: deps.newId(),
    ...(deps.renderers === undefined ? {} : { renderers: deps.renderers }),
  });
  const acks = createAckBatcher({ client: deps.link.client, timers: deps.timers, log });

  const offLink = deps.link.onStateChange((state, previous) => {
    if (isReady(previous) && !isReady(state)) {
      log.warn(`core link lost; telling ${entries.size} connection(s) the game is restarting`);
      for (const entry of entries) entry.notices.restarting();
    } else if (isReady(state) && !isReady(previous)) {
      // A playing connection whose stream broke says "[Reconnected.]" itself, once the stream is back.
      for (const entry of entries) {
        const state = entry.flow.state;
        if (state.kind !== "playing" || state.game.live) entry.notices.reconnected();
      }
    }
  });

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    offLink();
    await Promise.allSettled([...entries].map((entry) => entry.flow.shutdown()));
    entries.clear();
    await acks.flushAll();
    acks.close();
    feed.close();
  };

  return {
    onConnection(conn) {
      const notices = createOutageNotices(conn);
      const flow = createConnectionFlow({
        conn,
        link: deps.link,
        feed,
        acks,
        connectionId: deps.newId(),
        notices,
        log: deps.log,
        timers: deps.timers,
        random: deps.random,
        outboxLimits: deps.outboxLimits ?? defaultOutboxLimits,
        gameName: deps.gameName,
        ...(deps.banner === undefined ? {} : { banner: deps.banner }),
      });
      const entry = { flow, notices };
      entries.add(entry);
      return {
        onLine: (line) => flow.onLine(line),
        onClose: (reason) => {
          entries.delete(entry);
          flow.onClose(reason);
        },
      };
    },
    stats() {
      let playing = 0;
      for (const entry of entries) if (entry.flow.state.kind === "playing") playing++;
      return { connections: entries.size, playing };
    },
    feed,
    close,
    [Symbol.asyncDispose]: close,
  };
}
