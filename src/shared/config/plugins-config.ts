import { HoloError } from "../errors/holo-error.ts";

/** A plugin's trust entry in core.yaml. */
export interface PluginTrustConfig {
  readonly profile?: "untrusted" | "trusted" | "admin";
  readonly grant?: readonly string[];
  readonly revoke?: readonly string[];
}

/** The `plugins:` section of core.yaml, validated in shape (capability syntax is checked by the host). */
export interface PluginsConfig {
  /** The profile of plugins with no entry; `untrusted` by default. */
  readonly defaultProfile: "untrusted" | "trusted" | "admin";
  /** Per-plugin trust: profile, grant and revoke. */
  readonly trust: Readonly<Record<string, PluginTrustConfig>>;
  /** Wall-clock budget per call in ms; undefined keeps the host's default (250). */
  readonly callBudgetMs: number | undefined;
  /** Load the example plugins compiled into the binary; true by default. */
  readonly builtins: boolean;
}

const profiles = ["untrusted", "trusted", "admin"] as const;
type Profile = (typeof profiles)[number];

const bad = (what: string) => new HoloError("invalid_argument", `core.yaml plugins: ${what}`);

function profileOf(value: unknown, where: string): Profile {
  if (typeof value === "string" && (profiles as readonly string[]).includes(value)) return value as Profile;
  throw bad(`${where} must be one of ${profiles.join(", ")}`);
}

function listOf(value: unknown, where: string): readonly string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw bad(`${where} must be a list of capabilities`);
}

function trustEntry(name: string, value: unknown): PluginTrustConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad(`trust.${name} must be a mapping`);
  const v = value as Record<string, unknown>;
  return {
    ...(v.profile === undefined ? {} : { profile: profileOf(v.profile, `trust.${name}.profile`) }),
    grant: listOf(v.grant, `trust.${name}.grant`),
    revoke: listOf(v.revoke, `trust.${name}.revoke`),
  };
}

/**
 * Reads core.yaml's `plugins:` section:
 * `{ default_profile, call_budget_ms, builtins, trust: { <plugin>: { profile, grant: [], revoke: [] } } }`.
 */
export function readPluginsConfig(file: Readonly<Record<string, unknown>>): PluginsConfig {
  const section = file.plugins ?? {};
  if (typeof section !== "object" || section === null || Array.isArray(section))
    throw bad("must be a mapping");
  const s = section as Record<string, unknown>;
  const trustRaw = s.trust ?? {};
  if (typeof trustRaw !== "object" || trustRaw === null || Array.isArray(trustRaw))
    throw bad("trust must be a mapping of plugin names");
  const budget = s.call_budget_ms;
  if (budget !== undefined && (typeof budget !== "number" || !Number.isInteger(budget) || budget < 1))
    throw bad("call_budget_ms must be a positive integer");
  if (s.builtins !== undefined && typeof s.builtins !== "boolean")
    throw bad("builtins must be true or false");
  return {
    defaultProfile:
      s.default_profile === undefined ? "untrusted" : profileOf(s.default_profile, "default_profile"),
    trust: Object.fromEntries(
      Object.entries(trustRaw as Record<string, unknown>).map(([name, v]) => [name, trustEntry(name, v)]),
    ),
    callBudgetMs: budget as number | undefined,
    builtins: s.builtins !== false,
  };
}
