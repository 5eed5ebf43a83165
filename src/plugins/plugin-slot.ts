import type { Plugin } from "@extism/extism";
import type { CorePluginStats } from "#core/plugin-bridge/core-plugins.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { NewId } from "#shared/util/ids.ts";
import { emptyEffects } from "./call-effects.ts";
import { type CapabilitySet, effectiveCapabilities, type TrustProfile } from "./capabilities.ts";
import { type ActiveCall, createHostFunctions } from "./host-functions.ts";
import type { PluginManifest } from "./manifest.ts";
import { type PreparedModule, prepareModule } from "./module-guard.ts";
import { trustFor } from "./plugin-host-config.ts";
import type { PluginHostDeps } from "./plugin-host-deps.ts";
import { instantiatePlugin, kernelLogger } from "./plugin-instance.ts";
import { createPluginMetrics } from "./plugin-metrics.ts";
import type { PluginSource } from "./plugin-source.ts";
import { type CallOutcome, type FailureReason, runGuestCall } from "./run-guest-call.ts";
import { createSerialQueue } from "./serial-queue.ts";

/** A plugin's lifecycle: enabled, or disabled with the reason. */
export type SlotState = { readonly kind: "enabled" } | { readonly kind: "disabled"; readonly reason: string };

/** The loaded module of a plugin; swapped as a whole on reload. */
export interface SlotRecord {
  readonly source: PluginSource;
  readonly manifest: PluginManifest;
  readonly prepared: PreparedModule;
  readonly capabilities: CapabilitySet;
  /** The trust profile the plugin runs under, which capability policies may read. */
  readonly profile: TrustProfile;
}

/** One loaded plugin: its module, its single instance, its queue and its counters. */
export interface PluginSlot {
  readonly name: string;
  record(): SlotRecord;
  state(): SlotState;
  /** Queues a call of a guest export; never rejects. `newId` gives its events' ids (the host's by default). */
  call(fn: string, input: Record<string, unknown>, newId?: NewId): Promise<CallOutcome>;
  /** Creates the instance now (running start-up code); throws when it fails. */
  start(): Promise<void>;
  /** Loads a new module, starts it, and swaps it in after the calls queued before it. */
  replace(source: PluginSource): Promise<void>;
  disable(reason: string): Promise<void>;
  enable(): Promise<void>;
  metrics(): CorePluginStats;
  close(): Promise<void>;
}

/** Checks and instruments a source's module and works out its capabilities. */
export async function prepareRecord(source: PluginSource, deps: PluginHostDeps): Promise<SlotRecord> {
  const c = deps.config;
  const limits = {
    maxModuleBytes: c.maxModuleBytes,
    maxMemoryBytes: c.maxMemoryBytes,
    maxTableElements: c.maxTableElements,
  };
  const prepared = await prepareModule(source.manifest.name, source.wasm, limits, deps.moduleCache);
  const trust = trustFor(c, source.manifest.name);
  return {
    source,
    manifest: source.manifest,
    prepared,
    capabilities: effectiveCapabilities(source.manifest.capabilities, trust),
    profile: trust.profile,
  };
}

