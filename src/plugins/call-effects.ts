import type { NewEvent } from "#core/events/event.ts";
import type { PluginDataChange } from "#core/plugin-bridge/core-plugins.ts";

/** What one call has done so far; committed only when the call succeeds. */
export interface CallEffects {
  readonly events: NewEvent[];
  readonly notices: { characterId: string; text: string }[];
  /**
   * Pending key-value changes, the last one per key (undefined deletes).
   * Invariant: one entry per key, so setting one key a million times holds one value, not a million.
   */
  readonly kv: Map<string, string | undefined>;
  logLines: number;
  /** Capability refusals written to the audit log in this call (the metrics count every one). */
  refusalsLogged: number;
  /** Bytes of Extism kernel memory the call caused: the guest's own allocations and every host reply. */
  kernelBytes: number;
  /** The limit the call broke, if any; a broken limit fails the call even if the guest carries on. */
  violation: string | undefined;
}

/** An empty effects buffer. */
export function emptyEffects(): CallEffects {
  return {
    events: [],
    notices: [],
    kv: new Map(),
    logLines: 0,
    refusalsLogged: 0,
    kernelBytes: 0,
    violation: undefined,
  };
}

/** The value a key has inside the call: a pending change over the committed cache. */
export function kvRead(
  cache: ReadonlyMap<string, string>,
  effects: CallEffects,
  key: string,
): string | undefined {
  return effects.kv.has(key) ? effects.kv.get(key) : cache.get(key);
}

/** The pending key-value changes, as the store applies them. */
export function kvChanges(effects: CallEffects): PluginDataChange[] {
  return [...effects.kv].map(([key, value]) => ({ key, value }));
}
