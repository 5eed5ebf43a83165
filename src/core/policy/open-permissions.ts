import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Logger } from "#shared/log/logger.ts";
import { createCachedPolicyEngine, DECISION_CACHE_SIZE } from "./cached-policy-engine.ts";
import { createCedarPolicyEngine } from "./cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "./default-policies.ts";
import { createPermissions, type Permissions, type PermissionsDeps } from "./permissions.ts";
import type { PolicyEngine } from "./policy-engine.ts";
import { openPolicyLibrary } from "./policy-library.ts";

/** What the game's permissions are opened on. */
export interface OpenPermissionsDeps extends Omit<PermissionsDeps, "engine" | "library"> {
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly log: Logger;
  /** Decisions kept in the cache; defaults to DECISION_CACHE_SIZE, and 0 means no cache at all. */
  readonly decisionCacheSize?: number;
}

/**
 * The game's permissions: Cedar with the schema and default policies embedded in the binary, a decision
 * cache, and the policies stored on the `policy` stream folded over the defaults.
 */
export async function openPermissions(deps: OpenPermissionsDeps): Promise<Permissions> {
  const cedar = createCedarPolicyEngine({ schema: policySchema });
  const size = deps.decisionCacheSize ?? DECISION_CACHE_SIZE;
  const inner = size > 0 ? createCachedPolicyEngine(cedar, size) : cedar;
  // Every load moves the generation on, so capability decisions cached before it are dropped.
  let generation = 0;
  const engine: PolicyEngine = {
    ...inner,
    load(policies) {
      inner.load(policies);
      generation++;
    },
  };
  const library = await openPolicyLibrary({
    events: deps.events,
    append: deps.append,
    engine,
    defaults: defaultPolicies(),
    log: deps.log,
  });
  return createPermissions({ ...deps, engine, library, policyGeneration: () => generation });
}
