import { describe, expect, test } from "bun:test";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { type ConnectionReader, type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "./test-support/game-harness.ts";

/** Reads items until one matches, returning it. */
async function until(out: ConnectionReader, match: (r: OutputItem) => boolean) {
  for (;;) {
    const [item] = await out.take(1);
    if (!item) throw new Error("the stream ended first");
    if (match(item)) return item;
  }
}
const eventOf = (type: string, text?: string) => (r: OutputItem) =>
  r.item.case === "event" &&
  r.item.value.type === type &&
  (text === undefined || eventPayload(r.item.value).text === text);

describe("communication over the Core service", () => {
  test("a channel joined at runtime delivers live messages, and the member's replay brings missed ones", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const aliceOut = await watchConnection(t.client, alice.sessionId, "a1");
    await aliceOut.skipReplay();
    const asAlice = typist(t.client, alice.sessionId, "a1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    expect((await asBob("channel create Code = code")).output).toEqual([
      "Only admins may create or destroy channels.",
    ]);
    const adminSession = await enterAsAdmin(t.client, "x1");
    const asAdmin = typist(t.client, adminSession?.sessionId ?? "", "x1");
    expect((await asAdmin("channel create Code = code")).output).toEqual([
      'Created the channel Code; talk on it with "code <message>".',
    ]);
    expect((await asAlice("channel join code")).output[0]).toBe(
      'You join Code. Talk on it with "code <message>".',
    );
    await asBob("channel join Code");
    await asBob("code hello, Alice");
    await until(aliceOut, eventOf("channel", "hello, Alice"));
    await asBob("+pub on public");
    await until(aliceOut, eventOf("channel", "on public"));

    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    await aliceOut.close();
    await asBob("code while you were away");
    const resumed = await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    const again = await watchConnection(t.client, resumed.session?.sessionId ?? "", "a2");
    await until(again, eventOf("channel", "while you were away"));
    await again.close();
  });

  test("a message right after join is delivered, live or after a disconnect; one after leave is not", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const asAlice = typist(t.client, alice.sessionId, "a1");
    const asBob = typist(t.client, bob.sessionId, "b1");
    await asAlice("channel leave Public");
    await asBob("pub while Alice was off");
    // No output is open: only the stored cursors decide what Alice's next stream holds.
    await asAlice("channel join Public");
    await asBob("pub right after the join");
    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    await asBob("pub while Alice was away");
    const resumed = await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    const out = await watchConnection(t.client, resumed.session?.sessionId ?? "", "a2");
    const heard: unknown[] = [];
    for (;;) {
      const [item] = await out.take(1);
      if (!item || item.item.case === "replayEnd") break;
      if (item.item.case === "event" && item.item.value.type === "channel")
        heard.push(eventPayload(item.item.value).text);
    }
    expect(heard).toEqual(["right after the join", "while Alice was away"]);
    const again = typist(t.client, resumed.session?.sessionId ?? "", "a2");
    await again("channel leave Public");
    await again("channel join Public");
    await asBob("pub live, right after the join");
    await until(out, eventOf("channel", "live, right after the join"));
    await out.close();
  });

  test("a page to an offline character is replayed at their next login", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    await t.client.disconnect({ sessionId: bob.sessionId, connectionId: "b1" });
    await typist(t.client, alice.sessionId, "a1")("page bob = are you there?");
    const login = await t.client.authenticate({ name: "Bob", password: "password1", clientAddress: "h:2" });
    const { session } = await t.client.selectCharacter({
      loginTicket: login.loginTicket,
      connectionId: "b2",
    });
    const out = await watchConnection(t.client, session?.sessionId ?? "", "b2");
    const replay = await out.skipReplay();
    expect(replay.filter(eventOf("page", "are you there?"))).toHaveLength(1);
    await out.close();
  });

  test("boot ends the target's stream with a closed item; its resume token stops working", async () => {
    await using t = await startTestGame();
    const bob = await enter(t.client, "Bob", "b1");
    const out = await watchConnection(t.client, bob.sessionId, "b1");
    await out.skipReplay();
    const s = await enterAsAdmin(t.client, "x1");
    const asAdmin = typist(t.client, s?.sessionId ?? "", "x1");
    expect((await asAdmin("boot nobody")).output).toEqual(['There is no character called "nobody".']);
    await asAdmin("boot bob");
    const closed = await until(out, (r) => r.item.case === "closed");
    expect(closed.item.value).toMatchObject({ text: "You have been booted by admin." });
    await out.close();
    await expect(
      t.client.resumeSession({ resumeToken: bob.resumeToken, connectionId: "b2" }),
    ).rejects.toThrow();
    const bobTyping = typist(t.client, bob.sessionId, "b1");
    await expect(bobTyping("boot admin")).rejects.toThrow();
  });

  test("play moves the connection to another character's session with a switched item", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const out = await watchConnection(t.client, alice.sessionId, "a1");
    await out.skipReplay();
    const asAlice = typist(t.client, alice.sessionId, "a1");
    await asAlice("character create Alicia");
    expect((await asAlice("character list")).output).toEqual([
      "Your characters (2 of at most 5):",
      "  Alice (playing now)",
      "  Alicia",
    ]);
    expect((await asAlice("play alicia")).output).toEqual(["You leave Alice and take up Alicia."]);
    const switched = await until(out, (r) => r.item.case === "switched");
    const session = switched.item.case === "switched" ? switched.item.value : undefined;
    expect(session?.character?.name).toBe("Alicia");
    await out.close();
    const asAlicia = typist(t.client, session?.sessionId ?? "", "a1");
    expect((await asAlicia("character list")).output[2]).toBe("  Alicia (playing now)");
  });

  test("password changes the login, and neither password reaches a log, a metric or an event", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1", "first-secret");
    await typist(t.client, alice.sessionId, "a1")("password first-secret = second-secret");
    await t.client.authenticate({ name: "Alice", password: "second-secret", clientAddress: "h:3" });
    const out = await watchConnection(t.client, alice.sessionId, "a1");
    const replay = await out.skipReplay();
    await out.close();
    const everything =
      JSON.stringify(t.logLines()) +
      t.metrics.render() +
      JSON.stringify(replay.map((r) => (r.item.case === "event" ? eventPayload(r.item.value) : undefined)));
    const types = replay.map((r) => (r.item.case === "event" ? r.item.value.type : ""));
    expect(types).toContain("password.changed");
    expect(everything).not.toContain("first-secret");
    expect(everything).not.toContain("second-secret");
  });
});
