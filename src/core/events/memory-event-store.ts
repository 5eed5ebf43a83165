import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { planAppends, prepareAppend } from "./append-plan.ts";
import type { StoredEvent } from "./event.ts";
import type { EventStore } from "./event-store.ts";
import { createLiveFeed } from "./live-feed.ts";
import {
  checkPosition,
  checkRead,
  countAfterCursors,
  fairShareCut,
  readAfterCursors,
} from "./read-streams.ts";

/** What the memory event store needs. */
export interface MemoryEventStoreDeps {
  readonly log: Logger;
}

/** Creates an event store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryEventStore(deps: MemoryEventStoreDeps): EventStore {
  const events: StoredEvent[] = [];
  const byId = new Map<string, StoredEvent>();
  const versions = new Map<string, number>();
  let closed = false;

  const after = (position: number) => {
    // Invariant: events[i].position === i + 1.
    return events.slice(Math.max(0, position));
  };
  const feed = createLiveFeed({
    read: async (position, limit) => after(position).slice(0, limit),
    log: deps.log,
  });

  const close = async () => {
    closed = true;
    feed.close();
  };

  return {
    async append(input, options) {
      const request = prepareAppend(input, options);
      if (closed) throw new HoloError("unavailable", "The event store is closed.");
      const plan = planAppends([request], { existing: byId, versions, head: events.length });
      for (const event of plan.inserts) {
        events.push(event);
        byId.set(event.id, event);
        versions.set(event.stream, event.version);
      }
      if (plan.inserts.length > 0) feed.wake();
      const [outcome] = plan.outcomes;
      if (!outcome?.ok) throw outcome?.error;
      return outcome.events;
    },
    async replay(stream, afterPosition, limit) {
      checkRead(stream, afterPosition, limit);
      return after(afterPosition)
        .filter((e) => e.stream === stream)
        .slice(0, limit);
    },
    async readStreams(cursors, limit, options) {
      return readAfterCursors(after(0), cursors, limit, options);
    },
    async readFairShare(stream, afterPosition, upToPosition, limit) {
      checkRead(stream, afterPosition, limit);
      checkPosition(upToPosition);
      const range = after(afterPosition).filter((e) => e.stream === stream && e.position <= upToPosition);
      return fairShareCut(range, limit);
    },
    async countAfter(cursors, options) {
      return countAfterCursors(after(0), cursors, options);
    },
    async lastPosition(stream) {
      if (stream === undefined) return events.length;
      return events.findLast((e) => e.stream === stream)?.position ?? 0;
    },
    async lastVersion(stream) {
      return versions.get(stream) ?? 0;
    },
    subscribe: (afterPosition, signal) => feed.subscribe(afterPosition, signal),
    close,
    [Symbol.asyncDispose]: close,
  };
}
