import type { EventStore } from "#core/events/event-store.ts";
import { channelChangesOf } from "./channel-events.ts";
import type { ChannelChange, ChannelStore } from "./channel-store.ts";

const BATCH = 500;

/**
 * Applies to `store` every channel event after its applied position, up to the event store's last
 * position now, and returns how many changes it applied. Run at start (a crash may have left the
 * projection behind its events) or on an empty store to rebuild the projection from events alone.
 */
export async function catchUpChannels(events: EventStore, store: ChannelStore): Promise<number> {
  const last = await events.lastPosition();
  const from = await store.appliedPosition();
  if (from >= last) return 0;
  const stop = new AbortController();
  let pending: ChannelChange[] = [];
  let applied = 0;
  let position = from;
  const flush = async () => {
    await store.apply(pending, position);
    applied += pending.length;
    pending = [];
  };
  for await (const event of events.subscribe(from, stop.signal)) {
    position = event.position;
    pending.push(...channelChangesOf(event));
    if (pending.length >= BATCH) await flush();
    if (position >= last) {
      stop.abort();
      break;
    }
  }
  position = Math.max(position, last);
  await flush();
  return applied;
}
