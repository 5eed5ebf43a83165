import { expect, test } from "bun:test";
import { Cmd, Opt } from "#gateway/telnet/telnet-constants.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";
import { type FloodStats, flood } from "./flooder.ts";

// The case: two connections that never log in, each streaming `IAC SB TTYPE IS <unique name> IAC SE`, drove the
// gateway to 90% CPU; a logged-in player's `look` took over 10 s and the core link's ping timed out, so every
// player was told the game was restarting. This test prints the player's `look` round trip under the flood
// against an idle baseline; it fails only on a disconnect or a restart notice, never on time.
const { IAC, SB, SE } = Cmd;
const { TTYPE } = Opt;
// Enough looks under the flood that a cost growing with the flood (as the unbounded name list did) shows.
const idleLooks = 20;
const floodLooks = 100;
const suite = useTelnetGame();

/** 64 unsolicited TTYPE answers with names never seen before. */
function ttypeNames(n: number): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < 64; i++) {
    parts.push(IAC, SB, TTYPE, 0, ...new TextEncoder().encode(`FLOOD-${n}-${i}`), IAC, SE);
  }
  return Uint8Array.from(parts);
}

/** Round trips of `count` looks, one at a time, in ms. */
async function lookTimes(player: TelnetPlayer, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const from = player.lines.length;
    const sent = performance.now();
    player.send("look");
    await player.waitForLine("The Lobby", from);
    times.push(performance.now() - sent);
  }
  return times;
}

const percentile = (xs: readonly number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const median = (xs: readonly number[]) => percentile(xs, 50);

test("two unauthenticated TTYPE floods neither disconnect a logged-in player nor time out the core link", async () => {
  const player = await suite.join("Looker");
  const idle = await lookTimes(player, idleLooks);

  let done = false;
  const floods: Promise<FloodStats>[] = [1, 2].map((k) =>
    flood({
      port: suite.game().telnetPort,
      chunk: (n) => ttypeNames(k * 1_000_000 + n),
      stop: () => done,
      maxConnections: 5_000,
    }),
  );
  let flooded: number[];
  try {
    flooded = await lookTimes(player, floodLooks);
  } finally {
    done = true;
  }
  const stats = await Promise.all(floods);

  const ratio = median(flooded) / median(idle);
  console.log(
    `ttype flood: look p50 idle ${median(idle).toFixed(1)} ms, under flood ${median(flooded).toFixed(1)} ms ` +
      `(p95 ${percentile(flooded, 95).toFixed(1)} ms, max ${Math.max(...flooded).toFixed(1)} ms) ` +
      `(ratio ${ratio.toFixed(2)}); flood connections ${stats.map((s) => s.connections).join(" + ")}, ` +
      `sent ${stats.map((s) => s.bytesSent).join(" + ")} B, received ${stats.map((s) => s.bytesReceived).join(" + ")} B`,
  );
  expect(player.closed).toBe(false);
  expect(player.lines.filter((l) => l.includes("restarting"))).toEqual([]);
  expect(await suite.game().linkState()).toBe("connected");
  expect(stats.every((s) => s.bytesSent > 0)).toBe(true);
});
