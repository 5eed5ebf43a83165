import { readFileSync } from "node:fs";
import * as cedar from "@cedar-policy/cedar-wasm/web";
import * as wasmFile from "../../../node_modules/@cedar-policy/cedar-wasm/web/cedar_wasm_bg.wasm" with {
  type: "file",
};

/** The Cedar functions the adapter uses. */
export type Cedar = typeof cedar;

// The package types the .wasm as its exports; imported as a file, its default export is the embedded path.
const wasmPath = (wasmFile as unknown as { default: string }).default;
let ready = false;

/**
 * The official Cedar engine, compiled to WebAssembly, ready to call. Its `/web` build is used because its
 * `.wasm` file is imported `with { type: "file" }`, so `bun build --compile` embeds it; the default build reads
 * it from node_modules at run time and fails in the binary. Known limitation: the library keeps the instance
 * in its own module state, so it is instantiated once per process (about 0.3 s), on first use.
 */
export function loadCedar(): Cedar {
  if (!ready) {
    // Synchronous on purpose: the engine is built while the core starts, before it serves anything.
    cedar.initSync({ module: readFileSync(wasmPath) });
    ready = true;
  }
  return cedar;
}
