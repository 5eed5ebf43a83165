// The plugin host of the plugin benchmarks: capability checks go through Cedar with the default policies, as
// in a game; the world is one empty location and nothing is stored or sent.
import { createMemoryPluginDataStore } from "#core/plugin-bridge/memory-plugin-data-store.ts";
import { createCedarPolicyEngine } from "#core/policy/cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "#core/policy/default-policies.ts";
import { createCapabilityDecider } from "#core/policy/plugin-capabilities.ts";
import { defaultPluginHostConfig } from "#plugins/plugin-host-config.ts";
import type { PluginHostDeps } from "#plugins/plugin-host-deps.ts";
import { createLogger } from "#shared/log/logger.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";

/** The policy engine, its capability decider and host deps that use them. */
export function benchPluginHost() {
  const engine = createCedarPolicyEngine({ schema: policySchema });
  engine.load(defaultPolicies());
  const decide = createCapabilityDecider(engine, () => 0);
  const deps: PluginHostDeps = {
    appendEvents: async () => {},
    notify: async () => {},
    capabilities: { allows: (q) => decide(q).allowed, refused: () => {} },
    world: {
      locationOf: () => "l1",
      location: () => undefined,
      charactersIn: () => [],
      characterByName: () => undefined,
      attributes: () => undefined,
    },
    kv: createMemoryPluginDataStore(),
    log: createLogger({ service: "core", version: "bench", format: "text", level: 1 }),
    clock: systemClock(),
    newId: ulidSource(),
    config: defaultPluginHostConfig,
    adminNotice: () => {},
  };
  return { engine, decide, deps };
}

/** The p-th percentile of `xs`. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
