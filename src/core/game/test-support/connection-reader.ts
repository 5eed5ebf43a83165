import type { Client } from "@connectrpc/connect";
import type { ConnectionItem, CoreService, Event } from "#gen/holomush/core/v1/core_pb.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { openFeed } from "./feed-reader.ts";

/** One item of a connection's output as its gateway sees it on the feed: an event, or the connection's own item. */
export interface OutputItem {
  readonly item: { readonly case: "event"; readonly value: Event } | ConnectionItem["item"];
}

/** One connection's output, read from a feed opened for it alone. */
export interface ConnectionReader {
  /** Waits for the next `count` items of this connection (fewer if the feed ends). */
  take(count: number): Promise<OutputItem[]>;
  /** Reads up to and including ReplayEnd; returns the items read. */
  skipReplay(): Promise<OutputItem[]>;
  /** Closes the feed, as a gateway that goes away. */
  close(): Promise<void>;
}

/**
 * Opens a feed and watches one connection on it, replaying after `afterPosition` (or the session's cursors).
 * Each event read is acknowledged before it is returned, as a gateway does once the player received it, so
 * the session's cursors follow what the test has read. A refused Watch rejects with its error.
 */
export async function watchConnection(
  client: Client<typeof CoreService>,
  sessionId: string,
  connectionId: string,
  afterPosition?: bigint,
): Promise<ConnectionReader> {
  const feed = await openFeed(client, `gw-${connectionId}`);
  try {
    await client.watch({
      feedId: feed.feedId,
      sessionId,
      connectionId,
      ...(afterPosition === undefined ? {} : { afterPosition }),
    });
  } catch (error) {
    feed.close();
    throw error;
  }
  async function next(): Promise<OutputItem | undefined> {
    for (;;) {
      const [r] = await feed.take(1);
      if (!r) return undefined;
      if (
        r.item.case === "event" &&
        r.item.value.connectionIds.includes(connectionId) &&
        r.item.value.event
      ) {
        const event = r.item.value.event;
        await client.acknowledge({ delivered: [{ sessionId, connectionId, position: event.position }] });
        return { item: { case: "event", value: event } };
      }
      if (r.item.case === "connection" && r.item.value.connectionId === connectionId) {
        const item = r.item.value.item;
        // As the gateway does: a replay's end moves the cursor past what it covered, shown or summed up.
        if (item.case === "replayEnd" && item.value.lastPosition > 0n)
          await client.acknowledge({
            delivered: [{ sessionId, connectionId, position: item.value.lastPosition }],
          });
        return { item };
      }
    }
  }
  return {
    async take(count) {
      const items: OutputItem[] = [];
      while (items.length < count) {
        const item = await next();
        if (!item) break;
        items.push(item);
      }
      return items;
    },
    async skipReplay() {
      const items: OutputItem[] = [];
      for (;;) {
        const item = await next();
        if (!item) return items;
        items.push(item);
        if (item.item.case === "replayEnd") return items;
      }
    },
    async close() {
      feed.close();
    },
  };
}

/** Plain summaries of output items for whole-object assertions. */
export function summarize(items: readonly OutputItem[]): unknown[] {
  return items.map((r) => {
    switch (r.item.case) {
      case "event":
        return {
          event: r.item.value.type,
          text: eventPayload(r.item.value).text ?? eventPayload(r.item.value).name,
        };
      case "replayStart":
        return {
          replayStart: Number(r.item.value.count),
          skipped: Number(r.item.value.skipped),
          ...(r.item.value.presence > 0n ? { presence: Number(r.item.value.presence) } : {}),
        };
      case "replayEnd":
        return { replayEnd: Number(r.item.value.count) };
      default:
        return { other: r.item.case };
    }
  });
}
