import { describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";

// A PennMUSH/TinyMUX veteran's first session, typed as they would over telnet against the compiled binary:
// @dig, @desc with %r, @open, @lock with a fail message, &ATTR, examine, +who, where, @emit, @pemit, think and
// pronoun substitutions. Every line each command prints is checked, in order.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });

const ID = "[0-9A-Z]{26}";
const line = (expected: string | RegExp) =>
  typeof expected === "string" ? expected : expect.stringMatching(expected);

/** Types `typed` and checks the lines printed from then until the last expected one: exactly these. */
async function exchange(
  player: TelnetPlayer,
  typed: string,
  expected: readonly (string | RegExp)[],
): Promise<string[]> {
  const from = player.lines.length;
  player.send(typed);
  await player.waitForLine(expected.at(-1) as string | RegExp, from);
  const printed = player.lines.slice(from);
  expect(printed).toEqual(expected.map(line));
  return printed;
}

describe("a MUSH veteran's first session over telnet", () => {
  test("builds, describes, locks, sets attributes, examines and talks with the spellings they know", async () => {
    const admin = await suite.join("admin", "connect", ADMIN_PASSWORD);
    const alice = await suite.join("Alice");
    const bob = await suite.join("Bob");
    await alice.waitForLine("Bob has connected.");
    await exchange(admin, "@role alice = builder", ["Alice is now a builder."]);

    const [dug] = await exchange(alice, "@dig Tower", [new RegExp(`^Dug Tower \\((${ID})\\)\\.$`)]);
    const tower = dug?.slice("Dug Tower (".length, -2) as string;
    await exchange(admin, "@tel alice = Tower", ["Teleported Alice to Tower."]);
    await alice.waitForLine("There are no obvious exits.");
    await exchange(alice, "@desc here = A round room.%rStairs wind up the wall.%b%bDust everywhere.", [
      "Described Tower.",
    ]);
    await exchange(alice, "look", [
      "Tower",
      "A round room.",
      "Stairs wind up the wall.  Dust everywhere.",
      "Present: Alice",
      "There are no obvious exits.",
    ]);
    await exchange(alice, "@open Down;d = Lobby", ["Opened Down to The Lobby."]);
    await exchange(alice, "@lock down = flag:member", ["Locked Down: flag:member"]);
    await exchange(alice, "lock/fail down = The trapdoor will not budge.", ["Down has a fail message now."]);
    await exchange(alice, "&MOOD me = curious", ["Set MOOD on Alice."]);
    await exchange(alice, "examine me", [
      new RegExp(`^Alice \\(#(${ID})\\)$`),
      "Type: character",
      new RegExp(`^Owner: Alice \\(#${ID}\\)$`),
      "Flags: none",
      `Location: Tower (#${tower})`,
      /^Created: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
      "Description: none",
      "Attributes:",
      "  MOOD: curious",
    ]);
    await exchange(alice, "ex down", [
      new RegExp(`^Down \\(#${ID}\\)$`),
      "Type: exit",
      new RegExp(`^Owner: Alice \\(#${ID}\\)$`),
      "Flags: none",
      `Location: Tower (#${tower})`,
      "Leads to: The Lobby (#lobby)",
      /^Created: .* UTC$/,
      "Description: none",
      "Lock: flag:member",
      "Lock fail message: The trapdoor will not budge.",
      "No attributes.",
    ]);
    await exchange(alice, "+who", [
      "Player Name            On For  Idle  Doing",
      /^admin {19}\d\d:\d\d +\d+[smhd]$/,
      /^Alice {19}\d\d:\d\d +\d+[smhd]$/,
      /^Bob {21}\d\d:\d\d +\d+[smhd]$/,
      "3 characters are connected.",
    ]);
    await exchange(alice, "where", ["The Lobby: admin, Bob", "Tower: Alice"]);

    // Bob visits: the lock holds him back with its message until he has the flag.
    await exchange(admin, "@tel bob = Tower", ["Teleported Bob to Tower."]);
    await alice.waitForLine("Bob arrives from The Lobby.");
    await bob.waitForLine("Exits: Down");
    // As in PennMUSH, %N and the pronouns in a description are the looker's.
    await exchange(alice, "@desc me = %N sees a tall woman. She nods at %o.", ["Described Alice."]);
    await exchange(bob, "&PRONOUNS me = he/him", ["Set PRONOUNS on Bob."]);
    await exchange(bob, "look alice", ["Alice", "Bob sees a tall woman. She nods at him."]);
    await exchange(bob, "d", ["The trapdoor will not budge."]);
    await exchange(admin, "@flag bob = member", ["Bob is now member."]);
    await exchange(bob, "d", [
      "The Lobby",
      "A quiet, high-ceilinged hall with worn armchairs and a crackling fire. New",
      "arrivals find their feet here.",
      "Present: admin and Bob",
      "Exits: Garden, Library",
    ]);
    await alice.waitForLine("Bob leaves toward The Lobby.");

    // Staff speak to a room and to one player anywhere; think stays with its typist.
    await exchange(admin, "@emit The wind howls.", ["The wind howls."]);
    await bob.waitForLine("The wind howls.");
    await exchange(alice, "@emit Thunder.", ["Only admins may emit."]);
    await exchange(admin, "@pemit Alice = You feel watched.", ["You emit to Alice: You feel watched."]);
    await alice.waitForLine("You feel watched.");
    await exchange(alice, "think %n thinks.%rHmm.", ["Alice thinks.", "Hmm."]);
    expect(alice.lines).not.toContain("The wind howls.");
    expect([...admin.lines, ...bob.lines]).not.toContain("Alice thinks.");
  });
});
