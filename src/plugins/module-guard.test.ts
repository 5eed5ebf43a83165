import { describe, expect, test } from "bun:test";
import binaryen from "binaryen";
import { prepareModule } from "./module-guard.ts";

const limits = { maxModuleBytes: 64 * 1024, maxMemoryBytes: 4 * 65536, maxTableElements: 100 };

function wat(text: string): Uint8Array {
  const m = binaryen.parseText(text);
  try {
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

describe("loading a module", () => {
  test("a module importing anything outside the host API is refused", async () => {
    const bytes = wat(
      '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))',
    );
    await expect(prepareModule("p", bytes, limits)).rejects.toThrow(
      'imports function "wasi_snapshot_preview1"."fd_write"',
    );
  });

  test("a kernel function outside the allow-list is refused", async () => {
    const bytes = wat('(module (import "extism:host/env" "var_set" (func (param i64 i64))))');
    await expect(prepareModule("p", bytes, limits)).rejects.toThrow('"extism:host/env"."var_set"');
  });

  test("an imported memory is refused", async () => {
    await expect(
      prepareModule("p", wat('(module (import "env" "memory" (memory 1 2)))'), limits),
    ).rejects.toThrow("outside the host API");
  });

  test("a module over the size cap is refused", async () => {
    await expect(prepareModule("p", new Uint8Array(limits.maxModuleBytes + 1), limits)).rejects.toThrow(
      "over the cap",
    );
  });

  test("bytes that are not WebAssembly are refused", async () => {
    await expect(prepareModule("p", new TextEncoder().encode("hello"), limits)).rejects.toThrow(
      "not valid WebAssembly",
    );
  });

  test("a table that may grow without bound is refused", async () => {
    await expect(prepareModule("p", wat("(module (table 1 funcref))"), limits)).rejects.toThrow(
      "table may grow",
    );
  });

  test("an accepted module is instrumented with the meter import and keeps its exports", async () => {
    const prepared = await prepareModule(
      "p",
      wat('(module (memory 1 2) (func (export "f") (loop $l (br $l))))'),
      limits,
    );
    expect(prepared.maxMemoryBytes).toBe(2 * 65536);
    expect(prepared.exports).toEqual(["f"]);
    expect(WebAssembly.Module.imports(prepared.module)).toEqual([
      { module: "holomush:meter", name: "refuel", kind: "function" },
    ]);
  });

  test("the meter traps a runaway loop when refuel throws", async () => {
    const prepared = await prepareModule("p", wat('(module (func (export "f") (loop $l (br $l))))'), limits);
    let refuels = 0;
    const instance = new WebAssembly.Instance(prepared.module, {
      "holomush:meter": {
        refuel: () => {
          if (++refuels > 3) throw new Error("spent");
          return 1000;
        },
      },
    });
    expect(() => (instance.exports.f as () => void)()).toThrow("spent");
    expect(refuels).toBe(4);
  });
});
