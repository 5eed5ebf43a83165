import { describe, expect, test } from "bun:test";
import { waitUntil } from "./test-support/fake-connection.ts";
import { countLines, playHarness } from "./test-support/play-harness.ts";

/** Alice's player, with two characters, at the game (from the menu), and Bob listening in the hall. */
async function twoCharacters(h: ReturnType<typeof playHarness>) {
  const bob = await h.play("Bob", "battery staple");
  h.core.world.addPlayer("Alice", "correct horse", ["Alice", "Alyssa"]);
  const alice = h.connect();
  alice.type("connect Alice correct horse");
  alice.type("1");
  await waitUntil(() => alice.conn.transcript.includes("Welcome, Alice."), "Alice to enter");
  return { alice, bob };
}

describe("switching characters on one connection", () => {
  test("switching back and forth five times, each line said after a switch is heard once, by the right character", async () => {
    const h = playHarness();
    const { alice, bob } = await twoCharacters(h);
    const expected: string[] = [];
    for (let round = 1; round <= 5; round++) {
      for (const name of ["Alyssa", "Alice"]) {
        alice.type(`play ${name}`);
        alice.type(`say ${name} ${round}`);
        expected.push(`${name} says, "${name} ${round}"`);
      }
    }
    await waitUntil(() => bob.conn.transcript.includes(expected.at(-1) ?? ""), "the last say");
    const heard = bob.conn.transcript.filter((l) => /^(Alice|Alyssa) says, /.test(l));
    expect(heard).toEqual(expected);
    // One connection, one counter that never restarts: a number names one line, whatever session it
    // reaches (a say refused unrun by the session just left is sent again, to the new one).
    const lineOf = new Map<bigint, string>();
    for (const c of h.core.commands) {
      expect(lineOf.get(c.sequence) ?? c.line).toBe(c.line);
      lineOf.set(c.sequence, c.line);
    }
    expect([...lineOf.keys()]).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i + 1)));
    expect(alice.conn.transcript.filter((l) => l.startsWith("You leave "))).toHaveLength(10);
  });

  test("when the play reply beats the stream's switch, the next lines wait and go to the new character once", async () => {
    const h = playHarness();
    const { alice, bob } = await twoCharacters(h);
    h.core.holdSwitched = true;
    alice.type("play Alyssa");
    alice.type("say first");
    alice.type("say second");
    await waitUntil(() => alice.conn.transcript.includes("You leave Alice and take up Alyssa."), "the reply");
    // The first say reached Alice's old session, which refused it unrun; it waits for the switch.
    await waitUntil(() => h.core.commands.length === 2, "the refused say");
    h.core.releaseSwitched();
    await waitUntil(() => bob.conn.transcript.includes(`Alyssa says, "second"`), "the says");
    expect(countLines(bob.conn, `Alyssa says, "first"`)).toBe(1);
    expect(bob.conn.transcript.filter((l) => l.startsWith("Alice says"))).toEqual([]);
    const says = h.core.commands.filter((c) => c.line.startsWith("say"));
    expect(says.map((c) => [c.line, c.sequence])).toEqual([
      ["say first", 2n],
      ["say first", 2n],
      ["say second", 3n],
    ]);
    expect(says[0]?.sessionId).not.toBe(says[1]?.sessionId);
  });

  test("a session lost with commands still queued tells the player how many were not sent", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    h.link.down();
    h.core.stop();
    await waitUntil(() => h.core.streams() === 0, "the stream to fail");
    alice.type("say one");
    alice.type("say two");
    h.core.world.sessions.clear();
    h.core.start();
    h.link.up();
    await waitUntil(
      () => alice.conn.transcript.includes("[2 commands you typed before that were not sent.]"),
      "the count",
    );
    expect(alice.conn.transcript).toContain("[Your session has ended. Please log in again.]");
    expect(h.core.commands).toEqual([]);
    alice.type("connect Alice correct horse");
    alice.type("say three");
    await waitUntil(() => alice.conn.transcript.includes(`You say, "three"`), "the next say");
    expect(h.core.commands.map((c) => [c.line, c.sequence])).toEqual([["say three", 3n]]);
  });
});
