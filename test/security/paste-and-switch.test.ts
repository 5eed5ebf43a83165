import { describe, expect, test } from "bun:test";
import { rssKiB } from "../support/telnet-game.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";

// Abuse of the gateway's input path over the compiled binary: pastes far past the outbox bound, a client
// that never reads, and a paste into an outage. Nothing typed may be dropped, refused or run twice, and the
// gateway's memory stays bounded.
const suite = useTelnetGame();
const restarting = "[The game is restarting…]";
const reconnected = "[Reconnected.]";
const queueFull =
  "[The game is restarting and many commands are waiting. What you type next is kept and will be read once the game is back.]";
/** Growth of the gateway's RSS allowed during one paste; the outbox holds at most 256 KiB of lines. */
const rssGrowthKiB = 48 * 1024;

/** Waits until the core has answered every command `player` sent: a refused page answers after them all. */
async function settled(player: TelnetPlayer): Promise<void> {
  const from = player.lines.length;
  player.send("page nobody-at-all = ping");
  await player.waitForLine('There is no one called "nobody-at-all".', from);
}

/**
 * Sends `count` say lines from `typist` in one write and waits until `listener` heard the last; returns
 * what it heard of them and the gateway's highest RSS seen meanwhile (sampled on every chunk received).
 */
async function paste(typist: TelnetPlayer, name: string, listener: TelnetPlayer, tag: string, count: number) {
  const from = listener.lines.length;
  const lines = Array.from({ length: count }, (_, i) => `say ${tag} ${i + 1}`);
  const gateway = suite.game().gatewayPid;
  let peak = rssKiB(gateway);
  await typist.write(`${lines.join("\r\n")}\r\n`);
  // Waited for a hundred lines at a time: each wait's guard deadline bounds one stretch, not the whole paste.
  for (let n = 100; ; n += 100) {
    const at = Math.min(n, count);
    const line = `${name} says, "${tag} ${at}"`;
    await listener.until(() => {
      peak = Math.max(peak, rssKiB(gateway));
      return listener.lines.slice(from).includes(line);
    }, `line ${at} of ${count}`);
    if (at === count) break;
  }
  const mine = new RegExp(`^${name} says, "${tag} \\d+"$`);
  const heard = listener.lines.slice(from).filter((l) => mine.test(l));
  return { heard, expected: lines.map((_, i) => `${name} says, "${tag} ${i + 1}"`), peak };
}

describe("pastes against a healthy core", () => {
  test("500 lines: all run once, in order, and the gateway's memory stays bounded", async () => {
    const typist = await suite.join("Typist");
    const listener = await suite.join("Listener");
    await settled(typist);
    const before = rssKiB(suite.game().gatewayPid);
    const { heard, expected, peak } = await paste(typist, "Typist", listener, "short", 500);
    expect(heard).toEqual(expected);
    expect(peak - before).toBeLessThan(rssGrowthKiB);
  }, 180_000);

  test("2,000 lines from a client that never reads its output: all run once, in order; memory stays bounded", async () => {
    const typist = await suite.join("Deaf");
    const listener = await suite.join("Ear");
    await settled(typist);
    typist.pause();
    const before = rssKiB(suite.game().gatewayPid);
    const { heard, expected, peak } = await paste(typist, "Deaf", listener, "long", 2000);
    expect(heard).toEqual(expected);
    expect(peak - before).toBeLessThan(rssGrowthKiB);
    expect(typist.closed).toBe(false);
    typist.resume();
    await settled(typist);
  }, 300_000);
});

describe("a paste into an outage", () => {
  test("1,200 lines, past the outage bound: told once, held, then all run once, in order", async () => {
    const typist = await suite.join("Waiter");
    const listener = await suite.join("Watcher");
    await settled(typist);
    const marks = [typist.lines.length, listener.lines.length] as const;
    const game = suite.game();
    await game.killCore();
    await typist.waitForLine(restarting, marks[0]);
    const lines = Array.from({ length: 1200 }, (_, i) => `say held ${i + 1}`);
    await typist.write(`${lines.join("\r\n")}\r\n`);
    await typist.waitForLine(queueFull, marks[0]);
    await game.startCore();
    await typist.waitForLine(reconnected, marks[0]);
    for (let n = 100; n <= 1200; n += 100) await listener.waitForLine(`Waiter says, "held ${n}"`, marks[1]);
    const heard = listener.lines.slice(marks[1]).filter((l) => /^Waiter says, "held \d+"$/.test(l));
    expect(heard).toEqual(lines.map((_, i) => `Waiter says, "held ${i + 1}"`));
    expect(typist.lines.slice(marks[0]).filter((l) => l === queueFull)).toHaveLength(1);
    expect(typist.lines.filter((l) => l.includes("not sent"))).toEqual([]);
  }, 300_000);
});
