import { join } from "node:path";
import type { CorePluginsFactory } from "#core/plugin-bridge/core-plugins.ts";
import { hostConfigFromSettings, readGamePluginSources } from "#plugins/game-plugin-sources.ts";
import { createGamePlugins } from "#plugins/game-plugins.ts";
import { createModuleCache } from "#plugins/module-cache.ts";
import type { CoreConfig } from "#shared/config/process-config.ts";

/** Joins the plugin host to the core: startCore calls this with its ports once the game exists. */
export function corePluginsFactory(config: CoreConfig): CorePluginsFactory {
  const hostConfig = hostConfigFromSettings(config.plugins);
  return (ports) =>
    createGamePlugins({
      ports,
      config: hostConfig,
      moduleCache: (log) => createModuleCache({ dir: join(config.paths.dataDir, "plugin-cache"), log }),
      sources: () =>
        readGamePluginSources({
          // core.yaml's `plugins.builtins: false` still turns every built-in off.
          builtins: config.plugins.builtins ? config.builtinPlugins : [],
          dirs: config.pluginDirs,
          maxModuleBytes: hostConfig.maxModuleBytes,
          log: ports.log,
        }),
    });
}
