// Prints what one host call costs a plugin: a guest makes 1,000 `holomush_world` calls per command
// (capability `world.read`, checked through the policy engine on every call), and the per-call time is the
// command's time over 1,000. Also the cost of one capability check alone, cached and uncached.
// Run: bun bench/plugin-host-calls.ts

import binaryen from "binaryen";
import { createMemoryPluginDataStore } from "#core/plugin-bridge/memory-plugin-data-store.ts";
import { createCedarPolicyEngine } from "#core/policy/cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "#core/policy/default-policies.ts";
import { createCapabilityDecider } from "#core/policy/plugin-capabilities.ts";
import { defaultPluginHostConfig } from "#plugins/plugin-host-config.ts";
import type { PluginHostDeps } from "#plugins/plugin-host-deps.ts";
import { createPluginSlot, prepareRecord } from "#plugins/plugin-slot.ts";
import { createLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";

const CALLS_PER_COMMAND = 1000;
const COMMANDS = 300;

const engine = createCedarPolicyEngine({ schema: policySchema });
engine.load(defaultPolicies());
const decide = createCapabilityDecider(engine, () => 0);

const deps: PluginHostDeps = {
  appendEvents: async () => {},
  notify: async () => {},
  capabilities: { allows: (q) => decide(q).allowed, refused: () => {} },
  world: {
    locationOf: () => "l1",
    location: () => undefined,
    charactersIn: () => [],
    characterByName: () => undefined,
    attributes: () => undefined,
  },
  kv: createMemoryPluginDataStore(),
  log: createLogger({ service: "core", version: "bench", format: "text", level: 1 }),
  clock: systemClock(),
  newId: ulidSource(),
  config: defaultPluginHostConfig,
  adminNotice: () => {},
};

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
 (data (i32.const 512) "{}")
 (func $block (param $ptr i32) (param $len i32) (result i64) (local $off i64) (local $i i32)
  (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
  (block $done (loop $l
   (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
   (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
     (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br $l)))
  (local.get $off))
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
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
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
