import type { Client } from "@connectrpc/connect";
import type { CoreService, FeedResponse } from "#gen/holomush/core/v1/core_pb.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { createRecipientDecoder } from "#shared/rpc/recipient-sets.ts";

/** A gateway's feed opened through the real handlers, read item by item. */
export interface FeedReader {
  readonly feedId: string;
  /** Waits for the next `count` items (fewer if the feed ends). */
  take(count: number): Promise<FeedResponse[]>;
  /** Reads up to and including the first item that matches; throws if the feed ends first. */
  until(match: (item: FeedResponse) => boolean): Promise<FeedResponse[]>;
  /** Reads until the feed ends and returns the error it ended with. */
  ended(): Promise<unknown>;
  /** Cancels the feed, as a gateway that goes away. */
  close(): void;
  /** Connection ids the events read so far named on the wire (added and removed ones, for a delta). */
  readonly idsOnWire: number;
}

/** Opens a feed on `client` and reads its FeedOpened. */
export async function openFeed(client: Client<typeof CoreService>, gatewayId = "gw"): Promise<FeedReader> {
  const controller = new AbortController();
  const iterator = client.feed({ gatewayId }, { signal: controller.signal })[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || first.value.item.case !== "opened") throw new Error("the feed did not open");
  const feedId = first.value.item.value.feedId;
  // A message may carry the items that followed it (FeedResponse.following): they are read one by one.
  const waiting: FeedResponse[] = [...first.value.following];
  const recipients = createRecipientDecoder();
  let idsOnWire = 0;
  // As the gateway does, each event's recipients are decoded in order; tests then see the whole set.
  const whole = (item: FeedResponse): FeedResponse => {
    if (item.item.case === "event" && item.item.value.event) {
      const value = item.item.value;
      idsOnWire += value.connectionIds.length + value.removedIds.length;
      value.connectionIds = [...recipients.decode(value.event?.stream ?? "", value)];
      value.delta = false;
      value.removedIds = [];
    }
    return item;
  };
  const next = async (): Promise<IteratorResult<FeedResponse>> => {
    const held = waiting.shift();
    if (held) return { done: false, value: whole(held) };
    const read = await iterator.next();
    if (read.done) return read;
    waiting.push(...read.value.following);
    return { done: false, value: whole(read.value) };
  };
  return {
    feedId,
    async take(count) {
      const items: FeedResponse[] = [];
      while (items.length < count) {
        const read = await next();
        if (read.done) break;
        items.push(read.value);
      }
      return items;
    },
    async until(match) {
      const items: FeedResponse[] = [];
      for (;;) {
        const read = await next();
        if (read.done) throw new Error("the feed ended");
        items.push(read.value);
        if (match(read.value)) return items;
      }
    },
    async ended() {
      try {
        while (!(await next()).done) {}
      } catch (error) {
        return error;
      }
      return undefined;
    },
    close: () => controller.abort(),
    get idsOnWire() {
      return idsOnWire;
    },
  };
}

/** Plain summaries of feed items for whole-object assertions. */
export function summarizeFeed(items: readonly FeedResponse[]): unknown[] {
  return items.map((r) => {
    switch (r.item.case) {
      case "event": {
        const e = r.item.value.event;
        return { event: e?.type, text: eventPayload(e).text, to: [...r.item.value.connectionIds].sort() };
      }
      case "connection": {
        const c = r.item.value;
        switch (c.item.case) {
          case "replayStart":
            return { [c.connectionId]: "replayStart", count: Number(c.item.value.count) };
          case "replayEnd":
            return { [c.connectionId]: "replayEnd", count: Number(c.item.value.count) };
          default:
            return { [c.connectionId]: c.item.case };
        }
      }
      default:
        return { other: r.item.case };
    }
  });
}
