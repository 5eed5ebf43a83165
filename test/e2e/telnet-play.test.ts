import { describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

// Play over the compiled binary and real sockets: a say and a pose as the other player
// sees them, a first login, and quit and reconnect with the missed lines replayed once.
const suite = useTelnetGame();
const join = suite.join;

describe("two players in one room", () => {
  test("a say and a pose reach the other player as exact lines, and the speaker sees their own form", async () => {
    const alice = await join("Alice");
    const bob = await join("Bob");
    await alice.waitForLine("Bob has connected.");
    // Bob arrives to the room as look shows it; what follows is the say and the pose.
    await bob.waitForLine(/^Exits: /);
    const aliceFrom = alice.lines.length;
    const bobFrom = bob.lines.length;

    alice.send("say Hello!");
    await alice.waitForLine('You say, "Hello!"', aliceFrom);
    await bob.waitForLine('Alice says, "Hello!"', bobFrom);
    alice.send("pose waves.");
    await bob.waitForLine("Alice waves.", bobFrom);
    await alice.waitForLine("Alice waves.", aliceFrom);

    expect(bob.lines.slice(bobFrom)).toEqual(['Alice says, "Hello!"', "Alice waves."]);
    // The echo demo plugin is not loaded in a normal game, so no "Echo:" line follows the say.
    expect(alice.lines.slice(aliceFrom)).toEqual(['You say, "Hello!"', "Alice waves."]);
  });

  test("a fresh register shows the welcome and no empty replay frame", async () => {
    const carol = await join("Carol");
    carol.send("say ready");
    await carol.waitForLine('You say, "ready"');
    expect(carol.lines.filter((l) => l.startsWith("---"))).toEqual([]);
  });
});

describe("reconnecting as a player", () => {
  test("quit, then connect again: the missed lines are replayed once, between a header and a footer", async () => {
    const dora = await join("Dora");
    const eve = await join("Eve");
    await dora.waitForLine("Eve has connected.");
    dora.send("quit");
    await dora.waitForLine("Goodbye! Your character will be waiting when you return.");
    await dora.waitClosed();

    for (const word of ["one", "two", "three"]) eve.send(`say ${word}`);
    await eve.waitForLine('You say, "three"');

    const again = await join("Dora", "connect");
    await again.waitForLine("--- end of missed events ---");
    const from = again.lines.indexOf("Welcome back, Dora.");
    expect(again.lines.slice(from)).toEqual([
      "Welcome back, Dora.",
      "--- 3 missed events ---",
      'Eve says, "one"',
      'Eve says, "two"',
      'Eve says, "three"',
      "--- end of missed events ---",
    ]);

    eve.send("say four");
    await again.waitForLine('Eve says, "four"');
    const count = (line: string) => again.lines.filter((l) => l === line).length;
    expect([count('Eve says, "one"'), count('Eve says, "three"'), count("--- 3 missed events ---")]).toEqual([
      1, 1, 1,
    ]);
  });
});