/** Creates the slot of one plugin from a prepared record. */
export function createPluginSlot(initial: SlotRecord, deps: PluginHostDeps): PluginSlot {
  const name = initial.manifest.name;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const log = deps.log.withTag("plugins");
  const queue = createSerialQueue(deps.config.maxQueueLength);
  const metrics = createPluginMetrics();
  let record = initial;
  let state: SlotState = { kind: "enabled" };
  let instance: Plugin | undefined;
  let active: ActiveCall | undefined;
  let kvCache: Map<string, string> | undefined;
  let failures = 0;

  const functions = createHostFunctions({
    plugin: name,
    deps,
    capabilities: () => record.capabilities,
    profile: () => record.profile,
    active: () => active,
    kvCache: () => kvCache ?? new Map(),
    onRefusal: () => {
      metrics.refusals++;
    },
  });
  const logger = kernelLogger(deps.log.withTag(`plugin:${name}`), () => {
    const a = active;
    return a !== undefined && a.effects.logLines++ < deps.config.maxLogLinesPerCall;
  });

  const discard = async () => {
    const old = instance;
    instance = undefined;
    await old?.close().catch(() => undefined);
  };

  const startInstance = async (rec: SlotRecord): Promise<Plugin> => {
    const started = monotonic();
    active = {
      phase: "start",
      effects: emptyEffects(),
      deadline: started + deps.config.callBudgetMs,
      timedOut: false,
      newId: deps.newId,
    };
    try {
      const plugin = await instantiatePlugin(rec.prepared, functions, logger);
      if (monotonic() - started > deps.config.callBudgetMs) {
        await plugin.close();
        throw new Error(`start-up took longer than ${deps.config.callBudgetMs} ms`);
      }
      return plugin;
    } catch (error) {
      throw active?.timedOut ? new Error(`start-up took longer than ${deps.config.callBudgetMs} ms`) : error;
    } finally {
      active = undefined;
    }
  };

  const ensureKv = async () => {
    if (kvCache === undefined && record.manifest.capabilities.includes("fs.data")) {
      kvCache = new Map(await deps.kv.entries(name));
    }
  };

  const countFailure = async (reason: FailureReason, message: string) => {
    if (reason === "timeout") metrics.timeouts++;
    if (reason === "timeout" || reason === "trap" || reason === "limit") {
      metrics.restarts++;
      await discard();
    }
    failures++;
    log.warn("plugin call failed", { plugin: name, reason, message, consecutive: failures });
    if (failures >= deps.config.maxConsecutiveFailures && state.kind === "enabled") {
      state = { kind: "disabled", reason: `${failures} consecutive failures, the last: ${message}` };
      await discard();
      deps.adminNotice(
        `Plugin "${name}" was disabled after ${failures} consecutive failures (last: ${message}).`,
      );
    }
  };

  const runOne = async (
    fn: string,
    input: Record<string, unknown>,
    newId: NewId | undefined,
  ): Promise<CallOutcome> => {
    if (state.kind === "disabled") return { kind: "failed", reason: "disabled", message: state.reason };
    metrics.calls++;
    try {
      await ensureKv();
      instance ??= await startInstance(record);
    } catch (error) {
      metrics.errors++;
      const message = `start-up failed: ${describeError(error)}`;
      await countFailure(/took longer/.test(message) ? "timeout" : "trap", message);
      return { kind: "failed", reason: "trap", message };
    }
    const outcome = await runGuestCall({
      plugin: instance,
      fn,
      input,
      deps,
      kvCache,
      name,
      setActive: (a) => {
        active = a;
      },
      metrics,
      ...(newId ? { newId } : {}),
    });
    if (outcome.kind === "ok") failures = 0;
    else {
      metrics.errors++;
      const counts =
        outcome.reason === "timeout" ||
        outcome.reason === "trap" ||
        outcome.reason === "limit" ||
        outcome.reason === "bad_output";
      if (counts) await countFailure(outcome.reason, outcome.message);
    }
    return outcome;
  };

  return {
    name,
    record: () => record,
    state: () => state,
    call: (fn, input, newId) =>
      queue
        .run(() => runOne(fn, input, newId))
        .catch((error: unknown) => {
          metrics.droppedEvents++;
          return { kind: "failed", reason: "busy", message: describeError(error) } as const;
        }),
    start: () =>
      queue.run(async () => {
        await ensureKv();
        instance ??= await startInstance(record);
      }),
    replace: async (source) => {
      const next = await prepareRecord(source, deps);
      // Invariant: the swap runs on the plugin's queue, so calls queued before it finish on the old module.
      await queue.run(async () => {
        const fresh = await startInstance(next);
        await discard();
        record = next;
        instance = fresh;
        failures = 0;
      });
    },
    disable: (reason) =>
      queue.run(async () => {
        state = { kind: "disabled", reason };
        await discard();
      }),
    enable: () =>
      queue.run(async () => {
        state = { kind: "enabled" };
        failures = 0;
      }),
    metrics: () => ({
      plugin: name,
      state: state.kind,
      calls: metrics.calls,
      errors: metrics.errors,
      timeouts: metrics.timeouts,
      refusals: metrics.refusals,
      droppedEvents: metrics.droppedEvents,
      restarts: metrics.restarts,
      p50Ms: metrics.percentile(50),
      p99Ms: metrics.percentile(99),
    }),
    close: () => queue.drained().then(discard),
  };
}
