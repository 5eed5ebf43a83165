import { isAllowedImport, METER_NAMESPACE } from "./host-api.ts";
import { type ModuleCache, type ModuleLimits, moduleCacheKey } from "./module-cache.ts";
import { instrumentInWorker } from "./module-instrumenter.ts";
import { refuse } from "./module-refusal.ts";

/** A module that passed the load checks and was instrumented for metering. */
export interface PreparedModule {
  readonly module: WebAssembly.Module;
  /** The declared memory maximum in bytes, or 0 when the module has no memory. */
  readonly maxMemoryBytes: number;
  readonly exports: readonly string[];
}

/**
 * Bumped whenever the checks or the instrumentation change, so cached modules from an older guard are not used.
 */
export const GUARD_VERSION = 1;

/**
 * Checks a module against the limits and the host API, then injects fuel metering:
 * every function entry and loop iteration spends one unit, and when the units run out the module calls
 * `holomush:meter.refuel`, which checks the wall clock and traps the call once its budget is spent.
 * With a cache, a module instrumented before under the same limits and guard version is not instrumented again.
 * Invariant: metering is what stops a runaway loop; Extism's own timeouts do not work on Bun's main thread.
 */
export async function prepareModule(
  name: string,
  bytes: Uint8Array,
  limits: ModuleLimits,
  cache?: ModuleCache,
): Promise<PreparedModule> {
  checkOriginal(name, bytes, limits);
  const key = cache ? moduleCacheKey(GUARD_VERSION, limits, bytes) : undefined;
  const hit = key === undefined ? undefined : await cache?.get(key);
  const cached = hit && compileCached(hit.instrumented);
  if (hit && cached) return { module: cached, maxMemoryBytes: hit.maxMemoryBytes, exports: hit.exports };
  const { instrumented, maxMemoryBytes } = await instrumentInWorker(name, bytes, limits);
  const module = new WebAssembly.Module(instrumented);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  if (key !== undefined) await cache?.put(key, { instrumented, maxMemoryBytes, exports });
  return { module, maxMemoryBytes, exports };
}

/** The checks that need no binaryen, run on the original bytes whether or not the cache has the module. */
function checkOriginal(name: string, bytes: Uint8Array, limits: ModuleLimits): void {
  if (bytes.byteLength > limits.maxModuleBytes) {
    refuse(name, `the module is ${bytes.byteLength} bytes, over the cap of ${limits.maxModuleBytes}.`);
  }
  if (!WebAssembly.validate(bytes)) refuse(name, "the module is not valid WebAssembly.");
  const original = new WebAssembly.Module(bytes);
  for (const imp of WebAssembly.Module.imports(original)) {
    if (!isAllowedImport(imp.module, imp.name, imp.kind)) {
      refuse(name, `it imports ${imp.kind} "${imp.module}"."${imp.name}", which is outside the host API.`);
    }
  }
  if (memoryCount(bytes) > 1) refuse(name, "it declares more than one memory.");
}

/** Compiles cached instrumented bytes; undefined (a miss) when they do not compile or import outside the host API and the meter. */
function compileCached(instrumented: Uint8Array): WebAssembly.Module | undefined {
  try {
    const module = new WebAssembly.Module(instrumented);
    const ok = WebAssembly.Module.imports(module).every(
      (i) =>
        isAllowedImport(i.module, i.name, i.kind) ||
        (i.module === METER_NAMESPACE && i.name === "refuel" && i.kind === "function"),
    );
    return ok ? module : undefined;
  } catch {
    return undefined;
  }
}

function readLeb(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i++] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0 || shift > 35) return [value, i];
  }
}

/** The number of memories the module defines (section 5), read straight from the binary. */
function memoryCount(bytes: Uint8Array): number {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at] ?? 0;
    const [size, body] = readLeb(bytes, at + 1);
    if (id === 5) return readLeb(bytes, body)[0];
    at = body + size;
  }
  return 0;
}
