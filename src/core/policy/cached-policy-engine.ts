import type { PolicyDecision, PolicyEngine, PolicyRequest, PolicyTexts } from "./policy-engine.ts";

/** How many decisions the cache keeps; the oldest go first. */
export const DECISION_CACHE_SIZE = 10_000;

/** What stands for the principal's id in a key that any principal with the same slice may share. */
const anyPrincipal = JSON.stringify("\u0000principal");

/** Every string literal in the policies (ids such as `Character::"…"` among them), or undefined if one is escaped. */
function literalsOf(policies: PolicyTexts): Set<string> | undefined {
  const found = new Set<string>();
  for (const text of policies.values())
    for (const [, literal] of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      if (literal === undefined) continue;
      if (literal.includes("\\")) return undefined;
      found.add(literal);
    }
  return found;
}

/** How many times `needle` occurs in `text`, counting up to three. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count < 3; at = text.indexOf(needle, at + needle.length))
    count++;
  return count;
}

/**
 * Caches another engine's decisions. The key is the whole request: principal, action, resource and the
 * entity slice with every attribute a policy may read, so a change of role, flag, owner or location is a new
 * key (the attribute version is the attributes themselves) and no stale allow survives it. Loading policies
 * clears the cache.
 *
 * Invariant: principals whose slices differ only in their own id share one decision when no policy names that
 * id and it occurs nowhere else in the request (as a room's owner, the resource, a context value). Cedar can
 * then tell them apart by nothing: it never reads an id's text, only compares entities, and the principal is
 * equal to no other entity in the request or the policies. A crowd of speakers in one room then costs one
 * Cedar call, not one each. A decision whose text mentions the id is kept under the request's own key.
 */
export function createCachedPolicyEngine(inner: PolicyEngine, size = DECISION_CACHE_SIZE): PolicyEngine {
  const cache = new Map<string, PolicyDecision>();
  let literals: Set<string> | undefined = new Set();
  const lookup = (key: string): PolicyDecision | undefined => {
    const hit = cache.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting keeps recently used decisions last, evicted last.
      cache.delete(key);
      cache.set(key, hit);
    }
    return hit;
  };
  const keep = (key: string, decision: PolicyDecision): void => {
    cache.set(key, decision);
    if (cache.size > size) cache.delete(cache.keys().next().value as string);
  };
  /** The key any principal with the same slice shares, or undefined when this one must be decided alone. */
  const sharedKey = (request: PolicyRequest, key: string): string | undefined => {
    const id = request.principal.id;
    if (!literals || literals.has(id)) return undefined;
    const quoted = JSON.stringify(id);
    // The principal's reference and its own entity's uid, and nothing else.
    if (occurrences(key, quoted) !== 2) return undefined;
    return key.replaceAll(quoted, anyPrincipal);
  };
  return {
    decide(request) {
      const key = JSON.stringify(request);
      const shared = sharedKey(request, key);
      const hit = (shared === undefined ? undefined : lookup(shared)) ?? lookup(key);
      if (hit) return hit;
      const decision = inner.decide(request);
      const mentions = JSON.stringify(decision).includes(request.principal.id);
      keep(shared !== undefined && !mentions ? shared : key, decision);
      return decision;
    },
    load(policies) {
      inner.load(policies);
      literals = literalsOf(policies);
      cache.clear();
    },
    check: (policies) => inner.check(policies),
    audited: () => inner.audited(),
  };
}
