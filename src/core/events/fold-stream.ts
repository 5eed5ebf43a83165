import type { StoredEvent } from "./event.ts";
import type { EventStore } from "./event-store.ts";

/** How many events one read of foldStream asks for. */
const PAGE = 1_000;

/**
 * Reads every event of `stream` after `afterPosition`, in position order, page by page, and hands each to
 * `apply`; returns how many it read. It is how a projection kept on one stream is rebuilt from events alone.
 */
export async function foldStream(
  events: EventStore,
  stream: string,
  apply: (event: StoredEvent) => void,
  afterPosition = 0,
): Promise<number> {
  let after = afterPosition;
  let read = 0;
  for (;;) {
    const page = await events.replay(stream, after, PAGE);
    for (const event of page) apply(event);
    read += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return read;
    after = last.position;
  }
}
