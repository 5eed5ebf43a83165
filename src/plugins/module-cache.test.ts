import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import binaryen from "binaryen";
import { collectingLogger } from "#shared/log/logger.ts";
import { createModuleCache, type ModuleCache, moduleCacheKey } from "./module-cache.ts";
import { GUARD_VERSION, prepareModule } from "./module-guard.ts";

const limits = { maxModuleBytes: 64 * 1024, maxMemoryBytes: 4 * 65536, maxTableElements: 100 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function wat(text: string): Uint8Array {
  const m = binaryen.parseText(text);
  try {
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

const spin = wat('(module (memory 1 2) (func (export "f") (loop $l (br $l))))');

/** A cache in a fresh directory (its `plugin-cache` child, so the test sees it created), counting its calls. */
function diskCache() {
  const root = mkdtempSync(join(tmpdir(), "holomush-module-cache-"));
  dirs.push(root);
  const dir = join(root, "plugin-cache");
  const { logger, lines } = collectingLogger();
  const inner = createModuleCache({ dir, log: logger });
  const calls = { hits: 0, misses: 0, puts: 0 };
  const cache: ModuleCache = {
    get: async (key) => {
      const entry = await inner.get(key);
      if (entry) calls.hits++;
      else calls.misses++;
      return entry;
    },
    put: async (key, entry) => {
      calls.puts++;
      await inner.put(key, entry);
    },
  };
  const files = () => readdirSync(dir).map((f) => join(dir, f));
  return { dir, cache, calls, files, logs: lines };
}

function runsOutOfFuel(module: WebAssembly.Module): number {
  let refuels = 0;
  const instance = new WebAssembly.Instance(module, {
    "holomush:meter": {
      refuel: () => {
        if (++refuels > 3) throw new Error("spent");
        return 1000;
      },
    },
  });
  expect(() => (instance.exports.f as () => void)()).toThrow("spent");
  return refuels;
}

describe("the module cache", () => {
  test("an entry round-trips, written 0600 in a directory created 0700, with no temporary file left", async () => {
    const c = diskCache();
    const key = moduleCacheKey(GUARD_VERSION, limits, spin);
    await c.cache.put(key, { instrumented: spin, maxMemoryBytes: 7, exports: ["f"] });
    expect(await c.cache.get(key)).toEqual({ instrumented: spin, maxMemoryBytes: 7, exports: ["f"] });
    expect(statSync(c.dir).mode & 0o777).toBe(0o700);
    expect(c.files()).toEqual([join(c.dir, `${key}.wasmc`)]);
    expect(statSync(join(c.dir, `${key}.wasmc`)).mode & 0o777).toBe(0o600);
  });

  test("the key changes with the limits, the guard version and the bytes", () => {
    const key = moduleCacheKey(GUARD_VERSION, limits, spin);
    expect(moduleCacheKey(GUARD_VERSION, { ...limits, maxMemoryBytes: 65536 }, spin)).not.toBe(key);
    expect(moduleCacheKey(GUARD_VERSION + 1, limits, spin)).not.toBe(key);
    expect(moduleCacheKey(GUARD_VERSION, limits, spin.slice(0, -1))).not.toBe(key);
    expect(moduleCacheKey(GUARD_VERSION, limits, spin)).toBe(key);
  });
});

describe("preparing a module with a cache", () => {
  test("a second prepare is a hit that skips instrumentation and still meters a runaway loop", async () => {
    const c = diskCache();
    const first = await prepareModule("p", spin, limits, c.cache);
    expect(c.calls).toEqual({ hits: 0, misses: 1, puts: 1 });
    const second = await prepareModule("p", spin, limits, c.cache);
    expect(c.calls).toEqual({ hits: 1, misses: 1, puts: 1 });
    expect(second.maxMemoryBytes).toBe(first.maxMemoryBytes);
    expect(second.exports).toEqual(["f"]);
    expect(WebAssembly.Module.imports(second.module)).toEqual([
      { module: "holomush:meter", name: "refuel", kind: "function" },
    ]);
    expect(runsOutOfFuel(second.module)).toBe(4);
  });

  test("a hit runs the cached bytes instead of instrumenting the original again", async () => {
    const c = diskCache();
    const key = moduleCacheKey(GUARD_VERSION, limits, spin);
    // A marker export the original lacks: only the cached bytes can produce it.
    const marked = wat('(module (func (export "f")) (func (export "cached_marker")))');
    await c.cache.put(key, { instrumented: marked, maxMemoryBytes: 5, exports: ["f", "cached_marker"] });
    const prepared = await prepareModule("p", spin, limits, c.cache);
    expect(prepared.maxMemoryBytes).toBe(5);
    expect(WebAssembly.Module.exports(prepared.module).map((e) => e.name)).toContain("cached_marker");
  });

  test("a corrupt entry is a miss, logged at debug, and is replaced by a good one", async () => {
    const c = diskCache();
    await prepareModule("p", spin, limits, c.cache);
    const [file] = c.files();
    if (file === undefined) throw new Error("no cache entry was written");
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const prepared = await prepareModule("p", spin, limits, c.cache);
    expect(c.calls).toEqual({ hits: 0, misses: 2, puts: 2 });
    expect(runsOutOfFuel(prepared.module)).toBe(4);
    expect(c.logs()).toContainEqual(
      expect.objectContaining({ level: "debug", msg: "module cache entry corrupt; treating it as a miss" }),
    );
    writeFileSync(file, "garbage");
    await prepareModule("p", spin, limits, c.cache);
    expect(c.calls.misses).toBe(3);
    await prepareModule("p", spin, limits, c.cache);
    expect(c.calls.hits).toBe(1);
  });

  test("changed limits are a miss, and a limit the module breaks is still refused", async () => {
    const c = diskCache();
    await prepareModule("p", spin, limits, c.cache);
    await prepareModule("p", spin, { ...limits, maxTableElements: 50 }, c.cache);
    expect(c.calls).toEqual({ hits: 0, misses: 2, puts: 2 });
    await expect(prepareModule("p", spin, { ...limits, maxMemoryBytes: 65536 }, c.cache)).rejects.toThrow(
      "over the cap",
    );
  });

  test("the import allow-list is checked on the original bytes even when the cache has an entry", async () => {
    const c = diskCache();
    const hostile = wat('(module (import "env" "memory" (memory 1 2)))');
    const key = moduleCacheKey(GUARD_VERSION, limits, hostile);
    await c.cache.put(key, { instrumented: wat("(module)"), maxMemoryBytes: 0, exports: [] });
    await expect(prepareModule("p", hostile, limits, c.cache)).rejects.toThrow("outside the host API");
  });

  test("a cached entry that imports outside the host API is a miss", async () => {
    const c = diskCache();
    const key = moduleCacheKey(GUARD_VERSION, limits, spin);
    const outside = wat('(module (import "env" "fd_write" (func)) (func (export "f")))');
    await c.cache.put(key, { instrumented: outside, maxMemoryBytes: 0, exports: ["f"] });
    const prepared = await prepareModule("p", spin, limits, c.cache);
    expect(c.calls.puts).toBe(2);
    expect(runsOutOfFuel(prepared.module)).toBe(4);
  });
});
