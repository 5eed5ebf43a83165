// Cold start to ready for core and gateway through the compiled binary (median of 5), and the binary's size.
// Run: node_modules/.bin/bun scripts/build-binary.ts && node_modules/.bin/bun bench/startup.ts
import { statSync } from "node:fs";
import { holomushBinary, instanceDirs, runHolomush } from "../test/support/holomush-binary.ts";

const runs = 5;
const binary = await holomushBinary();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed(args: string[]): Promise<number> {
  const started = performance.now();
  const result = await runHolomush(binary, args);
  if (result.code !== 0) throw new Error(`holomush ${args.join(" ")} failed: ${result.stderr}`);
  return performance.now() - started;
}

const core: number[] = [];
const gateway: number[] = [];
const firstCore: number[] = [];
for (let i = 0; i < runs; i++) {
  using dirs = instanceDirs();
  // First start: creates the store, runs migrations and issues certificates.
  firstCore.push(await timed(["core", "start", "--grpc-addr=127.0.0.1:0", ...dirs.flags]));
  await runHolomush(binary, ["core", "stop", ...dirs.flags]);
  // Cold start of an existing game, as after a reboot.
  core.push(await timed(["core", "start", "--grpc-addr=127.0.0.1:0", ...dirs.flags]));
  gateway.push(
    await timed([
      "gateway",
      "start",
      "--telnet-addr=127.0.0.1:0",
      "--telnet-tls-addr=127.0.0.1:0",
      "--web-addr=127.0.0.1:0",
      ...dirs.flags,
    ]),
  );
  await runHolomush(binary, ["gateway", "stop", ...dirs.flags]);
  await runHolomush(binary, ["core", "stop", ...dirs.flags]);
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`binary: ${binary} (${(statSync(binary).size / 1024 / 1024).toFixed(1)} MiB)`);
console.log(
  `core first start to ready (new store + certificates), median of ${runs}: ${ms(median(firstCore))}`,
);
console.log(`core cold start to ready, median of ${runs}: ${ms(median(core))}`);
console.log(`gateway cold start to ready (core up), median of ${runs}: ${ms(median(gateway))}`);
