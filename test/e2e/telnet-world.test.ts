import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// The world with three players over the compiled binary and real sockets.
const ADMIN_PASSWORD = "admin-pass-phrase";
let game: TelnetGame;
const players: TelnetPlayer[] = [];

beforeAll(async () => {
  game = await startTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD, HOLOMUSH_GUESTS: "true" } });
}, 60_000);

afterAll(async () => {
  for (const p of players) await p[Symbol.asyncDispose]();
  await game?.[Symbol.asyncDispose]();
});

async function arrive(name: string, how: "register" | "connect" = "register", password?: string) {
  const player = await connectTelnetPlayer(game.telnetPort);
  players.push(player);
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, name, password ?? `${name.toLowerCase()}-pass-phrase`, how);
  return player;
}

type Match = string | RegExp;

/** Waits for `expected` (one line or several, each at or after `from`). */
async function see(player: TelnetPlayer, expected: Match | readonly Match[], from: number) {
  for (const line of Array.isArray(expected) ? expected : [expected]) await player.waitForLine(line, from);
}

describe("three players in the world", () => {
  let alice: TelnetPlayer;
  let bob: TelnetPlayer;

  test("moving between rooms: each sees the other leave toward and arrive from the right room", async () => {
    alice = await arrive("Alice");
    bob = await arrive("Bob");
    await alice.waitForLine("Bob has connected.");
    const a = alice.lines.length;
    const b = bob.lines.length;
    alice.send("garden");
    await see(alice, "The Garden", a);
    await see(bob, "Alice leaves toward The Garden.", b);
    const a2 = alice.lines.length;
    bob.send("go garden");
    await see(alice, "Bob arrives from The Lobby.", a2);
    await see(bob, "The Garden", b);
    expect(bob.lines.slice(b)).not.toContain("Bob leaves toward The Garden.");
    const b2 = bob.lines.length;
    alice.send("out");
    await see(bob, "Alice leaves toward The Lobby.", b2);
    alice.send("garden");
    await see(bob, "Alice arrives from The Lobby.", b2);
  });

  test("a page to an offline player is in their replay when they log in", async () => {
    const carol = await arrive("Carol");
    carol.send("quit");
    await carol.waitClosed();
    const a = alice.lines.length;
    alice.send("page Carol = are you there?");
    await see(alice, 'You paged Carol with "are you there?".', a);
    const again = await arrive("Carol", "connect");
    await again.waitForLine(/^--- end of missed events ---$/);
    const from = again.lines.indexOf("Welcome back, Carol.");
    const replay = again.lines.slice(from, again.lines.indexOf("--- end of missed events ---"));
    expect(replay).toContain("Alice pages: are you there?");
  });

  test("a channel conversation, and its history", async () => {
    const a = alice.lines.length;
    const b = bob.lines.length;
    bob.send("pub hello, everyone");
    await see(alice, '[Public] Bob says, "hello, everyone"', a);
    alice.send("pub :waves.");
    await see(bob, "[Public] Alice waves.", b);
    const b2 = bob.lines.length;
    bob.send("channel history Public");
    await see(
      bob,
      ["Recent messages on Public:", '[Public] Bob says, "hello, everyone"', "[Public] Alice waves."],
      b2,
    );
  });

  test("the admin makes Bob a builder; he digs a room with a way back, the admin opens the way in from the Garden, and Alice walks there", async () => {
    const b = bob.lines.length;
    bob.send("dig The Attic = Ladder;la, Down;d");
    await see(bob, "Only builders and admins may build.", b);
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const m = admin.lines.length;
    admin.send("@role Bob = builder");
    await see(admin, "Bob is now a builder.", m);
    // The Garden is the admin's: a builder opens exits only from rooms he owns.
    bob.send("dig The Attic = Ladder;la, Down;d");
    await see(bob, "You may not open exits from The Garden.", b);
    bob.send("dig The Attic = , Down;d");
    await see(bob, [/^Dug The Attic \(.+\)\.$/, "Opened Down back here."], b);
    admin.send("teleport me = The Garden");
    await see(admin, "Teleported admin to The Garden.", m);
    admin.send("open Ladder;la = The Attic");
    await see(admin, "Opened Ladder to The Attic.", m);
    const a = alice.lines.length;
    alice.send("la");
    await see(alice, "The Attic", a);
    await see(bob, "Alice leaves toward The Attic.", b);
    alice.send("d");
    await see(bob, "Alice arrives from The Attic.", b);
  });

  test("a guest logs in with no password as Guest-1 and may not build", async () => {
    const guest = await connectTelnetPlayer(game.telnetPort);
    players.push(guest);
    await guest.waitForLine(/^ {2}quit +to leave$/);
    guest.send("connect guest");
    await guest.waitForLine("Welcome, Guest-1.");
    const g = guest.lines.length;
    guest.send("dig Cellar");
    await see(guest, "Only builders and admins may build.", g);
  });
});
