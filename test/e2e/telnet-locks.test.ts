import { afterAll, beforeAll, describe, test } from "bun:test";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// Locks over the compiled binary: a lock is compiled to a Cedar forbid, stored, and stops a player at once
// with its fail message; an unlock lets them through at once.
const ADMIN_PASSWORD = "admin-pass-phrase";
let game: TelnetGame;
const players: TelnetPlayer[] = [];

beforeAll(async () => {
  game = await startTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
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

/** Sends `line` and waits for `expected` after it. */
async function type(player: TelnetPlayer, line: string, expected: string | RegExp) {
  const from = player.lines.length;
  player.send(line);
  await player.waitForLine(expected, from);
}

describe("locks over telnet", () => {
  test("an exit locked to flag:member stops Bob with its fail message until he is a member", async () => {
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const alice = await arrive("Alice");
    const bob = await arrive("Bob");
    await type(admin, "role alice = builder", /Alice is now a builder/);
    await type(alice, "dig Tavern", /^Dug Tavern \(/);
    await type(admin, "teleport alice = Tavern", "Teleported Alice to Tavern.");
    await type(admin, "teleport bob = Tavern", "Teleported Bob to Tavern.");
    await type(alice, "open Back;b = lobby", /^Opened Back/);
    await type(alice, "lock back = flag:member", "Locked Back: flag:member");
    await type(alice, "lock/fail back = Members only, friend.", "Back has a fail message now.");
    await type(alice, "look back", "Locked: flag:member");
    await type(bob, "back", "Members only, friend.");
    await type(admin, "flag bob = member", "Bob is now member.");
    await type(bob, "back", /The Lobby/);
  });
});
