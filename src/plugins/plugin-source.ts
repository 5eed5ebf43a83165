import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type PluginManifest, parseManifest } from "./manifest.ts";

/** A plugin ready to load: its manifest, module bytes and where it came from. */
export interface PluginSource {
  readonly manifest: PluginManifest;
  readonly wasm: Uint8Array;
  /** A path or `builtin:<name>`, for logs. */
  readonly origin: string;
}

/** The manifest file names looked for in a plugin directory, in order. */
export const manifestFileNames = ["plugin.yaml", "plugin.yml", "plugin.json"] as const;

/** Reads one plugin directory: its manifest and the module the manifest names. */
export async function readPluginDir(dir: string, maxModuleBytes: number): Promise<PluginSource> {
  for (const file of manifestFileNames) {
    const path = join(dir, file);
    const text = await readFile(path, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const manifest = parseManifest(text, path);
    const wasmPath = join(dir, manifest.entry);
    const size = (await stat(wasmPath)).size;
    if (size > maxModuleBytes)
      throw new Error(`${wasmPath} is ${size} bytes, over the cap of ${maxModuleBytes}.`);
    return { manifest, wasm: new Uint8Array(await readFile(wasmPath)), origin: wasmPath };
  }
  throw new Error(`${dir} has no ${manifestFileNames.join(", ")}.`);
}

/** Reads every plugin in the configured directories; a broken plugin is logged and skipped, never fatal. */
export async function readPluginDirs(
  dirs: readonly string[],
  maxModuleBytes: number,
  log: Logger,
): Promise<PluginSource[]> {
  const sources: PluginSource[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      log.warn("plugin directory unreadable", { dir, error: describeError(error) });
      return [];
    });
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      try {
        sources.push(await readPluginDir(join(dir, entry.name), maxModuleBytes));
      } catch (error) {
        log.warn("plugin skipped", { dir: join(dir, entry.name), error: describeError(error) });
      }
    }
  }
  return sources;
}
