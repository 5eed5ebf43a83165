import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectingLogger } from "#shared/log/logger.ts";
import { readPluginDirs } from "./plugin-source.ts";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("each subdirectory with a manifest and its module is read; a broken one is logged and skipped", async () => {
  dir = mkdtempSync(join(tmpdir(), "holomush-plugins-"));
  mkdirSync(join(dir, "good/build"), { recursive: true });
  writeFileSync(join(dir, "good/plugin.yaml"), "name: good\nversion: 1.0.0\nentry: build/good.wasm\n");
  writeFileSync(join(dir, "good/build/good.wasm"), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  mkdirSync(join(dir, "nomodule"));
  writeFileSync(join(dir, "nomodule/plugin.json"), '{"name":"nomodule","version":"1.0.0","entry":"x.wasm"}');
  mkdirSync(join(dir, "empty"));
  const { logger, lines } = collectingLogger();
  const sources = await readPluginDirs([dir, join(dir, "missing")], 1 << 20, logger);
  expect(sources.map((s) => [s.manifest.name, s.wasm.byteLength, s.origin])).toEqual([
    ["good", 8, join(dir, "good/build/good.wasm")],
  ]);
  expect(lines().map((l) => l.msg)).toEqual([
    "plugin skipped",
    "plugin skipped",
    "plugin directory unreadable",
  ]);
});
