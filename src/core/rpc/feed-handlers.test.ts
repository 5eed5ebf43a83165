import { describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { openFeed, summarizeFeed } from "#core/game/test-support/feed-reader.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "#core/game/test-support/game-harness.ts";
import { memoryStores } from "#core/store/memory-stores.ts";
import type { FeedResponse } from "#gen/holomush/core/v1/core_pb.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";

const isReplayEnd = (id: string) => (r: FeedResponse) =>
  r.item.case === "connection" && r.item.value.connectionId === id && r.item.value.item.case === "replayEnd";
const isSay = (text: string) => (r: FeedResponse) =>
  r.item.case === "event" &&
  r.item.value.event?.type === "say" &&
  eventPayload(r.item.value.event).text === text;
const codeOf = (error: unknown) => ConnectError.from(error).code;

describe("Feed, Watch and Acknowledge", () => {
  test("a say to a room of N puts one FeedEvent per feed with its connection ids, encoded once for all feeds", async () => {
    await using t = await startTestGame();
    const feeds = [await openFeed(t.client, "gw-a"), await openFeed(t.client, "gw-b")];
    const ids = ["c0", "c1", "c2", "c3", "c4"];
    const sessions = [];
    for (const [i, id] of ids.entries()) sessions.push(await enter(t.client, `Player${i}`, id));
    for (const [i, id] of ids.entries()) {
      const feed = feeds[i < 3 ? 0 : 1];
      if (!feed) throw new Error("no feed");
      await t.client.watch({
        feedId: feed.feedId,
        sessionId: sessions[i]?.sessionId ?? "",
        connectionId: id,
      });
      await feed.until(isReplayEnd(id));
    }
    const before = t.encoder.encoded;
    await typist(t.client, sessions[0]?.sessionId ?? "", "c0")("say hello all");
    const seen = [];
    for (const feed of feeds) {
      const items = await feed.until(isSay("hello all"));
      seen.push(...summarizeFeed(items.filter(isSay("hello all"))));
    }
    expect(seen).toEqual([
      { event: "say", text: "hello all", to: ["c0", "c1", "c2"] },
      { event: "say", text: "hello all", to: ["c3", "c4"] },
    ]);
    expect(t.encoder.encoded - before).toBe(1);
    expect(t.metrics.render()).toContain("holomush_gateway_feeds 2\n");
    expect(t.metrics.render()).toContain("holomush_feed_watches 5\n");
    for (const feed of feeds) feed.close();
  });

  test("in a crowded room an event names on the wire only who came and went since the room's last event", async () => {
    await using t = await startTestGame();
    const feed = await openFeed(t.client);
    const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const sessions = [];
    for (const [i, id] of ids.entries()) {
      const session = await enter(t.client, `Player${i}`, id);
      sessions.push(session);
      await t.client.watch({ feedId: feed.feedId, sessionId: session.sessionId, connectionId: id });
      await feed.until(isReplayEnd(id));
    }
    const asFirst = typist(t.client, sessions[0]?.sessionId ?? "", "c0");
    const say = (text: string) => asFirst(`say ${text}`);
    await say("one");
    const first = summarizeFeed((await feed.until(isSay("one"))).filter(isSay("one")));
    const before = feed.idsOnWire;
    await say("two");
    const second = summarizeFeed((await feed.until(isSay("two"))).filter(isSay("two")));
    expect([first, second]).toEqual([
      [{ event: "say", text: "one", to: [...ids].sort() }],
      [{ event: "say", text: "two", to: [...ids].sort() }],
    ]);
    expect(feed.idsOnWire - before).toBe(0);
    feed.close();
  });

  test("Watch names an open feed and an attached connection", async () => {
    await using t = await startTestGame();
    const feed = await openFeed(t.client);
    const alice = await enter(t.client, "Alice", "a1");
    const unknownFeed = t.client.watch({ feedId: "nope", sessionId: alice.sessionId, connectionId: "a1" });
    expect(codeOf(await unknownFeed.catch((e: unknown) => e))).toBe(Code.FailedPrecondition);
    const stranger = t.client.watch({ feedId: feed.feedId, sessionId: alice.sessionId, connectionId: "zz" });
    expect(codeOf(await stranger.catch((e: unknown) => e))).toBe(Code.Unauthenticated);
    feed.close();
  });

  test("boot and play end a connection's output on the feed with closed and switched items", async () => {
    await using t = await startTestGame();
    const feed = await openFeed(t.client);
    const bob = await enter(t.client, "Bob", "b1");
    const alice = await enter(t.client, "Alice", "a1");
    await t.client.watch({ feedId: feed.feedId, sessionId: bob.sessionId, connectionId: "b1" });
    await t.client.watch({ feedId: feed.feedId, sessionId: alice.sessionId, connectionId: "a1" });
    const admin = await enterAsAdmin(t.client, "x1");
    await typist(t.client, admin.sessionId, "x1")("boot bob");
    const closed = (
      await feed.until((r) => r.item.case === "connection" && r.item.value.item.case === "closed")
    ).at(-1);
    expect(closed?.item.value).toMatchObject({
      connectionId: "b1",
      item: { value: { text: "You have been booted by admin." } },
    });
    const asAlice = typist(t.client, alice.sessionId, "a1");
    await asAlice("character create Alicia");
    await asAlice("play Alicia");
    const switched = (
      await feed.until((r) => r.item.case === "connection" && r.item.value.item.case === "switched")
    ).at(-1);
    expect(switched?.item.value).toMatchObject({
      connectionId: "a1",
      item: { value: { character: { name: "Alicia" } } },
    });
    feed.close();
  });

  test("a feed ends with unavailable when the game shuts down", async () => {
    const t = await startTestGame();
    const feed = await openFeed(t.client);
    const alice = await enter(t.client, "Alice", "a1");
    await t.client.watch({ feedId: feed.feedId, sessionId: alice.sessionId, connectionId: "a1" });
    await feed.until(isReplayEnd("a1"));
    await t[Symbol.asyncDispose]();
    expect(codeOf(await feed.ended())).toBe(Code.Unavailable);
  });

  test.each([
    ["an acknowledged position becomes the session's cursors on detach", "one", undefined, "one"],
    ["Disconnect's last_position wins over an older acknowledgement", "one", "two", "two"],
  ])("%s", async (_name, acked, last, expected) => {
    const stores = memoryStores();
    await using t = await startTestGame(stores);
    const feed = await openFeed(t.client);
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    await t.client.watch({ feedId: feed.feedId, sessionId: alice.sessionId, connectionId: "a1" });
    const asBob = typist(t.client, bob.sessionId, "b1");
    const positions: Record<string, bigint> = {};
    for (const text of ["one", "two", "three"]) positions[text] = (await asBob(`say ${text}`)).lastPosition;
    await feed.until(isSay("three"));
    await t.client.acknowledge({
      delivered: [{ sessionId: alice.sessionId, connectionId: "a1", position: positions[acked] ?? 0n }],
    });
    await t.client.disconnect({
      sessionId: alice.sessionId,
      connectionId: "a1",
      ...(last === undefined ? {} : { lastPosition: positions[last] ?? 0n }),
    });
    await t.game.parts.sessions[Symbol.asyncDispose]();
    const stored = await stores.sessions.get(alice.sessionId);
    expect(new Set(Object.values(stored?.cursors ?? {}))).toEqual(new Set([Number(positions[expected])]));
    feed.close();
  });
});
