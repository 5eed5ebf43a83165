import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createModuleCache, type ModuleCache } from "#plugins/module-cache.ts";
import { createPluginHost } from "#plugins/plugin-host.ts";
import { guest } from "./guest-modules.ts";
import { createTestHost, go, testSource } from "./plugin-test-host.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** An on-disk cache that counts its hits and writes. */
function countingCache(dir: string, log: Parameters<typeof createModuleCache>[0]["log"]) {
  const inner = createModuleCache({ dir, log });
  const calls = { hits: 0, puts: 0 };
  const cache: ModuleCache = {
    get: async (key) => {
      const entry = await inner.get(key);
      if (entry) calls.hits++;
      return entry;
    },
    put: async (key, entry) => {
      calls.puts++;
      await inner.put(key, entry);
    },
  };
  return { cache, calls };
}

describe("plugins loaded from the module cache", () => {
  test("a runaway plugin loaded by a second host from the cache is still killed", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "holomush-plugin-cache-")), "plugin-cache");
    dirs.push(join(dir, ".."));
    const spin = () => testSource("spin", guest("(loop $l (br $l))"));

    const first = createTestHost({ callBudgetMs: 100 });
    const c1 = countingCache(dir, first.deps.log);
    await using host1 = createPluginHost({ ...first.deps, moduleCache: c1.cache });
    await host1.load(spin());
    expect(c1.calls).toEqual({ hits: 0, puts: 1 });

    // A second host, as after a restart: the module comes from the cache and is not instrumented again.
    const second = createTestHost({ callBudgetMs: 100 });
    const c2 = countingCache(dir, second.deps.log);
    await using host2 = createPluginHost({ ...second.deps, moduleCache: c2.cache });
    await host2.load(spin());
    expect(c2.calls).toEqual({ hits: 1, puts: 0 });
    await expect(host2.runCommand(go("spin"))).rejects.toMatchObject({ code: "deadline_exceeded" });
    expect(host2.metrics().find((m) => m.plugin === "spin")).toMatchObject({ timeouts: 1, restarts: 1 });
  });
});
