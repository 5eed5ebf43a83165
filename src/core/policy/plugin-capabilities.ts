import type { NewEvent } from "#core/events/event.ts";
import {
  type EntityRef,
  entityText,
  type PolicyDecision,
  type PolicyEngine,
  type PolicyRequest,
} from "./policy-engine.ts";

/** One capability check of a plugin: may it use `capability`, which its trust config `granted` it or not? */
export interface CapabilityQuestion {
  /** The plugin's manifest name. */
  readonly plugin: string;
  /** Its trust profile from the operator's config. */
  readonly profile: string;
  /** The whole capability the call needs: `events.emit.location:01J…`, `char.notify`. */
  readonly capability: string;
  /** Whether the manifest requested it within the profile, grants and revokes (the plugin host's glob match). */
  readonly granted: boolean;
}

// Invariant: the families whose capabilities carry a scope after them; every other capability is all family.
const scoped = ["events.emit.", "events.subscribe.", "world.write."] as const;

/** A capability split into the family policies name and its scope (`""` when it has none). */
export function capabilityParts(capability: string): { readonly family: string; readonly scope: string } {
  for (const prefix of scoped) {
    if (capability.startsWith(prefix))
      return { family: prefix.slice(0, -1), scope: capability.slice(prefix.length) };
  }
  return { family: capability, scope: "" };
}

/** The Cedar request of a capability check: Plugin principal, `use_capability`, the Capability resource. */
export function capabilityRequest(q: CapabilityQuestion): PolicyRequest {
  const principal: EntityRef = { type: "Plugin", id: q.plugin };
  const resource: EntityRef = { type: "Capability", id: q.capability };
  return {
    principal,
    action: "use_capability",
    resource,
    entities: [
      { uid: principal, attrs: { name: q.plugin, profile: q.profile } },
      { uid: resource, attrs: capabilityParts(q.capability) },
    ],
    context: { granted: q.granted },
  };
}

/** How many capability decisions are kept between two policy changes. */
const CAPABILITY_CACHE_SIZE = 4096;

/**
 * Capability checks through the engine, cached by question until the policies change (`generation` moves on
 * every load). A host call cannot await, so this is synchronous; a hit costs one string key and one lookup,
 * not the engine cache's serialised request.
 */
export function createCapabilityDecider(
  engine: PolicyEngine,
  generation: () => number,
): (q: CapabilityQuestion) => PolicyDecision {
  const cache = new Map<string, PolicyDecision>();
  let seen = generation();
  return (q) => {
    const now = generation();
    if (now !== seen) {
      cache.clear();
      seen = now;
    }
    const key = `${q.plugin}\u0000${q.profile}\u0000${q.granted ? 1 : 0}\u0000${q.capability}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const decision = engine.decide(capabilityRequest(q));
    // Scopes hold ids (a room's stream), so the questions are many: start again rather than grow.
    if (cache.size >= CAPABILITY_CACHE_SIZE) cache.clear();
    cache.set(key, decision);
    return decision;
  };
}

/** The audit event of a refused capability: `policy_decided` on the audit stream, by the plugin. */
export function capabilityAuditEvent(
  q: CapabilityQuestion,
  decision: PolicyDecision,
  id: string,
  timestamp: number,
  stream: string,
): NewEvent {
  const request = capabilityRequest(q);
  return {
    id,
    stream,
    type: "policy_decided",
    timestamp,
    actor: { kind: "plugin", id: q.plugin },
    payload: {
      principal: entityText(request.principal),
      action: request.action,
      resource: entityText(request.resource),
      allowed: decision.allowed,
      policies: [...decision.policyIds],
      reason: decision.reason,
    },
  };
}
