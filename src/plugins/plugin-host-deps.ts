import type { CorePluginPorts } from "#core/plugin-bridge/core-plugins.ts";
import type { ModuleCache } from "./module-cache.ts";
import type { PluginHostConfig } from "./plugin-host-config.ts";

/** What the plugin host needs: the ports the core lends it, plus its own settings. */
export interface PluginHostDeps extends Omit<CorePluginPorts, "notify"> {
  /**
   * The core's notify, which the host always calls with its plugin's name and an event id drawn from the
   * call's id source (so a re-run command re-appends the same notice); the text is already stripped of
   * control characters.
   */
  readonly notify: (characterId: string, text: string, plugin: string, id: string) => Promise<void>;
  readonly config: PluginHostConfig;
  /** A monotonic ms timer for budgets; defaults to performance.now. */
  readonly monotonic?: () => number;
  /** Instrumented modules kept across starts; without it every load instruments its module. */
  readonly moduleCache?: ModuleCache;
  /** Random 32-bit seeds handed to plugins in each call; defaults to crypto. */
  readonly seed?: () => number;
}
