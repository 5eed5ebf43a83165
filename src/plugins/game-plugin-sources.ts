import type { PluginsConfig } from "#shared/config/plugins-config.ts";
import type { Logger } from "#shared/log/logger.ts";
import { builtinPlugins } from "./builtin-plugins.ts";
import { defaultPluginHostConfig, type PluginHostConfig } from "./plugin-host-config.ts";
import { type PluginSource, readPluginDirs } from "./plugin-source.ts";

/** Where a game's plugins come from. */
export interface GamePluginSourcesConfig {
  /** The built-in example plugins to load, by name. */
  readonly builtins: readonly string[];
  readonly dirs: readonly string[];
  readonly maxModuleBytes: number;
  readonly log: Logger;
}

/**
 * Reads the built-in examples, then every plugin directory. A directory plugin with a built-in's name
 * replaces it, so an operator can ship a newer echo or dice without rebuilding the binary.
 */
export async function readGamePluginSources(config: GamePluginSourcesConfig): Promise<PluginSource[]> {
  const byName = new Map<string, PluginSource>();
  const all = [
    ...(config.builtins.length > 0 ? await builtinPlugins(config.builtins) : []),
    ...(await readPluginDirs(config.dirs, config.maxModuleBytes, config.log)),
  ];
  for (const source of all) byName.set(source.manifest.name, source);
  return [...byName.values()];
}

/** The host's settings: the defaults with core.yaml's trust and budget. */
export function hostConfigFromSettings(settings: PluginsConfig): PluginHostConfig {
  return {
    ...defaultPluginHostConfig,
    ...(settings.callBudgetMs === undefined ? {} : { callBudgetMs: settings.callBudgetMs }),
    trust: { defaultProfile: settings.defaultProfile, plugins: settings.trust },
  };
}
