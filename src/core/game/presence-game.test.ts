import { describe, expect, test } from "bun:test";
import { memoryStores } from "#core/store/memory-stores.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { type ConnectionReader, type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "./test-support/game-harness.ts";

async function until(out: ConnectionReader, match: (r: OutputItem) => boolean) {
  for (;;) {
    const [item] = await out.take(1);
    if (!item) throw new Error("the stream ended first");
    if (match(item)) return item;
  }
}
const emitted = (text: string) => (r: OutputItem) =>
  r.item.case === "event" && r.item.value.type === "emit" && eventPayload(r.item.value).text === text;

describe("who, doing, idle, finger, last and where", () => {
  test("WHO shows on-for and idle times from the clock and the doing text, which survives a restart", async () => {
    const stores = memoryStores();
    {
      await using t = await startTestGame(stores);
      const alice = await enter(t.client, "Alice", "a1");
      t.clock.advance(65 * 60_000);
      const bob = await enter(t.client, "Bob", "b1");
      const asAlice = typist(t.client, alice.sessionId, "a1");
      const asBob = typist(t.client, bob.sessionId, "b1");
      expect((await asAlice("doing Writing the harbour scene")).output).toEqual([
        "Doing: Writing the harbour scene",
      ]);
      t.clock.advance(3 * 60_000);
      expect((await asBob("+who")).output).toEqual([
        "Player Name            On For  Idle  Doing",
        "Alice                   01:08    3m  Writing the harbour scene",
        "Bob                     00:03    0s",
        "2 characters are connected.",
      ]);
      expect((await asBob("idle alice")).output).toEqual(["Alice has been idle for 3m."]);
      expect((await asBob(`doing ${"x".repeat(41)}`)).output).toEqual([
        "That is too long: a doing holds at most 40 characters.",
      ]);
      await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    }
    await using t = await startTestGame(stores);
    const bob = await enter(t.client, "Bob2", "c1");
    const asBob = typist(t.client, bob.sessionId, "c1");
    expect((await asBob("finger alice")).output).toEqual([
      "%[bold]Alice%[/] (player)",
      "Offline; last seen 2023-11-14 23:21 UTC.",
      "Doing: Writing the harbour scene",
    ]);
  });

  test("last lists logins and logouts, newest first", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    t.clock.advance(60_000);
    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    const bob = await enter(t.client, "Bob", "b1");
    expect((await typist(t.client, bob.sessionId, "b1")("last Alice")).output).toEqual([
      "Recent logins and logouts of Alice:",
      "  logout  2023-11-14 22:14 UTC",
      "  login   2023-11-14 22:13 UTC",
    ]);
  });

  test("where lists rooms with awake characters and the open scene there; unfindable ones are only counted", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const admin = await enterAsAdmin(t.client, "x1");
    const asAlice = typist(t.client, alice.sessionId, "a1");
    const asAdmin = typist(t.client, admin.sessionId, "x1");
    await asAlice("scene start The harbour at night");
    await asAdmin("flag Bob = unfindable");
    expect((await typist(t.client, bob.sessionId, "b1")("where")).output).toEqual([
      "The Lobby: admin, Alice",
      "  Scene 1: The harbour at night",
      "(1 character is somewhere unlisted.)",
    ]);
  });

  test("think answers only its typist and writes nothing; pemit reaches one character anywhere; remit a room", async () => {
    const stores = memoryStores();
    await using t = await startTestGame(stores);
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const admin = await enterAsAdmin(t.client, "x1");
    const asAlice = typist(t.client, alice.sessionId, "a1");
    const asAdmin = typist(t.client, admin.sessionId, "x1");
    const before = await stores.events.lastPosition();
    expect((await asAlice("think Remember the map.")).output).toEqual(["Remember the map."]);
    expect((await asAlice("think %n: one%rtwo, %p map")).output).toEqual(["Alice: one\ntwo, their map"]);
    expect(await stores.events.lastPosition()).toBe(before);
    expect((await asAlice("@pemit Bob = hi")).output).toEqual(["Only admins may emit."]);
    await typist(t.client, bob.sessionId, "b1")("go garden");
    const bobOut = await watchConnection(t.client, bob.sessionId, "b1");
    await bobOut.skipReplay();
    expect((await asAdmin("@pemit Bob = A cold wind finds you.")).output).toEqual([
      "You emit to Bob: A cold wind finds you.",
    ]);
    await until(bobOut, emitted("A cold wind finds you."));
    expect((await asAdmin("@remit Garden = The fountain falls silent.")).output).toEqual([
      "You emit to The Garden: The fountain falls silent.",
    ]);
    await until(bobOut, emitted("The fountain falls silent."));
    expect((await asAdmin("@pemit Nobody = hi")).output).toEqual(["There is no character called 'Nobody'."]);
    expect((await asAdmin("@pemit Bob")).output).toEqual(["Usage: @pemit <character> = <text>"]);
    await bobOut.close();
  });

  test("oemit writes one emit to the room that names the character left out", async () => {
    const stores = memoryStores();
    await using t = await startTestGame(stores);
    const alice = await enter(t.client, "Alice", "a1");
    const admin = await enterAsAdmin(t.client, "x1");
    await typist(t.client, admin.sessionId, "x1")("@oemit Alice = Alice seems distracted.");
    const [last] = await stores.events.readStreams({ [`location:${"lobby"}`]: 0 }, 1, { newest: true });
    expect(last?.payload).toEqual({
      text: "Alice seems distracted.",
      name: "admin",
      except: alice.character?.id,
    });
  });
});

