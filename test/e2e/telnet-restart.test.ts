import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// `kill -9` of the core drops no telnet player; commands typed during the outage are not lost.
// A frozen core (SIGSTOP) is an outage too, found by the link's health check instead of a closed socket.
const restarting = "[The game is restarting…]";
const reconnected = "[Reconnected.]";
const clientCount = 20;
let game: TelnetGame;
let clients: TelnetPlayer[] = [];

beforeAll(async () => {
  game = await startTelnetGame();
  // Sequential: each register runs argon2id in the core; twenty at once only queue there anyway.
  for (let i = 0; i < clientCount; i++) {
    const player = await connectTelnetPlayer(game.telnetPort);
    clients.push(player);
    await player.waitForLine(/^ {2}quit +to leave$/);
    await loginPlayer(player, `Player${i}`, `secret-phrase-${i}`);
  }
}, 90_000);

afterAll(async () => {
  for (const c of clients) await c[Symbol.asyncDispose]();
  clients = [];
  await game?.[Symbol.asyncDispose]();
});

/**
 * Waits until the core has answered every command `player` typed: a refused page is answered in the reply
 * itself, after all earlier commands. A reply can trail the events it caused, and an unanswered command
 * still holds a place in the gateway's queue (and would be resent after a restart).
 */
async function settled(player: TelnetPlayer): Promise<void> {
  const from = player.lines.length;
  player.send("page nobody-at-all = ping");
  await player.waitForLine('There is no one called "nobody-at-all".', from);
}

/** Kills the core, waits until every client was told, runs `during`, starts the core, waits for everyone's notice. */
async function outage(during: () => Promise<void> = async () => {}): Promise<number[]> {
  const marks = clients.map((c) => c.lines.length);
  await game.killCore();
  await Promise.all(clients.map((c, i) => c.waitForLine(restarting, marks[i])));
  await during();
  await game.startCore();
  await Promise.all(clients.map((c, i) => c.waitForLine(reconnected, marks[i])));
  return marks;
}

describe("kill -9 of the core with twenty players logged in", () => {
  test("no socket closes, everyone sees the restarting and reconnected notices once, and every next command works", async () => {
    let during: string | undefined;
    const marks = await outage(async () => {
      during = await game.linkState();
    });
    expect(during).toBeDefined();
    expect(during).not.toBe("connected");
    expect(await game.linkState()).toBe("connected");
    expect(clients.filter((c) => c.closed)).toHaveLength(0);
    for (const [i, c] of clients.entries()) {
      const seen = c.lines.slice(marks[i]);
      expect([
        seen.filter((l) => l === restarting).length,
        seen.filter((l) => l === reconnected).length,
      ]).toEqual([1, 1]);
    }

    const after = clients.map((c) => c.lines.length);
    for (const [i, c] of clients.entries()) c.send(`say back ${i}`);
    await Promise.all(clients.map((c, i) => c.waitForLine(`You say, "back ${i}"`, after[i])));
    // Everyone is in one room: the first player hears all the others.
    await Promise.all(
      clients
        .slice(1)
        .map((_, j) => clients[0]?.waitForLine(`Player${j + 1} says, "back ${j + 1}"`, after[0])),
    );
    expect(clients.filter((c) => c.closed)).toHaveLength(0);
  }, 60_000);
});

describe("commands typed while the core is away", () => {
  test("are queued and run in order after the reconnect", async () => {
    const [typist, listener] = clients as [TelnetPlayer, TelnetPlayer];
    await settled(typist);
    const from = listener.lines.length;
    await outage(async () => {
      typist.send("say during one");
      typist.send("pose waits out the restart.");
    });
    await listener.waitForLine("Player0 waits out the restart.", from);
    const ours = /^Player0 (says, "during one"|waits out the restart\.)$/;
    const heard = listener.lines.slice(from).filter((l) => ours.test(l));
    expect(heard).toEqual(['Player0 says, "during one"', "Player0 waits out the restart."]);
  }, 60_000);

  test("500 lines pasted in one write, the core killed while they run, all run in order, once", async () => {
    const [typist, listener] = clients as [TelnetPlayer, TelnetPlayer];
    await settled(typist);
    const from = listener.lines.length;
    const lines = Array.from({ length: 500 }, (_, i) => `say pasted ${i + 1}`);
    await typist.write(`${lines.join("\r\n")}\r\n`);
    await listener.waitForLine('Player0 says, "pasted 50"', from);
    // The command in flight at the kill is resent with its number; the core runs it once.
    await outage();
    await listener.waitForLine('Player0 says, "pasted 500"', from);
    const heard = listener.lines.slice(from).filter((l) => /^Player0 says, "pasted \d+"$/.test(l));
    expect(heard).toEqual(lines.map((_, i) => `Player0 says, "pasted ${i + 1}"`));
    expect(typist.lines.filter((l) => /not sent|could not be done|went wrong/.test(l))).toEqual([]);
  }, 120_000);
});

describe("a frozen core (SIGSTOP)", () => {
  test("is noticed by the link's health check; a command typed meanwhile runs once after SIGCONT", async () => {
    const [typist, listener] = clients as [TelnetPlayer, TelnetPlayer];
    await settled(typist);
    const marks = clients.map((c) => c.lines.length);
    const pid = game.corePid;
    process.kill(pid, "SIGSTOP");
    try {
      typist.send("say while frozen");
      await Promise.all(clients.map((c, i) => c.waitForLine(restarting, marks[i])));
    } finally {
      process.kill(pid, "SIGCONT");
    }
    await Promise.all(clients.map((c, i) => c.waitForLine(reconnected, marks[i])));
    await listener.waitForLine('Player0 says, "while frozen"', marks[1]);
    await settled(typist);
    expect(typist.lines.slice(marks[0]).filter((l) => l === 'You say, "while frozen"')).toHaveLength(1);
    expect(listener.lines.slice(marks[1]).filter((l) => l === 'Player0 says, "while frozen"')).toHaveLength(
      1,
    );
    expect(clients.filter((c) => c.closed)).toHaveLength(0);
    expect(game.corePid).toBe(pid);
  }, 60_000);
});
