import type { ArgsDef } from "citty";
import { envName, type SettingScope, settingSpecs } from "#shared/config/settings.ts";

/** citty argument definitions for the settings of the given scopes, with the env variable in each description. */
export function flagArgs(...scopes: SettingScope[]): ArgsDef {
  const args: ArgsDef = {};
  for (const spec of settingSpecs) {
    if (!scopes.includes(spec.scope)) continue;
    const env = spec.flagOnly ? "" : ` [env ${envName(spec.flag)}]`;
    const fallback =
      spec.default === undefined || spec.default === false ? "" : ` (default ${String(spec.default)})`;
    args[spec.flag] =
      spec.kind === "boolean"
        ? { type: "boolean", description: `${spec.description}${env}` }
        : { type: "string", description: `${spec.description}${fallback}${env}`, valueHint: "value" };
  }
  return args;
}

/** The parsed flags that were actually given, keyed by flag name, for config resolution. */
export function givenFlags(args: Readonly<Record<string, unknown>>, defs: ArgsDef): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  for (const name of Object.keys(defs)) {
    const value = args[name];
    if (value !== undefined && value !== "") given[name] = value;
  }
  return given;
}
