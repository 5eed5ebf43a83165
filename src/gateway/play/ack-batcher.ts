import type { Logger } from "#shared/log/logger.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import type { CancelTimer, Timers } from "#shared/util/timers.ts";
import type { CoreClient } from "./play-link.ts";

/** Collaborators of the ack batcher. */
export interface AckBatcherDeps {
  readonly client: Pick<CoreClient, "acknowledge">;
  readonly timers: Timers;
  readonly log: Logger;
}

/** How often moved positions are reported. */
export const ackIntervalMs = 1000;

/** Reports to the core, in batches, the last position each connection actually received. */
export interface AckBatcher {
  /** `connectionId` (on `sessionId`) handed the event at `position` to its socket. */
  received(connectionId: string, sessionId: string, position: number): void;
  /** Sends this connection's entry now if it moved; resolves once the core has it (or the call failed). */
  flush(connectionId: string): Promise<void>;
  /**
   * Takes this connection's position if it moved since it was last reported, and counts it as reported: the
   * caller carries it to the core itself (on a command).
   */
  take(connectionId: string): number | undefined;
  /** Sends every moved entry now. */
  flushAll(): Promise<void>;
  /** Stops tracking a connection (it detached); returns the last position it received, if any. */
  forget(connectionId: string): number | undefined;
  /** Stops the timer. */
  close(): void;
  /** How many entries moved since they were last sent. */
  readonly moved: number;
}

interface Entry {
  sessionId: string;
  position: number;
  sent: number;
}

/** Creates the batcher; its timer runs only while some entry has moved. */
export function createAckBatcher(deps: AckBatcherDeps): AckBatcher {
  const entries = new Map<string, Entry>();
  const moved = new Set<string>();
  let cancel: CancelTimer | undefined;
  let closed = false;

  const take = (connectionId: string): number | undefined => {
    const entry = entries.get(connectionId);
    moved.delete(connectionId);
    if (!entry || entry.position <= entry.sent) return undefined;
    entry.sent = entry.position;
    return entry.position;
  };

  const send = async (ids: readonly string[]): Promise<void> => {
    const delivered = [];
    for (const id of ids) {
      const entry = entries.get(id);
      const position = take(id);
      if (entry && position !== undefined)
        delivered.push({ sessionId: entry.sessionId, connectionId: id, position: BigInt(position) });
    }
    if (delivered.length === 0) return;
    try {
      await deps.client.acknowledge({ delivered });
    } catch (error) {
      // Known limitation: a lost report is not resent; the next move of each entry reports it again, and
      // Disconnect carries the last position anyway.
      deps.log.debug(`acknowledge failed: ${fromConnectError(error).message}`);
    }
  };

  const tick = (): void => {
    cancel = undefined;
    void send([...moved]);
  };

  return {
    received(connectionId, sessionId, position) {
      let entry = entries.get(connectionId);
      if (!entry || entry.sessionId !== sessionId) {
        entry = { sessionId, position: 0, sent: 0 };
        entries.set(connectionId, entry);
      }
      if (position <= entry.position) return;
      entry.position = position;
      moved.add(connectionId);
      if (!cancel && !closed) cancel = deps.timers.after(ackIntervalMs, tick);
    },
    flush: (connectionId) => send([connectionId]),
    take,
    flushAll: () => send([...moved]),
    forget(connectionId) {
      const entry = entries.get(connectionId);
      entries.delete(connectionId);
      moved.delete(connectionId);
      return entry && entry.position > 0 ? entry.position : undefined;
    },
    close() {
      closed = true;
      cancel?.();
      cancel = undefined;
    },
    get moved() {
      return moved.size;
    },
  };
}
