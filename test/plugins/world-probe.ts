import { guest, len, lit } from "./guest-modules.ts";

// A guest that asks the host world questions and emits each answer, whole, as the payload of a
// `probe` event on a stream, so a live test can read what a plugin saw from the store.

const imports = `
 (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
 (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
 (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
 (import "extism:host/env" "length" (func $length (param i64) (result i64)))
 (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
 (import "extism:host/env" "error_set" (func $error_set (param i64)))
 (import "extism:host/user" "holomush_emit" (func $emit (param i64) (result i64)))
 (import "extism:host/user" "holomush_notify" (func $notify (param i64) (result i64)))
 (import "extism:host/user" "holomush_world" (func $world (param i64) (result i64)))
 (import "extism:host/user" "holomush_kv" (func $kv (param i64) (result i64)))
 (import "extism:host/user" "holomush_log" (func $log (param i64) (result i64)))`;

/** `{"stream":…,"type":"probe","payload":` + the reply block + `}`, as a new kernel block. */
const wrap = (at: number, prefixLength: number) => `
 (func $wrap (param $r i64) (result i64) (local $n i64) (local $out i64) (local $i i64)
  (local.set $n (call $length (local.get $r)))
  (local.set $out (call $alloc (i64.add (local.get $n) (i64.const ${prefixLength + 1}))))
  (block $d1 (loop $l1
   (br_if $d1 (i64.ge_u (local.get $i) (i64.const ${prefixLength})))
   (call $store_u8 (i64.add (local.get $out) (local.get $i))
     (i32.load8_u (i32.add (i32.const ${at}) (i32.wrap_i64 (local.get $i)))))
   (local.set $i (i64.add (local.get $i) (i64.const 1)))
   (br $l1)))
  (local.set $i (i64.const 0))
  (block $d2 (loop $l2
   (br_if $d2 (i64.ge_u (local.get $i) (local.get $n)))
   (call $store_u8 (i64.add (local.get $out) (i64.add (i64.const ${prefixLength}) (local.get $i)))
     (call $load_u8 (i64.add (local.get $r) (local.get $i))))
   (local.set $i (i64.add (local.get $i) (i64.const 1)))
   (br $l2)))
  (call $store_u8 (i64.add (local.get $out) (i64.add (i64.const ${prefixLength}) (local.get $n))) (i32.const 125))
  (local.get $out))`;

/** A guest whose command emits one `probe` event to `stream` per query, with the host's reply as payload. */
export function worldProbe(stream: string, queries: readonly object[]): Uint8Array {
  const prefix = { at: 0, text: `{"stream":${JSON.stringify(stream)},"type":"probe","payload":` };
  let at = 512;
  const data = queries.map((q) => {
    const d = { at, text: JSON.stringify(q) };
    at += len(d) + 8;
    return d;
  });
  const body = data
    .map((d) => `(drop (call $emit (call $wrap (call $world (call $block ${lit(d)})))))`)
    .join("\n");
  return guest(body, { imports, data: [prefix, ...data], extra: wrap(prefix.at, len(prefix)) });
}
