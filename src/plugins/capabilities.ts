import { HoloError } from "#shared/errors/holo-error.ts";

/** A trust profile: the ceiling of what a plugin may be granted. */
export type TrustProfile = "untrusted" | "trusted" | "admin";

/** The trust profiles, least to most trusted. */
export const trustProfiles: readonly TrustProfile[] = ["untrusted", "trusted", "admin"];

/** Per-plugin trust settings from the game's config. */
export interface PluginTrust {
  readonly profile: TrustProfile;
  /** Capabilities added to the profile's ceiling for this plugin. */
  readonly grant?: readonly string[];
  /** Capabilities always refused, whatever the profile or grants say. */
  readonly revoke?: readonly string[];
}

/** The capabilities a plugin holds: allowed patterns minus denied patterns. */
export interface CapabilitySet {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

// `*` inside a scope matches any run of characters, so `events.emit.location:*` covers `events.emit.location:42`.
const capabilityPattern =
  /^(?:\*|world\.read|char\.notify|fs\.data|net\.http|attributes\.(?:read|write)|world\.write\.[^\s\p{Cc}]{1,200}|events\.(?:subscribe|emit)\.[^\s\p{Cc}]{1,200})$/u;

/**
 * The ceiling of each profile. Admin holds everything. Writing attributes is confined to the plugin's own
 * namespace, so untrusted plugins may; reading them (anyone's, which only owners examine) takes trust.
 */
export const profileCeilings: Readonly<Record<TrustProfile, readonly string[]>> = {
  untrusted: [
    "world.read",
    "char.notify",
    "fs.data",
    "events.subscribe.location:*",
    "events.emit.location:*",
    "attributes.write",
  ],
  trusted: [
    "world.read",
    "attributes.read",
    "attributes.write",
    "char.notify",
    "fs.data",
    "events.subscribe.*",
    "events.emit.location:*",
    "events.emit.char:*",
    "events.emit.channel:*",
    "world.write.*",
  ],
  admin: ["*"],
};

/** True when `capability` is well formed (`*` wildcards allowed in scopes). */
export function isValidCapability(capability: string): boolean {
  return capabilityPattern.test(capability);
}

/** Throws invalid_argument naming the first malformed capability. */
export function assertValidCapabilities(capabilities: readonly string[], where: string): void {
  for (const c of capabilities) {
    if (!isValidCapability(c))
      throw new HoloError("invalid_argument", `${where}: "${c}" is not a capability.`);
  }
}

/** True when `pattern` (with `*` wildcards) matches `text`, which may itself be a pattern. */
export function globMatches(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s");
  return re.test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The capabilities a plugin holds. A plugin only ever holds what it requested (least privilege),
 * narrowed to the ceiling = profile ∪ grant; every revoke is then denied, and a revoke beats a grant.
 */
export function effectiveCapabilities(requested: readonly string[], trust: PluginTrust): CapabilitySet {
  const ceiling = [...profileCeilings[trust.profile], ...(trust.grant ?? [])];
  const allow = new Set<string>();
  for (const want of requested) {
    if (ceiling.some((c) => globMatches(c, want))) {
      allow.add(want);
      continue;
    }
    // A broad request is narrowed to the parts of the ceiling it covers.
    for (const c of ceiling) if (globMatches(want, c)) allow.add(c);
  }
  return { allow: [...allow].sort(), deny: [...(trust.revoke ?? [])].sort() };
}

/** True when the set allows `capability` (a concrete capability such as `events.emit.location:42`). */
export function hasCapability(set: CapabilitySet, capability: string): boolean {
  return (
    set.allow.some((a) => globMatches(a, capability)) && !set.deny.some((d) => globMatches(d, capability))
  );
}
