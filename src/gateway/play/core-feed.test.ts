import { describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { renderEvent } from "#gateway/events/render-event.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { waitUntil } from "./test-support/fake-connection.ts";
import { characterActor, hallStream } from "./test-support/fake-world.ts";
import { countLines, playHarness } from "./test-support/play-harness.ts";

type Harness = ReturnType<typeof playHarness>;
type Player = Awaited<ReturnType<Harness["play"]>>;

/** Logs in `n` players named P1…Pn. */
async function players(h: Harness, n: number, width?: number): Promise<Player[]> {
  const out: Player[] = [];
  for (let i = 1; i <= n; i++) out.push(await h.play(`P${i}`, "password1", "register", width));
  return out;
}

const heard = (speaker: string, text: string) => `${speaker} says, "${text}"`;

describe("one feed per gateway", () => {
  test("a gateway with 1,000 playing connections opens one feed, and a say crosses it once for all of them", async () => {
    const h = playHarness();
    const all = await players(h, 1000);
    expect(h.core.feeds()).toBe(1);
    expect(h.service.feed.opened).toBe(1);
    expect(h.core.streams()).toBe(1000);
    const before = { ...h.core.sent };
    all[0]?.type("say hello, room");
    await waitUntil(
      () =>
        all.every(
          (p) =>
            p.conn.transcript.length > 0 &&
            p.conn.transcript.includes(p === all[0] ? `You say, "hello, room"` : heard("P1", "hello, room")),
        ),
      "everyone to hear",
    );
    expect(h.core.sent.events - before.events).toBe(1);
    expect(h.core.sent.deliveries - before.deliveries).toBe(1000);
  }, 60_000);

  test("a FeedEvent for many connections is decoded once and rendered once per variant: speaker or not, width", async () => {
    const calls = { event: 0, markup: 0 };
    const h = playHarness({
      renderers: {
        event: (e, v) => {
          calls.event++;
          return renderEvent(e, v);
        },
        markup: (m, d) => {
          calls.markup++;
          return renderMarkup(m, d);
        },
      },
    });
    const wide = await players(h, 20);
    const narrow = [await h.play("Narrow", "password1", "register", 40)];
    calls.event = 0;
    calls.markup = 0;
    wide[0]?.type("say one line for all");
    await waitUntil(() => countLines(narrow[0]!.conn, heard("P1", "one line for all")) === 1, "the say");
    await waitUntil(
      () => wide.slice(1).every((p) => p.conn.transcript.includes(heard("P1", "one line for all"))),
      "all",
    );
    // The speaker's own variant and everyone else's; everyone else at two widths.
    expect(calls).toEqual({ event: 2, markup: 3 });
  });
});

describe("writes of a lone event", () => {
  test("the output is flushed after each connection the event reaches, so each write follows its own routing", async () => {
    const line = heard("P1", "one at a time");
    let all: Player[] = [];
    const heardBy: number[] = [];
    const h = playHarness({
      output: {
        early: () => true,
        flush: () => heardBy.push(all.filter((p) => p.conn.transcript.includes(line)).length),
      },
    });
    all = await players(h, 4);
    heardBy.length = 0;
    all[0]?.type("say one at a time");
    await waitUntil(() => all.slice(1).every((p) => p.conn.transcript.includes(line)), "everyone to hear");
    // One flush per connection, the speaker's included, each after one more listener heard the line.
    expect(heardBy.length).toBe(4);
    expect([...new Set(heardBy.filter((n) => n > 0))]).toEqual([1, 2, 3]);
  });
});

describe("a feed that breaks", () => {
  test("after a core kill, each connection is watched again from the last position it received: no duplicate, no gap", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    for (const n of [1, 2, 3]) alice!.type(`say before ${n}`);
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "before 3")), "the says");
    // No ack timer fired: the core's stored cursors lag behind what the players received.
    const bobSession = [...h.core.world.sessions.values()].find((s) => s.character.name === "P2");
    expect(bobSession?.cursor).toBe(0);
    h.link.down();
    h.core.stop();
    await waitUntil(() => h.core.streams() === 0, "the feed to fail");
    h.core.world.append(hallStream, "pose", characterActor("char-x"), { name: "Xena", text: "slips in." });
    const watchesBefore = h.core.watches.length;
    h.core.start();
    h.link.up();
    await waitUntil(() => h.core.streams() === 2, "both to be watched again");
    const rewatched = h.core.watches.slice(watchesBefore).map((w) => Number(w.afterPosition));
    expect(rewatched.sort()).toEqual([3, 3]);
    alice!.type("say after");
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "after")), "the next say");
    for (const line of ["before 1", "before 2", "before 3", "after"])
      expect(countLines(bob!.conn, heard("P1", line))).toBe(1);
    expect(countLines(bob!.conn, "Xena slips in.")).toBe(1);
    expect(countLines(alice!.conn, "Xena slips in.")).toBe(1);
    expect(h.service.feed.opened).toBe(2);
  });

  test("a feed refused as resource_exhausted is reopened and every connection watched again, with nothing lost", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    alice!.type("say one");
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "one")), "the first say");
    h.core.failFeeds(Code.ResourceExhausted);
    // The link is told, checks the core (the real one pings it) and is ready again.
    await waitUntil(() => h.link.state().kind === "connecting", "the link to be told");
    h.link.up();
    await waitUntil(() => h.service.feed.opened === 2 && h.core.streams() === 2, "the feed to reopen");
    alice!.type("say two");
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "two")), "the second say");
    expect(countLines(bob!.conn, heard("P1", "one"))).toBe(1);
    expect(h.core.feeds()).toBe(1);
  });
});

