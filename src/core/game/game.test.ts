import { describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { memoryStores } from "#core/store/memory-stores.ts";
import { summarize, watchConnection } from "./test-support/connection-reader.ts";
import { enter, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => Code[ConnectError.from(e).code],
  );

/** Alice enters and leaves; Bob then says 1 to `count`. Returns Alice's session and Bob's typist. */
async function aliceMissesSays(t: TestGame, count: number) {
  const alice = await enter(t.client, "Alice", "a1");
  const bob = await enter(t.client, "Bob", "b1");
  const before = await watchConnection(t.client, alice.sessionId, "a1");
  await before.skipReplay();
  await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
  await before.close();
  const bobTypes = typist(t.client, bob.sessionId, "b1");
  for (let i = 1; i <= count; i++) await bobTypes(`say ${i}`);
  return { alice, bobTypes };
}

describe("game over the Core service", () => {
  test("a say reaches the speaker and the room, after an empty replay", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const aliceOut = await watchConnection(t.client, alice.sessionId, "a1");
    const bobOut = await watchConnection(t.client, bob.sessionId, "b1");
    // Bob's registration put him on the Public channel, which Alice follows too. Each arrival shows its
    // character the room, on their own stream only; others' connects and channel joins are summed up, one's
    // own is no news.
    expect(summarize(await aliceOut.skipReplay())).toEqual([
      { replayStart: 1, skipped: 0, presence: 2 },
      { event: "look" },
      { replayEnd: 1 },
    ]);
    expect(summarize(await bobOut.skipReplay())).toEqual([
      { replayStart: 1, skipped: 0 },
      { event: "look" },
      { replayEnd: 1 },
    ]);
    const reply = await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: "say Hello!",
    });
    expect(reply.lastPosition).toBeGreaterThan(0n);
    expect(summarize(await aliceOut.take(1))).toEqual([{ event: "say", text: "Hello!" }]);
    expect(summarize(await bobOut.take(1))).toEqual([{ event: "say", text: "Hello!" }]);
    await aliceOut.close();
    await bobOut.close();
  });

  test("detach, 500 events, attach: exactly those 500 in order, then live ones", async () => {
    await using t = await startTestGame();
    const { alice, bobTypes } = await aliceMissesSays(t, 500);
    const resumed = await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    expect(resumed.session?.resumed).toBe(true);
    const out = await watchConnection(t.client, alice.sessionId, "a2");
    const head = summarize(await out.take(1));
    // The replay holds Bob's 500 says; Alice's own disconnect and reconnect are left out.
    expect(head).toEqual([{ replayStart: 500, skipped: 0 }]);
    const replay = summarize(await out.take(500));
    const says = Array.from({ length: 500 }, (_, i) => ({ event: "say", text: String(i + 1) }));
    expect(replay).toEqual(says);
    expect(summarize(await out.take(1))).toEqual([{ replayEnd: 500 }]);
    await bobTypes("say live");
    expect(summarize(await out.take(1))).toEqual([{ event: "say", text: "live" }]);
    await out.close();
  });

  test("a replay cut by the bound says how many events were skipped", async () => {
    await using t = await startTestGame(memoryStores(), { replayLimit: 10 });
    const { alice } = await aliceMissesSays(t, 25);
    await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    const out = await watchConnection(t.client, alice.sessionId, "a2");
    const items = summarize(await out.take(12));
    // 25 says missed, the newest 10 replayed; Alice's own disconnect and reconnect are neither.
    expect(items[0]).toEqual({ replayStart: 10, skipped: 15 });
    expect(items[1]).toEqual({ event: "say", text: "16" });
    expect(items[11]).toEqual({ replayEnd: 10 });
    await out.close();
  });

  test("two connections to one session both get the output", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const ticket = (
      await t.client.authenticate({ name: "alice", password: "password1", clientAddress: "h:1" })
    ).loginTicket;
    const second = await t.client.selectCharacter({ loginTicket: ticket, connectionId: "a2" });
    expect(second.session?.sessionId).toBe(alice.sessionId);
    const one = await watchConnection(t.client, alice.sessionId, "a1");
    const two = await watchConnection(t.client, alice.sessionId, "a2");
    await one.skipReplay();
    await two.skipReplay();
    await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: ":waves.",
    });
    expect(summarize(await one.take(1))).toEqual([{ event: "pose", text: "waves." }]);
    expect(summarize(await two.take(1))).toEqual([{ event: "pose", text: "waves." }]);
    expect(t.game.status()).toMatchObject({ sessions: 1, connections: 2, streams: 2 });
    await one.close();
    await two.close();
  });

  test("a resume token works once; an unknown one is Unauthenticated", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const first = await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    expect(first.session?.resumeToken).not.toBe(alice.resumeToken);
    expect(Buffer.from(first.session?.resumeToken ?? "", "base64url").length).toBeGreaterThanOrEqual(16);
    expect(await codeOf(t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a3" }))).toBe(
      "Unauthenticated",
    );
    expect(await codeOf(t.client.resumeSession({ resumeToken: "nope", connectionId: "a3" }))).toBe(
      "Unauthenticated",
    );
  });

  test("a session detached past its time-to-live is gone", async () => {
    await using t = await startTestGame(memoryStores(), { sessionTtlMs: 60_000 });
    const alice = await enter(t.client, "Alice", "a1");
    await t.client.disconnect({ sessionId: alice.sessionId, connectionId: "a1" });
    t.clock.advance(60_000);
    expect(await codeOf(t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" }))).toBe(
      "Unauthenticated",
    );
    expect(await t.game.sweep()).toBe(0);
    expect(t.game.status().sessions).toBe(0);
  });

  test("a retried command returns the first result and appends once", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const req = { sessionId: alice.sessionId, connectionId: "a1", sequence: 7n, line: "say once" };
    const first = await t.client.handleCommand(req);
    const again = await t.client.handleCommand(req);
    expect(again).toMatchObject({ lastPosition: first.lastPosition, duplicate: true });
    expect(first.duplicate).toBe(false);
    expect(t.metrics.render()).toContain('holomush_events_appended_total{type="say"} 1');
  });

  test("bad input gets codes, not crashes", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    expect(
      await codeOf(
        t.client.handleCommand({ sessionId: "nope", connectionId: "a1", sequence: 1n, line: "look" }),
      ),
    ).toBe("Unauthenticated");
    expect(
      await codeOf(
        t.client.handleCommand({
          sessionId: alice.sessionId,
          connectionId: "a1",
          sequence: 1n,
          line: `say ${"x".repeat(5000)}`,
        }),
      ),
    ).toBe("InvalidArgument");
    const refused = await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 2n,
      line: "emit boo",
    });
    expect(refused.output).toEqual(["Only admins may emit."]);
    expect(
      await codeOf(t.client.authenticate({ name: "alice", password: "wrong-one", clientAddress: "h:1" })),
    ).toBe("Unauthenticated");
    expect(
      await codeOf(t.client.register({ name: "ALICE", password: "password1", clientAddress: "h:1" })),
    ).toBe("AlreadyExists");
    expect(await codeOf(t.client.selectCharacter({ loginTicket: "bogus", connectionId: "x" }))).toBe(
      "Unauthenticated",
    );
    expect(await codeOf(watchConnection(t.client, "nope", "a1"))).toBe("Unauthenticated");
  });

  test("quit detaches the connection and the session waits", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const quit = await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: "quit",
    });
    expect(quit.detach).toBe(true);
    expect(t.game.status()).toMatchObject({ sessions: 1, connections: 0 });
    const again = await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: "quit",
    });
    expect(again.duplicate).toBe(true);
  });

  test("quit voids the resume token: a client that kept it cannot resume, and a new login can", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: "quit",
    });
    expect(await codeOf(t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a1" }))).toBe(
      "Unauthenticated",
    );
    const { loginTicket } = await t.client.authenticate({
      name: "alice",
      password: "password1",
      clientAddress: "h:1",
    });
    const back = (await t.client.selectCharacter({ loginTicket, connectionId: "a2" })).session;
    expect(back?.sessionId).toBe(alice.sessionId);
    expect(
      await codeOf(t.client.resumeSession({ resumeToken: back?.resumeToken ?? "", connectionId: "a3" })),
    ).toBe("ok");
  });

  test("the admin logs in with the configured password, and no password reaches a log or metric", async () => {
    await using t = await startTestGame();
    const admin = await t.client.authenticate({
      name: "admin",
      password: "admin-password",
      clientAddress: "h:1",
    });
    const { session } = await t.client.selectCharacter({ loginTicket: admin.loginTicket, connectionId: "c" });
    const sid = session?.sessionId ?? "";
    await t.client.handleCommand({
      sessionId: sid,
      connectionId: "c",
      sequence: 1n,
      line: "connect admin admin-password",
    });
    await t.client.handleCommand({
      sessionId: sid,
      connectionId: "c",
      sequence: 2n,
      line: "emit Thunder rolls.",
    });
    const everything = JSON.stringify(t.logLines()) + t.metrics.render();
    expect(everything).not.toContain("admin-password");
  });
});

describe("game under stress", () => {
  test("fifty says in a row reach a watching player in order, with no gap and no duplicate", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const bob = await enter(t.client, "Bob", "b1");
    const slow = await watchConnection(t.client, alice.sessionId, "a1");
    await slow.skipReplay();
    for (let i = 1; i <= 50; i++) {
      await t.client.handleCommand({
        sessionId: bob.sessionId,
        connectionId: "b1",
        sequence: BigInt(i),
        line: `say ${i}`,
      });
    }
    const texts = summarize(await slow.take(50)).map((s) => (s as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 50 }, (_, i) => String(i + 1)));
    await slow.close();
  });

  test("a database that goes away gives Unavailable and the game keeps answering", async () => {
    const stores = memoryStores();
    await using t = await startTestGame(stores);
    const alice = await enter(t.client, "Alice", "a1");
    await stores.events.close();
    const failed = t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 1n,
      line: "say hi",
    });
    expect(await codeOf(failed)).toBe("Unavailable");
    const who = await t.client.handleCommand({
      sessionId: alice.sessionId,
      connectionId: "a1",
      sequence: 2n,
      line: "who",
    });
    expect(who.output.at(-1)).toBe("1 character is connected.");
  });
});
