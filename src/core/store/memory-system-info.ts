import type { SystemInfo } from "./system-info.ts";

/** Creates a SystemInfo held in memory, for unit tests. */
export function createMemorySystemInfo(): SystemInfo {
  const values = new Map<string, string>();
  return {
    async get(key) {
      return values.get(key);
    },
    async set(key, value) {
      values.set(key, value);
    },
    async setIfAbsent(key, value) {
      if (!values.has(key)) values.set(key, value);
      return values.get(key) as string;
    },
  };
}
