import type { PluginTrust, TrustProfile } from "./capabilities.ts";

/** Operator settings for the plugin host, validated at the edge. */
export interface PluginHostConfig {
  /** Wall-clock budget per call and for start-up code, in ms. */
  readonly callBudgetMs: number;
  readonly maxModuleBytes: number;
  readonly maxMemoryBytes: number;
  readonly maxTableElements: number;
  /** Largest output a call may return. */
  readonly maxOutputBytes: number;
  /** Bytes a call may allocate in Extism's host-side kernel memory (its input, output and host replies). */
  readonly maxKernelBytesPerCall: number;
  readonly maxEmitsPerCall: number;
  readonly maxNotifiesPerCall: number;
  readonly maxLogLinesPerCall: number;
  readonly maxKvKeys: number;
  /** Consecutive failures (traps, timeouts, broken limits) before a plugin is disabled. */
  readonly maxConsecutiveFailures: number;
  /** Calls waiting per plugin; beyond it events are dropped and commands refused. */
  readonly maxQueueLength: number;
  /** Loop iterations and function entries between two wall-clock checks. */
  readonly fuelChunk: number;
  readonly trust: {
    readonly defaultProfile: TrustProfile;
    readonly plugins: Readonly<Record<string, Partial<PluginTrust>>>;
  };
}

/** The defaults: tight enough that a runaway or greedy plugin costs the game little, loose enough for the example plugins. */
export const defaultPluginHostConfig: PluginHostConfig = {
  callBudgetMs: 250,
  maxModuleBytes: 8 * 1024 * 1024,
  maxMemoryBytes: 64 * 1024 * 1024,
  maxTableElements: 100_000,
  maxOutputBytes: 64 * 1024,
  maxKernelBytesPerCall: 1024 * 1024,
  maxEmitsPerCall: 16,
  maxNotifiesPerCall: 16,
  maxLogLinesPerCall: 32,
  maxKvKeys: 1000,
  maxConsecutiveFailures: 3,
  maxQueueLength: 256,
  fuelChunk: 10_000,
  trust: { defaultProfile: "untrusted", plugins: {} },
};

/** The trust a plugin runs with: its per-game entry over the default profile. */
export function trustFor(config: PluginHostConfig, plugin: string): PluginTrust {
  const entry = config.trust.plugins[plugin] ?? {};
  return {
    profile: entry.profile ?? config.trust.defaultProfile,
    grant: entry.grant ?? [],
    revoke: entry.revoke ?? [],
  };
}
