import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { channelChangesOf } from "./channel-events.ts";
import type { ChannelStore } from "./channel-store.ts";

/** Appends channel events and applies their membership changes to the projection, in append order. */
export type RecordChannelEvents = (events: NewEvent[]) => Promise<StoredEvent[]>;

/**
 * Creates the recorder. Invariant: one append-and-apply runs at a time, so the projection sees changes in
 * order; calls arriving meanwhile wait and go together in the next append, so a burst of registrations (each
 * joining the default channel) costs two writes, not one per player. A failed group is retried call by call,
 * so one bad call fails alone.
 */
export function createChannelRecorder(append: AppendEvents, store: ChannelStore): RecordChannelEvents {
  type Waiting = { readonly events: NewEvent[]; readonly done: PromiseWithResolvers<StoredEvent[]> };
  let waiting: Waiting[] = [];
  let running = false;

  const write = async (events: NewEvent[]): Promise<StoredEvent[]> => {
    const stored = await append(events);
    const changes = stored.flatMap(channelChangesOf);
    await store.apply(changes, Math.max(0, ...stored.map((e) => e.position)));
    return stored;
  };

  const settle = async (group: Waiting[]): Promise<void> => {
    try {
      const stored = await write(group.flatMap((w) => w.events));
      let at = 0;
      for (const w of group) {
        w.done.resolve(stored.slice(at, at + w.events.length));
        at += w.events.length;
      }
    } catch (error) {
      if (group.length === 1) return group[0]?.done.reject(error);
      for (const w of group) await settle([w]);
    }
  };

  const drain = async (): Promise<void> => {
    running = true;
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      await settle(group);
    }
    running = false;
  };

  return (events) => {
    const done = Promise.withResolvers<StoredEvent[]>();
    waiting.push({ events, done });
    if (!running) void drain();
    return done.promise;
  };
}
