// Prints what the gateway spends delivering one feed message (a say) to N playing telnet connections on real
// loopback sockets: the play service and telnet server as the gateway wires them (one TurnEnd, early flush),
// fed by the gateway tests' fake core over Connect's in-memory transport. Per round it times from the event's
// append in the fake core until every connection's socket write is done (the turn has ended), and divides by N.
// The clients live in this process too, but read only after that point, so their work is outside the figure.
// It is not a test.
// Usage: bun bench/telnet-fanout.ts [connections=100] [rounds=300]
// Profile: bun --cpu-prof --cpu-prof-dir=/tmp/prof bench/telnet-fanout.ts, then bench/profile-summary.ts.
import type { Socket } from "bun";
import { createConnectionAdmission } from "#gateway/connection-admission.ts";
import { createPlayService } from "#gateway/play/play-service.ts";
import { createFakeCore } from "#gateway/play/test-support/fake-core.ts";
import { createFakeLink } from "#gateway/play/test-support/fake-link.ts";
import { characterActor, hallStream } from "#gateway/play/test-support/fake-world.ts";
import { msspTable } from "#gateway/telnet/mssp.ts";
import { startTelnetServer } from "#gateway/telnet/telnet-server.ts";
import { telnetServerConfig } from "#gateway/telnet/telnet-server-config.ts";
import { createTurnEnd, turnEndFailed } from "#gateway/telnet/turn-end.ts";
import { createLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { systemTimers } from "#shared/util/timers.ts";

const connections = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 300);
const warmup = 50;
const log = createLogger({ service: "cli", version: "bench", format: "text", level: 1 });

const core = createFakeCore();
const link = createFakeLink(core.client);
const clock = systemClock();
const timers = systemTimers();
const turnEnd = createTurnEnd(turnEndFailed(log));
await using play = createPlayService({
  link,
  log,
  clock,
  timers,
  random: Math.random,
  newId: sequentialIds("conn"),
  gameName: "Bench",
  output: turnEnd,
});
await using server = startTelnetServer(telnetServerConfig({ port: 0 }), {
  clock,
  timers,
  logger: log,
  newId: sequentialIds("t"),
  admission: createConnectionAdmission({ maxPerIp: 10_000, maxTotal: 10_000 }),
  mssp: msspTable({ name: "Bench", codebase: "HoloMUSH", port: 0, startedAt: 0, players: () => 0 }),
  onConnection: play.onConnection,
  turnEnd,
});

/** A client that only counts the lines it receives that contain `marker` (a byte scan, no decoding). */
interface Client {
  socket: Socket<undefined>;
  seen: string;
  wake: (() => void) | undefined;
}

const decoder = new TextDecoder();
async function connect(i: number): Promise<Client> {
  const client: Client = { socket: undefined as unknown as Socket<undefined>, seen: "", wake: undefined };
  client.socket = await Bun.connect({
    hostname: "127.0.0.1",
    port: server.address.port,
    socket: {
      binaryType: "uint8array",
      data: (_s, bytes: Uint8Array) => {
        client.seen = (client.seen + decoder.decode(bytes)).slice(-4096);
        client.wake?.();
      },
    },
  });
  client.socket.write(`register Bench${i} bench-pass\r\n`);
  await until(client, "Welcome");
  return client;
}

function until(client: Client, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!client.seen.includes(text)) return;
      client.wake = undefined;
      resolve();
    };
    client.wake = check;
    check();
  });
}

const clients: Client[] = [];
for (let i = 0; i < connections; i++) clients.push(await connect(i));
// "Welcome" comes before the connection's Watch is in place; the last Watch makes the room whole.
while (core.streams() < connections) await new Promise((resolve) => setImmediate(resolve));
const actors = [...core.world.sessions.values()].map((s) => s.character);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const samples: number[] = [];
const cpuBefore = process.cpuUsage();
let cpuMeasured = 0;
for (let r = -warmup; r < rounds; r++) {
  const speaker = actors[(r + warmup) % actors.length]!;
  const token = `<fan ${r}>`;
  const heard = clients.map((c) => until(c, token));
  const cpu = process.cpuUsage();
  const started = performance.now();
  core.world.append(hallStream, "say", characterActor(speaker.id), { name: speaker.name, text: token });
  // The feed's hops and the fan-out run in microtasks; held output, if any, at the end of that turn.
  await turn();
  await turn();
  const took = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (r >= 0) {
    samples.push(took);
    cpuMeasured += used.user + used.system;
  }
  await Promise.all(heard);
}
const cpuAll = process.cpuUsage(cpuBefore);

const sorted = samples.sort((a, b) => a - b);
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const perRecipient = (ms: number) => `${((ms * 1000) / connections).toFixed(1)} µs`;
console.log(
  `telnet fan-out, ${connections} connections x ${rounds} rounds: delivery per recipient ` +
    `p50 ${perRecipient(at(50))}, p90 ${perRecipient(at(90))}, p99 ${perRecipient(at(99))}; ` +
    `CPU during delivery ${(cpuMeasured / rounds / connections).toFixed(1)} µs per recipient, ` +
    `whole round (clients' reads included) ${((cpuAll.user + cpuAll.system) / (rounds + warmup) / connections).toFixed(1)} µs`,
);
for (const c of clients) c.socket.end();
