import type { NewEvent } from "#core/events/event.ts";
import type {
  PluginAttributeTarget,
  PluginDataStore,
  PluginWorldReads,
} from "#core/plugin-bridge/core-plugins.ts";
import { createMemoryPluginDataStore } from "#core/plugin-bridge/memory-plugin-data-store.ts";
import { createCedarPolicyEngine } from "#core/policy/cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "#core/policy/default-policies.ts";
import { type CapabilityQuestion, createCapabilityDecider } from "#core/policy/plugin-capabilities.ts";
import type { PluginManifest } from "#plugins/manifest.ts";
import { createPluginHost, type PluginHost } from "#plugins/plugin-host.ts";
import { defaultPluginHostConfig, type PluginHostConfig } from "#plugins/plugin-host-config.ts";
import type { PluginHostDeps } from "#plugins/plugin-host-deps.ts";
import type { PluginSource } from "#plugins/plugin-source.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";

/** A plugin host over real in-memory collaborators, with everything it did recorded. */
export interface TestHost {
  readonly host: PluginHost;
  readonly deps: PluginHostDeps;
  readonly events: NewEvent[];
  readonly notices: { characterId: string; text: string }[];
  readonly adminNotices: string[];
  readonly kv: PluginDataStore;
  logs(): Record<string, unknown>[];
  /** Makes the next appends fail, as a store outage would. */
  failAppends(on: boolean): void;
  /** Adds (or replaces) a policy over the defaults, applied at once, as `policy add` would. */
  setPolicy(id: string, text: string): void;
  /** The capability refusals handed to the audit, in order. */
  readonly audits: CapabilityQuestion[];
}

/** The attributes of the test world's things (Alice, Bob, the Hall), by kind and id; tests may change them. */
export const testAttributes = new Map<string, Record<string, string>>();

const attributesKey = (kind: PluginAttributeTarget, id: string) => `${kind}:${id}`;

/** A small world: Alice and Bob in the Hall (l1). */
export const testWorld: PluginWorldReads = {
  attributes: (kind, id) =>
    testAttributes.get(attributesKey(kind, id)) ??
    ((kind === "character" && (id === "c1" || id === "c2")) || (kind === "location" && id === "l1")
      ? {}
      : undefined),
  locationOf: (id: string) => (id === "c1" || id === "c2" ? "l1" : undefined),
  location: (id: string) => (id === "l1" ? { id: "l1", name: "Hall" } : undefined),
  charactersIn: (id: string) =>
    id === "l1"
      ? [
          { id: "c1", name: "Alice", locationId: "l1", online: true },
          { id: "c2", name: "Bob", locationId: "l1", online: true },
        ]
      : [],
  characterByName: (name: string) =>
    name === "Alice" ? { id: "c1", name: "Alice", locationId: "l1", online: true } : undefined,
};

/** Creates a test host; `config` overrides the defaults. */
export function createTestHost(config: Partial<PluginHostConfig> = {}): TestHost {
  const events: NewEvent[] = [];
  const notices: { characterId: string; text: string }[] = [];
  const adminNotices: string[] = [];
  const { logger, lines } = collectingLogger();
  const kv = createMemoryPluginDataStore();
  let failing = false;
  // Capability checks through a real Cedar engine with the default policies, as in a game.
  const engine = createCedarPolicyEngine({ schema: policySchema });
  const policies = defaultPolicies();
  engine.load(policies);
  let generation = 0;
  const decide = createCapabilityDecider(engine, () => generation);
  const audits: CapabilityQuestion[] = [];
  const deps: PluginHostDeps = {
    appendEvents: async (batch) => {
      if (failing) throw new Error("the store is down");
      events.push(...batch);
    },
    notify: async (characterId, text) => {
      notices.push({ characterId, text });
    },
    capabilities: {
      allows: (q) => decide(q).allowed,
      refused: (q) => audits.push(q),
    },
    world: testWorld,
    kv,
    log: logger,
    clock: manualClock(),
    newId: sequentialIds("ev"),
    config: { ...defaultPluginHostConfig, ...config },
    adminNotice: (text) => adminNotices.push(text),
    seed: () => 12345,
  };
  return {
    host: createPluginHost(deps),
    deps,
    events,
    notices,
    adminNotices,
    kv,
    logs: lines,
    failAppends: (on) => {
      failing = on;
    },
    setPolicy(id, text) {
      policies.set(id, text);
      engine.load(policies);
      generation++;
    },
    audits,
  };
}

/** A source for a test module with a `go` command and the given capabilities. */
export function testSource(
  name: string,
  wasm: Uint8Array,
  manifest: Partial<PluginManifest> = {},
): PluginSource {
  return {
    manifest: {
      name,
      version: "1.0.0",
      entry: "t.wasm",
      subscriptions: [],
      commands: [{ name: `${name}-go`, help: "runs the test" }],
      capabilities: [],
      ...manifest,
    },
    wasm,
    origin: `test:${name}`,
  };
}

/** The command call that runs a test plugin's `go` command as Alice in the Hall. */
export function go(name: string, args = "") {
  return { command: `${name}-go`, args, character: { id: "c1", name: "Alice" }, locationId: "l1" };
}
