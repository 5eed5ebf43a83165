import type { PolicyDecision, PolicyEngine } from "./policy-engine.ts";

/** How many decisions the cache keeps; the oldest go first. */
export const DECISION_CACHE_SIZE = 10_000;

/**
 * Caches another engine's decisions. The key is the whole request: principal, action, resource and the
 * entity slice with every attribute a policy may read, so a change of role, flag, owner or location is a new
 * key (the attribute version is the attributes themselves) and no stale allow survives it. Loading policies
 * clears the cache.
 */
export function createCachedPolicyEngine(inner: PolicyEngine, size = DECISION_CACHE_SIZE): PolicyEngine {
  const cache = new Map<string, PolicyDecision>();
  return {
    decide(request) {
      const key = JSON.stringify(request);
      const hit = cache.get(key);
      if (hit) {
        // Map order is insertion order: re-inserting keeps recently used decisions last, evicted last.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const decision = inner.decide(request);
      cache.set(key, decision);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return decision;
    },
    load(policies) {
      inner.load(policies);
      cache.clear();
    },
    check: (policies) => inner.check(policies),
    audited: () => inner.audited(),
  };
}