describe("a slow reader", () => {
  test("never slows the room: the others hear every line first, and the slow one hears every line once it drains", async () => {
    const h = playHarness();
    const [alice, bob, slow] = await players(h, 3);
    slow!.conn.setBacklogged(true);
    const lines = ["one", "two", "three", "four", "five"];
    for (const line of lines) alice!.type(`say ${line}`);
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "five")), "bob to hear all");
    expect(bob!.conn.transcript.filter((l) => l.startsWith("P1 says"))).toEqual(
      lines.map((l) => heard("P1", l)),
    );
    expect(slow!.conn.transcript.filter((l) => l.startsWith("P1 says"))).toEqual([]);
    slow!.conn.setBacklogged(false);
    await waitUntil(() => slow!.conn.transcript.includes(heard("P1", "five")), "the slow one to catch up");
    expect(slow!.conn.transcript.filter((l) => l.startsWith("P1 says"))).toEqual(
      lines.map((l) => heard("P1", l)),
    );
    alice!.type("say six");
    await waitUntil(() => slow!.conn.transcript.includes(heard("P1", "six")), "live again");
    expect(countLines(slow!.conn, heard("P1", "six"))).toBe(1);
  });
});

describe("acknowledgements", () => {
  test("a quit carries what the connection received, so the cursor stored at detach is right, with no call of its own", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    for (const n of [1, 2]) bob!.type(`say ${n}`);
    await waitUntil(() => alice!.conn.transcript.includes(heard("P2", "2")), "the says");
    alice!.type("quit");
    await waitUntil(() => alice!.conn.closed, "alice to leave");
    const session = [...h.core.world.sessions.values()].find((s) => s.character.name === "P1");
    expect(session?.cursor).toBe(h.core.world.events.length);
    const quit = h.core.commands.find((c) => c.line === "quit" && c.sessionId === session?.id);
    expect(Number(quit?.deliveredPosition)).toBe(h.core.world.events.length);
    expect(h.core.acks).toEqual([]);
    expect(h.core.disconnects).toEqual([]);
  });

  test("a dropped socket's Disconnect carries the last position it received", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    alice!.type("say bye");
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "bye")), "the say");
    bob!.conn.hangUp();
    await waitUntil(() => h.core.disconnects.length === 1, "the disconnect");
    expect(h.core.disconnects[0]?.lastPosition).toBe(BigInt(h.core.world.events.length));
  });

  test("received positions reach the core in one batch per interval", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    alice!.type("say batch");
    await waitUntil(() => bob!.conn.transcript.includes(heard("P1", "batch")), "the say");
    expect(h.core.acks).toEqual([]);
    h.timers.advance(1000);
    await waitUntil(() => h.core.acks.length === 1, "the batch");
    expect(h.core.acks[0]?.delivered.map((d) => Number(d.position))).toEqual([1, 1]);
  });
});

describe("a connection the core let go", () => {
  /** P1's session and its one connection id. */
  const aliceSession = (h: Harness) => {
    const session = [...h.core.world.sessions.values()].find((s) => s.character.name === "P1");
    return { session: session!, connectionId: [...(session?.connections ?? [])][0] ?? "" };
  };

  test("a command refused as unauthenticated stops its output at once; with no verdict item it resumes and misses nothing", async () => {
    const h = playHarness();
    const [alice, bob] = await players(h, 2);
    const { session, connectionId } = aliceSession(h);
    session.connections.delete(connectionId);
    alice!.type("say am I here");
    await waitUntil(() => h.core.commands.length === 1, "the refused say");
    await waitUntil(() => h.timers.pending().length > 0, "the verdict wait");
    bob!.type("say while you were away");
    // Bob hears his own say from the same FeedEvent that names Alice's connection too.
    await waitUntil(() => bob!.conn.transcript.includes(`You say, "while you were away"`), "bob's say");
    expect(countLines(alice!.conn, heard("P2", "while you were away"))).toBe(0);
    h.timers.advance(2000);
    await waitUntil(() => alice!.conn.transcript.includes(`You say, "am I here"`), "the say after resuming");
    expect(countLines(alice!.conn, heard("P2", "while you were away"))).toBe(1);
    expect(h.core.commands.filter((c) => c.line === "say am I here").map((c) => c.sequence)).toEqual([
      1n,
      1n,
    ]);
  });

  test("a closed item shows its text and closes the socket; nothing is resumed or disconnected", async () => {
    const h = playHarness();
    const [alice] = await players(h, 1);
    const { session, connectionId } = aliceSession(h);
    h.core.boot(session.id, connectionId, "An admin has shown you the door.");
    await waitUntil(() => alice!.conn.closed, "the close");
    expect(alice!.conn.transcript.at(-1)).toBe("An admin has shown you the door.");
    expect(h.core.disconnects).toEqual([]);
    expect(h.core.streams()).toBe(0);
  });
});
