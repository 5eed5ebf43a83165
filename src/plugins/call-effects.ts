import type { NewEvent } from "#core/events/event.ts";
import type { KvChange } from "./plugin-kv-store.ts";

/** What one call has done so far; committed only when the call succeeds. */
export interface CallEffects {
  readonly events: NewEvent[];
  readonly notices: { characterId: string; text: string }[];
  readonly kv: KvChange[];
  logLines: number;
  kernelBytes: number;
  /** The limit the call broke, if any; a broken limit fails the call even if the guest carries on. */
  violation: string | undefined;
}

/** An empty effects buffer. */
export function emptyEffects(): CallEffects {
  return { events: [], notices: [], kv: [], logLines: 0, kernelBytes: 0, violation: undefined };
}

/** The value a key has inside the call: pending changes over the committed cache. */
export function kvRead(
  cache: ReadonlyMap<string, string>,
  effects: CallEffects,
  key: string,
): string | undefined {
  for (let i = effects.kv.length - 1; i >= 0; i--) {
    const c = effects.kv[i];
    if (c?.key === key) return c.value;
  }
  return cache.get(key);
}
