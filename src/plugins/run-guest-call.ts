import type { Plugin } from "@extism/extism";
import { describeError } from "#shared/errors/holo-error.ts";
import type { NewId } from "#shared/util/ids.ts";
import { type CallEffects, emptyEffects, kvChanges } from "./call-effects.ts";
import type { ActiveCall } from "./host-functions.ts";
import type { PluginHostDeps } from "./plugin-host-deps.ts";
import type { PluginMetrics } from "./plugin-metrics.ts";

/** Why a call failed. timeout, trap, limit and bad_output count towards disabling the plugin. */
export type FailureReason =
  | "timeout"
  | "trap"
  | "limit"
  | "bad_output"
  | "plugin_error"
  | "commit"
  | "disabled"
  | "busy";

/** The result of one guest call. */
export type CallOutcome =
  | { readonly kind: "ok"; readonly output: Readonly<Record<string, unknown>> }
  | { readonly kind: "failed"; readonly reason: FailureReason; readonly message: string };

/** One call's collaborators. */
export interface GuestCall {
  readonly plugin: Plugin;
  readonly name: string;
  readonly fn: string;
  readonly input: Record<string, unknown>;
  readonly deps: PluginHostDeps;
  /** The plugin's committed key-value data, updated here when a call commits. */
  readonly kvCache: Map<string, string> | undefined;
  readonly setActive: (active: ActiveCall | undefined) => void;
  readonly metrics: PluginMetrics;
  /** The call's event ids; the host's own source when absent. */
  readonly newId?: NewId;
}

const failed = (
  reason: Extract<CallOutcome, { kind: "failed" }>["reason"],
  message: string,
): CallOutcome => ({
  kind: "failed",
  reason,
  message,
});

/**
 * Runs one export under the budget, then commits its effects (events, key-value changes, notifications)
 * only if the call succeeded within every limit. A failed call leaves nothing behind.
 */
export async function runGuestCall(c: GuestCall): Promise<CallOutcome> {
  const { deps } = c;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const budget = deps.config.callBudgetMs;
  const effects = emptyEffects();
  const started = monotonic();
  const newId = c.newId ?? deps.newId;
  const active: ActiveCall = { phase: "call", effects, deadline: started + budget, timedOut: false, newId };
  let output: Uint8Array | null = null;
  let error: unknown;
  c.setActive(active);
  try {
    output = (await c.plugin.call(c.fn, JSON.stringify(c.input)))?.bytes() ?? null;
  } catch (e) {
    error = e;
  } finally {
    c.setActive(undefined);
  }
  const elapsed = monotonic() - started;
  c.metrics.record(elapsed);
  // Invariant: SDK 1.0.3 leaks its kernel blocks between calls unless reset, and throws after some thousands of calls.
  await c.plugin.reset().catch(() => false);

  if (active.timedOut || elapsed > budget)
    return failed("timeout", `the call ran past its ${budget} ms budget`);
  if (effects.violation) return failed("limit", `the call ${effects.violation}`);
  if (error !== undefined) {
    const message = describeError(error);
    if (message.startsWith("Plugin-originated error: ")) {
      return failed("plugin_error", message.slice("Plugin-originated error: ".length, 500));
    }
    return failed("trap", `the plugin trapped: ${message.slice(0, 300)}`);
  }
  if (output && output.byteLength > deps.config.maxOutputBytes) {
    return failed(
      "limit",
      `the output of ${output.byteLength} bytes is over the cap of ${deps.config.maxOutputBytes}`,
    );
  }
  const parsed = parseOutput(output);
  if (parsed === undefined) return failed("bad_output", "the output is not a JSON object");
  try {
    await commit(c, effects, newId);
  } catch (e) {
    return failed("commit", `its effects could not be saved: ${describeError(e)}`);
  }
  return { kind: "ok", output: parsed };
}

function parseOutput(output: Uint8Array | null): Record<string, unknown> | undefined {
  if (output === null || output.byteLength === 0) return {};
  try {
    // Invalid UTF-8 becomes U+FFFD here; the text stays untrusted and is sanitised again before display.
    const value = JSON.parse(new TextDecoder().decode(output)) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// Invariant: ids are drawn in a fixed order (emits during the call, then notices here), so a command
// re-run with the same id source after a crash re-appends the same events and notices, not new ones.
// Known limitation: key-value changes are not keyed by id; a re-run applies its own changes again.
async function commit(c: GuestCall, effects: CallEffects, newId: NewId): Promise<void> {
  const { deps } = c;
  if (effects.events.length > 0) await deps.appendEvents(effects.events);
  if (effects.kv.size > 0) {
    const changes = kvChanges(effects);
    await deps.kv.apply(c.name, changes);
    for (const change of changes) {
      if (change.value === undefined) c.kvCache?.delete(change.key);
      else c.kvCache?.set(change.key, change.value);
    }
  }
  for (const n of effects.notices) {
    await deps.notify(n.characterId, n.text, c.name, newId()).catch((error: unknown) => {
      deps.log.warn("plugin notification failed", { plugin: c.name, error: describeError(error) });
    });
  }
}
