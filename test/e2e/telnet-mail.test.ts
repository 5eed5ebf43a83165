import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// Mail over the compiled binary: a message to a player who is away is durable once the sender is told it was
// sent, survives `kill -9` of the core (the mailboxes are rebuilt from the events at start), and is counted
// and read at the recipient's next login.
let game: TelnetGame;
const players: TelnetPlayer[] = [];

beforeAll(async () => {
  game = await startTelnetGame();
}, 60_000);

afterAll(async () => {
  for (const p of players) await p[Symbol.asyncDispose]();
  await game?.[Symbol.asyncDispose]();
});

async function join(name: string, how: "register" | "connect" = "register"): Promise<TelnetPlayer> {
  const player = await connectTelnetPlayer(game.telnetPort);
  players.push(player);
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, name, `secret-of-${name}`, how);
  return player;
}

describe("mail across a core crash", () => {
  test("mail to an offline player survives kill -9, is counted at login and reads back whole", async () => {
    const bob = await join("Bob");
    bob.send("quit");
    await bob.waitClosed();

    const alice = await join("Alice");
    let from = alice.lines.length;
    alice.send("mail send Bob nobody = Across the crash/Still here after kill -9.%rSecond line.");
    await alice.waitForLine('There is no one called "nobody": they were not sent it.', from);
    expect(alice.lines.slice(-2)).toEqual([
      'You sent "Across the crash" to Bob.',
      'There is no one called "nobody": they were not sent it.',
    ]);

    from = alice.lines.length;
    await game.killCore();
    await alice.waitForLine("[The game is restarting…]", from);
    await game.startCore();
    await alice.waitForLine("[Reconnected.]", from);

    const again = await join("Bob", "connect");
    await again.waitForLine("You have 1 unread message. Type 'mail' to read them.");
    // The notice came while Bob was away: it is in his replay, which ends before he reads.
    await again.waitForLine("--- end of missed events ---");
    expect(again.lines).toContain("New mail from Alice: Across the crash (type 'mail 1' to read it).");
    from = again.lines.length;
    again.send("mail");
    await again.waitForLine("* = unread. Read one with 'mail <number>'.", from);
    expect(again.lines.slice(from, from + 3)).toEqual([
      "Mail (inbox): 1 message, 1 unread.",
      "     #  From             Sent              Subject",
      expect.stringMatching(/^ {2}\* {2}1 {2}Alice +\d{4}-\d\d-\d\d \d\d:\d\d {2}Across the crash$/),
    ]);
    from = again.lines.length;
    again.send("mail 1");
    await again.waitForLine("Second line.", from);
    expect(again.lines.slice(from, from + 8)).toEqual([
      "Message 1 (inbox)",
      "From: Alice",
      "To: Bob",
      expect.stringMatching(/^Sent: .* UTC$/),
      "Subject: Across the crash",
      "-".repeat(60),
      "Still here after kill -9.",
      "Second line.",
    ]);
  }, 60_000);
});
