import type binaryenModule from "binaryen";
import { HoloError } from "#shared/errors/holo-error.ts";
import { isAllowedImport, METER_NAMESPACE } from "./host-api.ts";
import { type ModuleCache, type ModuleLimits, moduleCacheKey } from "./module-cache.ts";

type Binaryen = typeof binaryenModule;
type BinaryenModule = binaryenModule.Module;

/** A module that passed the load checks and was instrumented for metering. */
export interface PreparedModule {
  readonly module: WebAssembly.Module;
  /** The declared memory maximum in bytes, or 0 when the module has no memory. */
  readonly maxMemoryBytes: number;
  readonly exports: readonly string[];
}

const PAGE = 65_536;
const FUEL_GLOBAL = "__holomush_fuel";

function refuse(name: string, why: string): never {
  throw new HoloError("failed_precondition", `Plugin "${name}" was refused at load: ${why}`);
}

/**
 * Bumped whenever the checks or the instrumentation change, so cached modules from an older guard are not used.
 */
export const GUARD_VERSION = 1;

/** Loads binaryen (about 450 ms of module evaluation) only when a module must really be instrumented. */
async function loadBinaryen(): Promise<Binaryen> {
  return (await import("binaryen")).default;
}

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
  const module = hit && compileCached(hit.instrumented);
  if (hit && module) return { module, maxMemoryBytes: hit.maxMemoryBytes, exports: hit.exports };
  const b = await loadBinaryen();
  const m = b.readBinary(bytes);
  try {
    m.setFeatures(b.Features.All);
    const maxMemoryBytes = checkMemory(name, m, limits);
    checkTables(b, name, m, limits);
    instrument(b, m);
    if (!m.validate()) refuse(name, "the module could not be instrumented.");
    const instrumented = m.emitBinary();
    const module = new WebAssembly.Module(instrumented);
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    if (key !== undefined) await cache?.put(key, { instrumented, maxMemoryBytes, exports });
    return { module, maxMemoryBytes, exports };
  } finally {
    m.dispose();
  }
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

function checkMemory(name: string, m: BinaryenModule, limits: ModuleLimits): number {
  if (!m.hasMemory()) return 0;
  const info = m.getMemoryInfo();
  if (info.shared || info.is64) refuse(name, "its memory is shared or 64-bit.");
  if (info.max === undefined || info.max === null || info.max >= 0xffffffff) {
    refuse(name, "its memory has no declared maximum (build with --maximumMemory).");
  }
  const bytes = Number(info.max) * PAGE;
  if (bytes > limits.maxMemoryBytes) {
    refuse(name, `its memory maximum of ${bytes} bytes is over the cap of ${limits.maxMemoryBytes}.`);
  }
  return bytes;
}

function checkTables(b: Binaryen, name: string, m: BinaryenModule, limits: ModuleLimits): void {
  for (let i = 0; i < m.getNumTables(); i++) {
    const info = b.getTableInfo(m.getTableByIndex(i));
    const max = info.max ?? Number.POSITIVE_INFINITY;
    if (max > limits.maxTableElements)
      refuse(name, `a table may grow past ${limits.maxTableElements} elements.`);
  }
}

function instrument(b: Binaryen, m: BinaryenModule): void {
  const importedBefore = new Set(importedFunctions(b, m));
  // The pass calls a new import at every function entry and loop header; we turn that import into the meter.
  m.runPasses(["log-execution"]);
  const hook = importedFunctions(b, m).find((name) => !importedBefore.has(name));
  if (hook === undefined) return;
  m.removeFunction(hook);
  m.addFunctionImport("__holomush_refuel", METER_NAMESPACE, "refuel", b.none, b.i32);
  m.addGlobal(FUEL_GLOBAL, b.i32, true, m.i32.const(0));
  const fuel = () => m.global.get(FUEL_GLOBAL, b.i32);
  m.addFunction(
    hook,
    b.createType([b.i32]),
    b.none,
    [],
    m.block(null, [
      m.global.set(FUEL_GLOBAL, m.i32.sub(fuel(), m.i32.const(1))),
      m.if(
        m.i32.lt_s(fuel(), m.i32.const(0)),
        m.global.set(FUEL_GLOBAL, m.call("__holomush_refuel", [], b.i32)),
      ),
    ]),
  );
}

function importedFunctions(b: Binaryen, m: BinaryenModule): string[] {
  const names: string[] = [];
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const f = b.getFunctionInfo(m.getFunctionByIndex(i));
    if (f.module) names.push(f.name);
  }
  return names;
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
