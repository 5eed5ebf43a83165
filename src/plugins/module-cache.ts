import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "#shared/log/logger.ts";

/** Limits checked when a module is loaded. */
export interface ModuleLimits {
  readonly maxModuleBytes: number;
  readonly maxMemoryBytes: number;
  readonly maxTableElements: number;
}

/** What the cache keeps of one instrumented module: its bytes and what prepareModule learned about it. */
export interface ModuleCacheEntry {
  readonly instrumented: Uint8Array;
  readonly maxMemoryBytes: number;
  readonly exports: readonly string[];
}

/** Instrumented modules kept across starts, by key; a broken entry reads as a miss. */
export interface ModuleCache {
  get(key: string): Promise<ModuleCacheEntry | undefined>;
  /** Stores an entry; never rejects (a failed write only costs the next start an instrumentation). */
  put(key: string, entry: ModuleCacheEntry): Promise<void>;
}

/** Where the cache lives and where it reports broken entries. */
export interface ModuleCacheDeps {
  /** A directory of its own; created with mode 0700 on the first write. */
  readonly dir: string;
  readonly log: Logger;
}

const MAGIC = "holomush-module-cache/1";
const KEY = /^[0-9a-f]{64}$/;

/** The cache key: SHA-256 of the guard version, the limits and the original module bytes. */
export function moduleCacheKey(guardVersion: number, limits: ModuleLimits, bytes: Uint8Array): string {
  const l = [limits.maxModuleBytes, limits.maxMemoryBytes, limits.maxTableElements];
  return createHash("sha256")
    .update(`${MAGIC}\0${guardVersion}\0${l.join(",")}\0`)
    .update(bytes)
    .digest("hex");
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

// An entry is a 4-byte little-endian header length, a JSON header, then the instrumented bytes.
function encode(entry: ModuleCacheEntry): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({
      magic: MAGIC,
      maxMemoryBytes: entry.maxMemoryBytes,
      exports: entry.exports,
      sha256: sha256(entry.instrumented),
    }),
  );
  const out = new Uint8Array(4 + header.length + entry.instrumented.length);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  out.set(entry.instrumented, 4 + header.length);
  return out;
}

function decode(file: Uint8Array): ModuleCacheEntry {
  if (file.length < 4) throw new Error("truncated header");
  const length = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(0, true);
  if (4 + length > file.length) throw new Error("truncated header");
  const h = JSON.parse(new TextDecoder().decode(file.subarray(4, 4 + length))) as Record<string, unknown>;
  const instrumented = file.slice(4 + length);
  const exportsOk = Array.isArray(h.exports) && h.exports.every((e) => typeof e === "string");
  if (h.magic !== MAGIC || typeof h.maxMemoryBytes !== "number" || !exportsOk) {
    throw new Error("malformed header");
  }
  // Invariant: the checksum covers the bytes that will run, so a torn or altered entry is never compiled.
  if (h.sha256 !== sha256(instrumented)) throw new Error("checksum mismatch");
  return { instrumented, maxMemoryBytes: h.maxMemoryBytes, exports: h.exports as string[] };
}

/** Creates an on-disk module cache: one file per key, written atomically (temporary file, then rename), mode 0600. */
export function createModuleCache(deps: ModuleCacheDeps): ModuleCache {
  const log = deps.log.withTag("plugins");
  const path = (key: string) => {
    if (!KEY.test(key)) throw new Error(`bad module cache key "${key}"`);
    return join(deps.dir, `${key}.wasmc`);
  };
  return {
    async get(key) {
      let file: Uint8Array;
      try {
        file = await readFile(path(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
          log.debug("module cache entry unreadable; treating it as a miss", { key, error: String(error) });
        }
        return undefined;
      }
      try {
        return decode(file);
      } catch (error) {
        log.debug("module cache entry corrupt; treating it as a miss", { key, error: String(error) });
        return undefined;
      }
    },
    async put(key, entry) {
      const target = path(key);
      const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await mkdir(deps.dir, { recursive: true, mode: 0o700 });
        const handle = await open(tmp, "wx", 0o600);
        try {
          await handle.writeFile(encode(entry));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true }).catch(() => undefined);
        log.debug("module cache write failed", { key, error: String(error) });
      }
    },
  };
}
