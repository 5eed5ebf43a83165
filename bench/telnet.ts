// Load over real telnet on loopback against the compiled binary: fan-out latency of a say with 10-200
// clients in one room, closed-loop command throughput with 50 clients, and gateway/core RSS with 1,000 and 5,000
// idle logged-in connections. Prints figures; it is not a test.
// Run: node_modules/.bin/bun scripts/build-binary.ts && node_modules/.bin/bun bench/telnet.ts [fanout] [loop] [idle]
// (no phase names: all three; the idle phase's 5,000 logins take about 5 minutes).
// Known limitation: clients and servers share the machine's 2 cores, so latency includes the clients' own work.
// Logins cost one argon2id verify each in the core (about 12/s here), which dominates the bench's run time.
import { rssKiB, startTelnetGame, type TelnetGame } from "../test/support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../test/support/telnet-player.ts";
import { pool } from "./web/latency-summary.ts";

const fanOutSizes = [10, 50, 100, 200];
const throughputClients = 50;
const throughputMs = 15_000;
const idleSteps = [1_000, 5_000];
const password = "bench-pass-phrase";
const gatewayFlags = ["--max-connections-per-ip=10000"];

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${ms(percentile(s, 50))}  p95 ${ms(percentile(s, 95))}  p99 ${ms(percentile(s, 99))}  (n=${s.length})`;
};

async function login(game: TelnetGame, name: string, how: "register" | "connect"): Promise<TelnetPlayer> {
  const player = await connectTelnetPlayer(game.telnetPort, { guardMs: 120_000 });
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, name, password, how);
  return player;
}

async function quitAll(players: readonly TelnetPlayer[]): Promise<void> {
  for (const p of players) p.send("quit");
  await Promise.all(players.map((p) => p.waitClosed()));
}

/** One say per round from a rotating speaker; latency from the send to each other client's line. */
async function fanOut(game: TelnetGame, registered: { count: number }, size: number): Promise<number[]> {
  const clients = await pool(size, 8, (i) =>
    login(game, `Fan${i}`, i < registered.count ? "connect" : "register"),
  );
  registered.count = Math.max(registered.count, size);
  const rounds = size <= 50 ? 40 : size <= 100 ? 30 : 20;
  const samples: number[] = [];
  for (let r = -3; r < rounds; r++) {
    const speaker = r < 0 ? 0 : r % size;
    const token = `fan-${size}-${r}`;
    const marks = clients.map((c) => c.lines.length);
    const started = performance.now();
    clients[speaker]?.send(`say ${token}`);
    await Promise.all(
      clients.map(async (c, i) => {
        if (i === speaker) {
          await c.waitForLine(`You say, "${token}"`, marks[i]);
          return;
        }
        await c.waitForLine(`Fan${speaker} says, "${token}"`, marks[i]);
        if (r >= 0) samples.push(performance.now() - started);
      }),
    );
  }
  await quitAll(clients);
  return samples;
}

/** Each client sends a say and waits for its own echo, over and over, for `throughputMs`. */
async function throughput(
  game: TelnetGame,
): Promise<{ commands: number; perSecond: number; latency: number[] }> {
  const clients = await pool(throughputClients, 8, (i) => login(game, `Loop${i}`, "register"));
  const latency: number[] = [];
  const until = performance.now() + throughputMs;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c, i) => {
      for (let k = 0; performance.now() < until; k++) {
        const mark = c.lines.length;
        const sent = performance.now();
        c.send(`say loop-${i}-${k}`);
        await c.waitForLine(`You say, "loop-${i}-${k}"`, mark);
        latency.push(performance.now() - sent);
        // Keep memory flat: the bench only needs lines after the mark.
        if (c.lines.length > 10_000) (c.lines as string[]).splice(0, c.lines.length);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await quitAll(clients);
  return { commands: latency.length, perSecond: latency.length / elapsed, latency };
}

/** Idle logged-in connections: 200 characters, the rest as extra connections to their sessions. */
async function idle(game: TelnetGame): Promise<void> {
  const rss = () => `gateway ${mib(rssKiB(game.gatewayPid))}, core ${mib(rssKiB(game.corePid))}`;
  console.log(`idle, 0 connections: ${rss()}`);
  const characters = 200;
  const open: TelnetPlayer[] = await pool(characters, 8, (i) => login(game, `Idle${i}`, "register"));
  for (const step of idleSteps) {
    const started = performance.now();
    const more = await pool(step - open.length, 16, (i) => login(game, `Idle${i % characters}`, "connect"));
    open.push(...more);
    for (const p of open) (p.lines as string[]).splice(0, p.lines.length);
    const took = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`idle, ${open.length} logged-in connections: ${rss()} (logins took ${took} s)`);
  }
  for (const p of open) await p[Symbol.asyncDispose]();
}

const phases = process.argv.slice(2);
const run = (phase: string) => phases.length === 0 || phases.includes(phase);
const started = performance.now();
if (run("fanout")) {
  await using game = await startTelnetGame({ gatewayFlags });
  const registered = { count: 0 };
  for (const size of fanOutSizes) {
    console.log(`fan-out, ${size} clients in one room: ${summary(await fanOut(game, registered, size))}`);
  }
}
if (run("loop")) {
  await using game = await startTelnetGame({ gatewayFlags });
  const loop = await throughput(game);
  console.log(
    `closed loop, ${throughputClients} clients saying: ${loop.perSecond.toFixed(0)} commands/s ` +
      `(${(loop.perSecond * throughputClients).toFixed(0)} deliveries/s); command round trip ${summary(loop.latency)}`,
  );
}
if (run("idle")) {
  await using game = await startTelnetGame({ gatewayFlags });
  await idle(game);
}
console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
