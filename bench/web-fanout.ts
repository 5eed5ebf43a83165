// The web client's costs on loopback against the compiled binary, in one run: fan-out of a say to N scripted
// WebSocket clients (docs/web-protocol.md, not browsers) beside the same figure for N telnet clients, the first
// load's size as served with gzip, and the time to first output (a WebSocket's first line; chromium's login
// form). Prints figures; it asserts nothing about time.
// Build first: node_modules/.bin/bun scripts/build-web.ts && node_modules/.bin/bun scripts/build-binary.ts
// Run: node_modules/.bin/bun run bench:web -- [--clients 500] [--rounds 20] [--gap 250] [--no-browser]
// Known limitation: clients and servers share the machine's cores, so latency includes the clients' own work.
// Logins cost one argon2id hash each in the core (about 12/s here): the N logins dominate the run time.
import { parseArgs } from "node:util";
import { chromiumMissing, launchChromium } from "../test/support/chromium.ts";
import { startTelnetGame, type TelnetGame } from "../test/support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../test/support/telnet-player.ts";
import { rssKiB } from "./peer/proc-memory.ts";
import { fanoutRounds, type RoomClient } from "./web/fanout-rounds.ts";
import { browserFirstOutput, firstLoadSize, wsFirstOutput } from "./web/first-load.ts";
import { latencySummary, percentile, pool } from "./web/latency-summary.ts";
import { connectWsPlayer, type WsPlayer } from "./web/ws-player.ts";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "500" },
    rounds: { type: "string", default: "20" },
    gap: { type: "string", default: "250" },
    "no-browser": { type: "boolean", default: false },
  },
});
const clients = Number(values.clients);
const fanout = { rounds: Number(values.rounds), gapMs: Number(values.gap), warmup: 3 };
const password = "bench-pass-phrase";
const name = (i: number) => `Web${i}`;
const log = (line: string) => process.stderr.write(`[web] ${line}\n`);
const print = (line: string) => process.stdout.write(`${line}\n`);
const mib = (kib: number | undefined) => (kib === undefined ? "?" : `${(kib / 1024).toFixed(0)} MiB`);
/** Every process this run started, stopped by pid on Ctrl-C. */
const running = new Set<number>();

/** A WebSocket client as the fan-out rounds see it. */
function wsRoomClient(player: WsPlayer, playerName: string): RoomClient {
  return {
    name: playerName,
    mark: () => player.lines.length,
    say: (text) => player.command(`say ${text}`),
    heard: (needle, from) => player.waitFor(needle, from),
  };
}

/** A telnet client as the fan-out rounds see it: the time is taken in its data handler, as for WebSockets. */
function telnetRoomClient(player: TelnetPlayer, playerName: string): RoomClient {
  return {
    name: playerName,
    mark: () => player.lines.length,
    say: (text) => player.send(`say ${text}`),
    async heard(needle, from) {
      let at = 0;
      await player.until(() => {
        if (!player.lines.slice(from).some((l) => l.includes(needle))) return false;
        at = performance.now();
        return true;
      }, `a line with ${needle}`);
      return at;
    },
  };
}

async function webPhase(game: TelnetGame): Promise<void> {
  const started = performance.now();
  const players = await pool(clients, 8, async (i) => {
    const player = await connectWsPlayer(game.webPort);
    player.line(`register ${name(i)} ${password}`);
    await player.playing();
    return player;
  });
  log(`${clients} WebSocket clients registered in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  print(`gateway RSS with ${clients} WebSocket players: ${mib(rssKiB(game.gatewayPid))}`);
  const samples = await fanoutRounds(
    players.map((p, i) => wsRoomClient(p, name(i))),
    fanout,
  );
  print(`fan-out to ${clients - 1} WebSocket clients: ${latencySummary(samples)}`);
  for (const p of players) p.close();
}

async function telnetPhase(game: TelnetGame): Promise<void> {
  const started = performance.now();
  const players = await pool(clients, 8, async (i) => {
    const player = await connectTelnetPlayer(game.telnetPort, { guardMs: 120_000 });
    await player.waitForLine(/^ {2}quit +to leave$/);
    await loginPlayer(player, name(i), password, "connect");
    return player;
  });
  log(`${clients} telnet clients logged in in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  print(`gateway RSS with ${clients} telnet players: ${mib(rssKiB(game.gatewayPid))}`);
  const samples = await fanoutRounds(
    players.map((p, i) => telnetRoomClient(p, name(i))),
    fanout,
  );
  print(`fan-out to ${clients - 1} telnet clients: ${latencySummary(samples)}`);
  for (const p of players) await p[Symbol.asyncDispose]();
}

async function firstLoadPhase(game: TelnetGame): Promise<void> {
  const files = await firstLoadSize(game.webPort);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  for (const f of files) print(`  ${f.path}: ${f.bytes} bytes (${f.encoding})`);
  print(`first load, HTML + JS + CSS as served with gzip: ${total} bytes in ${files.length} files`);
  const ws = (await wsFirstOutput(game.webPort, 20)).sort((a, b) => a - b);
  print(`time to first output, WebSocket open → first line: p50 ${percentile(ws, 50).toFixed(1)} ms (n=20)`);
  const missing = chromiumMissing();
  if (values["no-browser"] || missing) {
    print(`time to first output in chromium: not measured (${missing ?? "--no-browser"})`);
    return;
  }
  await using chromium = await launchChromium();
  running.add(chromium.pid);
  const url = `http://127.0.0.1:${game.webPort}/`;
  // The floor: the same first visit to a one-line page from a trivial server, to tell chromium's own cost here.
  using floor = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () =>
      new Response('<!doctype html><form aria-label="Log in"><input aria-label="x"></form>', {
        headers: { "content-type": "text/html" },
      }),
  });
  const base = await browserFirstOutput(chromium.browser, `http://127.0.0.1:${floor.port}/`, 7);
  const browser = await browserFirstOutput(chromium.browser, url, 7);
  const figure = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)})`;
  };
  print(
    `chromium's floor here (a one-line page, fresh context): DOMContentLoaded ${figure(base.domContentLoaded)}`,
  );
  print(
    `time to first output in chromium (n=7, first visits), navigation → DOMContentLoaded: ${figure(browser.domContentLoaded)}`,
  );
  print(
    `time to first output in chromium, navigation → login form visible (after the WebSocket's welcome): ${figure(browser.loginForm)}`,
  );
}

const started = performance.now();
{
  await using game = await startTelnetGame({ gatewayFlags: ["--max-connections-per-ip=10000"] });
  log(`game up: telnet ${game.telnetPort}, web ${game.webPort}; gateway pid ${game.gatewayPid}`);
  // Invariant: a Ctrl-C still stops both servers of this run, by pid.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      for (const pid of [game.gatewayPid, game.corePid, ...running]) process.kill(pid, "SIGKILL");
      process.exit(130);
    });
  await firstLoadPhase(game);
  await webPhase(game);
  await telnetPhase(game);
}
print(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
