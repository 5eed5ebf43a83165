import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// Ownership over the compiled binary: its policy engine (Cedar's WebAssembly, embedded) refuses a builder
// who changes another builder's room.
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

describe("ownership over telnet", () => {
  test("Carol, a builder, is refused @name and describe on Alice's room; Alice is not", async () => {
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const alice = await arrive("Alice");
    const carol = await arrive("Carol");
    await type(admin, "role alice = builder", /Alice is now a builder/);
    await type(admin, "role carol = builder", /Carol is now a builder/);
    await type(alice, "dig Tavern", /^Dug Tavern \(/);
    await type(admin, "teleport alice = Tavern", "Teleported Alice to Tavern.");
    await type(admin, "teleport carol = Tavern", "Teleported Carol to Tavern.");
    await type(carol, "@name here = Carol's Place", "You may not rename Tavern.");
    await type(carol, "describe here = Ruined.", "You may not describe Tavern.");
    await type(alice, "describe here = Warm and smoky.", "Described Tavern.");
    await type(alice, "@name here = The Tavern", "Renamed Tavern to The Tavern.");
    const from = carol.lines.length;
    carol.send("look");
    await carol.waitForLine("The Tavern", from);
    expect(carol.lines.slice(from)).toContain("Warm and smoky.");
  });
});
