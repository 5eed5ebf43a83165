import type binaryenModule from "binaryen";
import { METER_NAMESPACE } from "./host-api.ts";
import type { ModuleLimits } from "./module-cache.ts";
import { refuse } from "./module-refusal.ts";

type Binaryen = typeof binaryenModule;
type BinaryenModule = binaryenModule.Module;

const PAGE = 65_536;
const FUEL_GLOBAL = "__holomush_fuel";

/** A module's bytes with fuel metering injected, and its declared memory maximum in bytes (0 without memory). */
export interface InstrumentedModule {
  readonly instrumented: Uint8Array;
  readonly maxMemoryBytes: number;
}

/**
 * Checks the memory and tables of a module that passed the binary checks, then injects fuel metering:
 * every function entry and loop iteration spends one unit, and when the units run out the module calls
 * `holomush:meter.refuel`. Throws the load refusal when a check fails.
 */
export function instrumentWithBinaryen(
  b: Binaryen,
  name: string,
  bytes: Uint8Array,
  limits: ModuleLimits,
): InstrumentedModule {
  const m = b.readBinary(bytes);
  try {
    m.setFeatures(b.Features.All);
    const maxMemoryBytes = checkMemory(name, m, limits);
    checkTables(b, name, m, limits);
    instrument(b, m);
    if (!m.validate()) refuse(name, "the module could not be instrumented.");
    return { instrumented: m.emitBinary(), maxMemoryBytes };
  } finally {
    m.dispose();
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
