// Prints plugin host figures: load (check + instrument) and cold instantiate time per plugin,
// per-call latency p50/p99 for a small JSON event and a command, and memory per loaded instance.
// Then end-to-end `roll` latency through the game: telnet → gateway → core → dice → the roller's result line.
// Run: bun scripts/build-plugins.ts && bun scripts/build-binary.ts && bun bench/plugins.ts

import { builtinPlugins } from "#plugins/builtin-plugins.ts";
import { createPluginHost } from "#plugins/plugin-host.ts";
import { createPluginSlot, prepareRecord } from "#plugins/plugin-slot.ts";
import { startTelnetGame } from "../test/support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer } from "../test/support/telnet-player.ts";
import { benchPluginHost, percentile as pct } from "./bench-plugin-host.ts";

const { deps } = benchPluginHost();

const ms = (x: number) => `${x.toFixed(3)} ms`;
const sources = await builtinPlugins();

console.log("load and cold start, per plugin (median of 20)");
for (const source of sources) {
  const prep: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < 20; i++) {
    let t = performance.now();
    const record = await prepareRecord(source, deps);
    prep.push(performance.now() - t);
    const slot = createPluginSlot(record, deps);
    t = performance.now();
    await slot.start();
    start.push(performance.now() - t);
    await slot.close();
  }
  console.log(
    `  ${source.manifest.name.padEnd(6)} ${source.wasm.byteLength} bytes  check+instrument ${ms(pct(prep, 50))}  instantiate ${ms(pct(start, 50))}`,
  );
}

await using host = createPluginHost(deps);
await host.loadAll(sources);
const say = {
  id: "01J0000000000000000000000",
  stream: "location:l1",
  type: "say",
  timestamp: Date.now(),
  actor: { kind: "character" as const, id: "c1" },
  payload: { name: "Alice", text: "hello there" },
  position: 1,
  version: 1,
};
const roll = { command: "roll", args: "2d6+1", character: { id: "c1", name: "Alice" }, locationId: "l1" };

async function timeCalls(label: string, n: number, once: () => Promise<unknown>) {
  for (let i = 0; i < 500; i++) await once();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    xs.push(performance.now() - t);
  }
  const slow = xs.filter((x) => x > 1).length;
  console.log(
    `  ${label.padEnd(34)} p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  p99 ${ms(pct(xs, 99))}  (${n} calls, ${slow} over 1 ms)`,
  );
}

console.log("per call, through the host (metered, effects committed)");
await timeCalls("echo: a say event (small JSON)", 20_000, () => host.deliverEvent(say));
await timeCalls("dice: roll 2d6+1 command", 20_000, () => host.runCommand(roll));
for (const m of host.metrics()) console.log(`  metrics ${JSON.stringify(m)}`);

const dice = sources.find((s) => s.manifest.name === "dice");
if (dice) {
  const n = 200;
  Bun.gc(true);
  const before = process.memoryUsage();
  const slots = [];
  for (let i = 0; i < n; i++) {
    const slot = createPluginSlot(await prepareRecord(dice, deps), deps);
    await slot.start();
    slots.push(slot);
  }
  Bun.gc(true);
  const after = process.memoryUsage();
  const kib = (x: number) => `${(x / n / 1024).toFixed(1)} KiB`;
  console.log(
    `memory per loaded dice instance (${n} loaded): rss ${kib(after.rss - before.rss)}, heap ${kib(after.heapUsed - before.heapUsed)}`,
  );
  await Promise.all(slots.map((s) => s.close()));
}

console.log("end to end over telnet, compiled binary (core and gateway processes), embedded store");
{
  await using game = await startTelnetGame();
  await using player = await connectTelnetPlayer(game.telnetPort);
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, "Bench", "bench-pass-phrase");
  const lineLatency = async (label: string, n: number, line: string, result: RegExp) => {
    const xs: number[] = [];
    for (let i = 0; i < n + 20; i++) {
      const from = player.lines.length;
      const t = performance.now();
      player.send(line);
      await player.waitForLine(result, from);
      if (i >= 20) xs.push(performance.now() - t);
    }
    console.log(
      `  ${label.padEnd(34)} p50 ${ms(pct(xs, 50))}  p95 ${ms(pct(xs, 95))}  p99 ${ms(pct(xs, 99))}  (${n} commands)`,
    );
  };
  await lineLatency("say (no plugin command; baseline)", 200, "say hi", /^You say, "hi"$/);
  await lineLatency("roll 2d6 (dice plugin)", 200, "roll 2d6", /^Bench rolls 2d6: /);
}
