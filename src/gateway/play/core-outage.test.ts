import { describe, expect, test } from "bun:test";
import { Code } from "@connectrpc/connect";
import { queueFullNotice } from "./command-sender.ts";
import { reconnectedNotice, restartingNotice } from "./outage-notices.ts";
import { waitUntil } from "./test-support/fake-connection.ts";
import { characterActor, hallStream } from "./test-support/fake-world.ts";
import { countLines, playHarness } from "./test-support/play-harness.ts";

/** The core dies: the link notices first, then every stream fails. */
function killCore(h: ReturnType<typeof playHarness>): void {
  h.link.down();
  h.core.stop();
}

describe("when the core goes away", () => {
  test("every player is told once, no socket closes, and each is told when the game is back", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    const guest = h.connect();
    killCore(h);
    await waitUntil(() => h.core.streams() === 0, "the streams to fail");
    for (const c of [alice.conn, bob.conn, guest.conn]) {
      expect(countLines(c, restartingNotice)).toBe(1);
      expect(c.closed).toBe(false);
    }
    h.core.start();
    h.link.up();
    await waitUntil(() => h.core.streams() === 2, "the streams to reopen");
    for (const c of [alice.conn, bob.conn, guest.conn]) {
      await waitUntil(() => countLines(c, reconnectedNotice) === 1, "the reconnected notice");
    }
    alice.type("say back");
    await waitUntil(() => bob.conn.transcript.includes(`Alice says, "back"`), "the next command to work");
  });

  test("events committed while a player's stream was down are replayed after the reconnected notice", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    killCore(h);
    await waitUntil(() => h.core.streams() === 0, "the stream to fail");
    h.core.world.append(hallStream, "pose", characterActor("char-x"), {
      name: "Xena",
      text: "arrives late.",
    });
    h.core.start();
    h.link.up();
    await waitUntil(() => alice.conn.transcript.includes("--- end of missed events ---"), "the replay");
    const from = alice.conn.transcript.indexOf(restartingNotice);
    expect(alice.conn.since(from)).toEqual([
      restartingNotice,
      reconnectedNotice,
      "--- 1 missed event ---",
      "Xena arrives late.",
      "--- end of missed events ---",
    ]);
    const rewatched = h.core.streams();
    expect(rewatched).toBe(1);
  });

  test("commands typed during the outage are sent after reconnect with their original sequence numbers", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    alice.type("say before");
    await waitUntil(() => bob.conn.transcript.includes(`Alice says, "before"`), "the first say");
    killCore(h);
    await waitUntil(() => h.core.streams() === 0, "the streams to fail");
    alice.type("say during one");
    alice.type("say during two");
    expect(h.core.commands).toHaveLength(1);
    h.core.start();
    h.link.up();
    await waitUntil(() => bob.conn.transcript.includes(`Alice says, "during two"`), "the queued says");
    expect(h.core.commands.map((c) => [c.line, c.sequence])).toEqual([
      ["say before", 1n],
      ["say during one", 2n],
      ["say during two", 3n],
    ]);
    expect(countLines(bob.conn, `Alice says, "during one"`)).toBe(1);
  });

  test("past the outage bound the player is told once and input is held; nothing is dropped", async () => {
    const h = playHarness({ outboxLimits: { maxCommands: 2, maxBytes: 1024 * 1024 } });
    const alice = await h.play("Alice", "correct horse");
    killCore(h);
    await waitUntil(() => h.core.streams() === 0, "the stream to fail");
    for (const word of ["one", "two", "three", "four", "five"]) alice.type(`say ${word}`);
    expect(countLines(alice.conn, queueFullNotice)).toBe(1);
    // Two wait in the outbox, the third is held for room, the last two are not read yet.
    expect(alice.waiting).toBe(2);
    h.core.start();
    h.link.up();
    await waitUntil(() => alice.conn.transcript.includes(`You say, "five"`), "the held says");
    expect(h.core.commands.map((c) => [c.line, c.sequence])).toEqual([
      ["say one", 1n],
      ["say two", 2n],
      ["say three", 3n],
      ["say four", 4n],
      ["say five", 5n],
    ]);
    expect(countLines(alice.conn, queueFullNotice)).toBe(1);
    expect(alice.conn.transcript).not.toContainEqual(expect.stringContaining("not sent"));
  });

  test("with the core up, a paste past the outbox bound is slowed, never refused: every line runs once, in order", async () => {
    const h = playHarness({ outboxLimits: { maxCommands: 3, maxBytes: 1024 * 1024 } });
    const alice = await h.play("Alice", "correct horse");
    const lines = Array.from({ length: 40 }, (_, i) => `say paste ${i + 1}`);
    for (const line of lines) alice.type(line);
    await waitUntil(() => alice.conn.transcript.includes(`You say, "paste 40"`), "the last say");
    expect(h.core.commands.map((c) => c.line)).toEqual(lines);
    expect(h.core.commands.map((c) => c.sequence)).toEqual(lines.map((_, i) => BigInt(i + 1)));
    expect(countLines(alice.conn, queueFullNotice)).toBe(0);
  });

  test("a clean end of the output stream is treated as a reason to reconnect", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    h.core.endStreams();
    await waitUntil(() => h.link.state().kind === "connecting", "the link to be told");
    expect(h.link.failures).toHaveLength(1);
    expect(countLines(alice.conn, restartingNotice)).toBe(1);
    h.link.up();
    await waitUntil(() => countLines(alice.conn, reconnectedNotice) === 1, "the reconnect");
    expect(h.core.streams()).toBe(1);
  });

  test("a session the core no longer knows sends the player back to the login screen", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    h.core.world.sessions.clear();
    h.core.endStreams();
    await waitUntil(() => h.link.state().kind === "connecting", "the link to be told");
    h.link.up();
    await waitUntil(
      () => alice.conn.transcript.includes("[Your session has ended. Please log in again.]"),
      "the session-ended line",
    );
    expect(alice.conn.closed).toBe(false);
    expect(alice.conn.authenticated).toBe(false);
    alice.type("connect Alice correct horse");
    await waitUntil(() => h.core.streams() === 1, "a new session");
  });
});

describe("a command whose call breaks with a code a dying core can also give", () => {
  test.each([Code.Internal, Code.Unknown, Code.Aborted])(
    "(%p) is resent with its number and runs once, and the player sees no error",
    async (code) => {
      const h = playHarness();
      const alice = await h.play("Alice", "correct horse");
      const bob = await h.play("Bob", "battery staple");
      h.core.failCommands(2, code);
      alice.type("say through the storm");
      await waitUntil(() => bob.conn.transcript.includes(`Alice says, "through the storm"`), "the say");
      const says = h.core.commands.filter((c) => c.line === "say through the storm");
      expect(says).toHaveLength(3);
      expect(new Set(says.map((c) => c.sequence)).size).toBe(1);
      expect(countLines(bob.conn, `Alice says, "through the storm"`)).toBe(1);
      expect(alice.conn.transcript.filter((l) => /could not be done|went wrong/.test(l))).toEqual([]);
    },
  );

  test("one that fails the same way every time is given up after three tries, with one clear line", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    h.core.failCommands(3, Code.Internal);
    alice.type("say doomed");
    const failed = "Something went wrong on our side. Please try again.";
    await waitUntil(() => alice.conn.transcript.includes(failed), "the error");
    expect(countLines(alice.conn, failed)).toBe(1);
    expect(h.core.commands.filter((c) => c.line === "say doomed")).toHaveLength(3);
    alice.type("say next");
    await waitUntil(() => alice.conn.transcript.includes(`You say, "next"`), "the next command");
  });
});
