// Prints what one host call costs a plugin: a guest makes 1,000 `holomush_world` calls per command
// (capability `world.read`, checked through the policy engine on every call), and the per-call time is the
// command's time over 1,000. Also the cost of one capability check alone, cached and uncached.
// Run: bun bench/plugin-host-calls.ts

import binaryen from "binaryen";
import { createPluginSlot, prepareRecord } from "#plugins/plugin-slot.ts";
import { blockHelper } from "../test/plugins/guest-modules.ts";
import { benchPluginHost, percentile as pct } from "./bench-plugin-host.ts";

const CALLS_PER_COMMAND = 1000;
const COMMANDS = 300;

const { engine, decide, deps } = benchPluginHost();

const request = '{"query":"location_of","characterId":"c1"}';
const hex = [...new TextEncoder().encode(request)]
  .map((b) => `\\${b.toString(16).padStart(2, "0")}`)
  .join("");
const wat = `(module
 (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
 (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
 (import "extism:host/env" "free" (func $free (param i64)))
 (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
 (import "extism:host/user" "holomush_world" (func $world (param i64) (result i64)))
 (memory (export "memory") 1 2)
 (data (i32.const 0) "${hex}")
 (data (i32.const 512) "{}")${blockHelper}
 (func (export "handle_command") (local $req i64) (local $n i32)
  (local.set $req (call $block (i32.const 0) (i32.const ${request.length})))
  (block $done (loop $l
   (br_if $done (i32.ge_u (local.get $n) (i32.const ${CALLS_PER_COMMAND})))
   (call $free (call $world (local.get $req)))
   (local.set $n (i32.add (local.get $n) (i32.const 1)))
   (br $l)))
  (call $output_set (call $block (i32.const 512) (i32.const 2)) (i64.const 2)))
 (func (export "handle_event")))`;
const module = binaryen.parseText(wat);
const wasm = module.emitBinary();
module.dispose();

const source = {
  manifest: {
    name: "probe",
    version: "1.0.0",
    entry: "p.wasm",
    subscriptions: [],
    commands: [{ name: "probe-go", help: "" }],
    capabilities: ["world.read"],
  },
  wasm,
  origin: "bench",
};
const slot = createPluginSlot(await prepareRecord(source, deps), deps);
const input = { command: "probe-go", args: "", character: { id: "c1", name: "A" }, locationId: "l1" };
const times: number[] = [];
for (let i = 0; i < COMMANDS + 20; i++) {
  const t0 = performance.now();
  const outcome = await slot.call("handle_command", input);
  if (outcome.kind !== "ok") throw new Error(outcome.message);
  if (i >= 20) times.push(performance.now() - t0);
}
await slot.close();
const us = (ms: number) => `${((ms * 1000) / CALLS_PER_COMMAND).toFixed(2)} µs`;
console.log(`host call (world.read), per call: p50 ${us(pct(times, 50))}, p99 ${us(pct(times, 99))}`);

const question = { plugin: "probe", profile: "untrusted", capability: "world.read", granted: true };
const N = 100_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) decide(question);
console.log(`capability check, cached: ${(((performance.now() - t0) * 1000) / N).toFixed(3)} µs`);
t0 = performance.now();
for (let i = 0; i < 500; i++) engine.decide({ ...capabilityQuestionRequest(i) });
console.log(`capability check, uncached (Cedar): ${(((performance.now() - t0) * 1000) / 500).toFixed(1)} µs`);

function capabilityQuestionRequest(i: number) {
  const capability = `events.emit.location:${i}`;
  return {
    principal: { type: "Plugin" as const, id: "probe" },
    action: "use_capability" as const,
    resource: { type: "Capability" as const, id: capability },
    entities: [
      { uid: { type: "Plugin" as const, id: "probe" }, attrs: { name: "probe", profile: "untrusted" } },
      {
        uid: { type: "Capability" as const, id: capability },
        attrs: { family: "events.emit", scope: `location:${i}` },
      },
    ],
    context: { granted: true },
  };
}
