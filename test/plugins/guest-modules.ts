import binaryen from "binaryen";

// Small purpose-built guests, written in WebAssembly text and assembled in-process with binaryen.
// Each speaks the Extism kernel ABI by hand: $block copies guest bytes into a kernel block,
// $output makes guest bytes the call's output, $reply makes a host reply block the output.

const imports = `
 (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
 (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
 (import "extism:host/env" "length" (func $length (param i64) (result i64)))
 (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
 (import "extism:host/env" "error_set" (func $error_set (param i64)))
 (import "extism:host/user" "holomush_emit" (func $emit (param i64) (result i64)))
 (import "extism:host/user" "holomush_notify" (func $notify (param i64) (result i64)))
 (import "extism:host/user" "holomush_world" (func $world (param i64) (result i64)))
 (import "extism:host/user" "holomush_kv" (func $kv (param i64) (result i64)))
 (import "extism:host/user" "holomush_log" (func $log (param i64) (result i64)))
 (import "extism:host/user" "holomush_attributes" (func $attributes (param i64) (result i64)))`;

/** `$block`: copies guest bytes into a new kernel block (needs the `alloc` and `store_u8` imports). */
export const blockHelper = `
 (func $block (param $ptr i32) (param $len i32) (result i64) (local $off i64) (local $i i32)
  (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
  (block $done (loop $l
   (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
   (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
     (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br $l)))
  (local.get $off))`;

const helpers = `${blockHelper}
 (func $output (param $ptr i32) (param $len i32)
  (call $output_set (call $block (local.get $ptr) (local.get $len)) (i64.extend_i32_u (local.get $len))))
 (func $reply (param $r i64) (call $output_set (local.get $r) (call $length (local.get $r))))`;

/** A JSON or text literal placed in memory at `at`, for use as (i32.const at) (i32.const len). */
export interface Data {
  readonly at: number;
  readonly text: string | Uint8Array;
}

/** Options of a guest module. */
export interface GuestOptions {
  /** Memory pages: initial and maximum; `max: null` declares no maximum. */
  readonly memory?: { initial: number; max: number | null };
  readonly data?: readonly Data[];
  /** Extra module fields, such as a (start) function. */
  readonly extra?: string;
  /** Replaces the default imports entirely. */
  readonly imports?: string;
}

/** The byte length of a data literal. */
export function len(d: Data): number {
  return typeof d.text === "string" ? new TextEncoder().encode(d.text).length : d.text.length;
}

function escapeData(d: Data): string {
  const bytes = typeof d.text === "string" ? new TextEncoder().encode(d.text) : d.text;
  return [...bytes].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
}

/** Assembles a guest whose `handle_command` and `handle_event` run the given bodies. */
export function guest(command: string, options: GuestOptions = {}, event = ""): Uint8Array {
  const mem = options.memory ?? { initial: 1, max: 2 };
  const data = (options.data ?? []).map((d) => `(data (i32.const ${d.at}) "${escapeData(d)}")`).join("\n");
  const text = `(module ${options.imports ?? imports}
 (memory (export "memory") ${mem.initial} ${mem.max ?? ""})
 ${data}
 ${helpers}
 (func (export "handle_command") ${command})
 (func (export "handle_event") ${event})
 ${options.extra ?? ""})`;
  const m = binaryen.parseText(text);
  try {
    m.setFeatures(binaryen.Features.All);
    if (!m.validate()) throw new Error(`invalid test module:\n${text}`);
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

/** A data literal and the two i32 operands that pass it to $block, $output or a host function. */
export function lit(d: Data): string {
  return `(i32.const ${d.at}) (i32.const ${len(d)})`;
}

/** Calls a host function with a JSON literal and makes its reply the output. */
export function callAndReply(fn: string, d: Data): string {
  return `(call $reply (call $${fn} (call $block ${lit(d)})))`;
}