describe("replay timestamps", () => {
  const replayStamped = async (out: ConnectionReader) => {
    const item = await until(out, (r) => r.item.case === "replayStart");
    return item.item.case === "replayStart" ? item.item.value.timestamps : undefined;
  };

  test("auto stamps a replay whose oldest line is over an hour old; off never does; on always does", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    let token = alice.resumeToken;
    let round = 0;
    const missWhile = async (gapMs: number, setting?: string) => {
      round += 1;
      const [first, second] = [`a${round}`, `b${round}`];
      const session = (await t.client.resumeSession({ resumeToken: token, connectionId: first })).session;
      if (!session) throw new Error("no session");
      if (setting) await typist(t.client, session.sessionId, first)(setting);
      await t.client.disconnect({ sessionId: session.sessionId, connectionId: first });
      await asBob("say while you were away");
      t.clock.advance(gapMs);
      const resumed = await t.client.resumeSession({
        resumeToken: session.resumeToken,
        connectionId: second,
      });
      const back = resumed.session;
      if (!back) throw new Error("no session");
      token = back.resumeToken;
      const out = await watchConnection(t.client, back.sessionId, second);
      const stamped = await replayStamped(out);
      await out.close();
      await t.client.disconnect({ sessionId: back.sessionId, connectionId: second });
      return stamped;
    };
    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    expect(await missWhile(30 * 60_000)).toBe(false);
    expect(await missWhile(61 * 60_000)).toBe(true);
    expect(await missWhile(61 * 60_000, "timestamps off")).toBe(false);
    expect(await missWhile(60_000, "timestamps on")).toBe(true);
  });
});

describe("connects in a crowd", () => {
  test("in a crowded room, connects arrive together as one line a few seconds later", async () => {
    const clock = manualClock();
    const timers = manualTimers(clock);
    await using t = await startTestGame(memoryStores(), { crowdSize: 2 }, clock, timers);
    const alice = await enter(t.client, "Alice", "a1");
    const aliceOut = await watchConnection(t.client, alice.sessionId, "a1");
    await aliceOut.skipReplay();
    const bob = await enter(t.client, "Bob", "b1");
    // One watcher: Bob's connect is announced on its own, at once.
    expect(
      await until(aliceOut, (r) => r.item.case === "event" && r.item.value.type === "connect"),
    ).toMatchObject({
      item: { value: { payloadJson: JSON.stringify({ name: "Bob" }) } },
    });
    const bobOut = await watchConnection(t.client, bob.sessionId, "b1");
    await bobOut.skipReplay();
    await enter(t.client, "Carol", "c1");
    await enter(t.client, "Dave", "d1");
    timers.advance(3_000);
    const presence = (r: OutputItem) =>
      r.item.case === "event" && ["connect", "crowd_presence"].includes(r.item.value.type);
    const gathered = await until(aliceOut, presence);
    const event = gathered.item.case === "event" ? gathered.item.value : undefined;
    expect({ type: event?.type, payload: eventPayload(event) }).toEqual({
      type: "crowd_presence",
      payload: { connected: ["Carol", "Dave"], disconnected: [] },
    });
  });
});
