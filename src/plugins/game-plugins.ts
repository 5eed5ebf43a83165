import type { CorePluginInfo, CorePluginPorts, CorePlugins } from "#core/plugin-bridge/core-plugins.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { ModuleCache } from "./module-cache.ts";
import { createPluginHost } from "./plugin-host.ts";
import type { PluginHostConfig } from "./plugin-host-config.ts";
import type { PluginSource } from "./plugin-source.ts";
import { sanitizePluginText } from "./sanitize-plugin-text.ts";

/** What the game's plugins are built from. */
export interface GamePluginsDeps {
  readonly ports: CorePluginPorts;
  readonly config: PluginHostConfig;
  /** Reads every plugin source now (built-ins and plugin directories); called at start and on reload. */
  readonly sources: () => Promise<readonly PluginSource[]>;
  readonly monotonic?: () => number;
  /** Instrumented modules kept across starts, so a start whose modules are all cached skips instrumentation. */
  readonly moduleCache?: (log: CorePluginPorts["log"]) => ModuleCache;
}

/** Starts the plugin host over the core's ports, loads every source, and offers it to the core. */
export async function createGamePlugins(deps: GamePluginsDeps): Promise<CorePlugins> {
  const { ports } = deps;
  const host = createPluginHost({
    ...ports,
    config: deps.config,
    ...(deps.monotonic ? { monotonic: deps.monotonic } : {}),
    ...(deps.moduleCache ? { moduleCache: deps.moduleCache(ports.log) } : {}),
  });
  await host.loadAll(await deps.sources());
  const log = ports.log.withTag("plugins");

  // Invariant: one reload at a time, so two operators cannot interleave swaps of the same plugin.
  let reloading: Promise<unknown> = Promise.resolve();
  const reloadNow = async (name: string | undefined): Promise<readonly CorePluginInfo[]> => {
    const sources = (await deps.sources()).filter((s) => name === undefined || s.manifest.name === name);
    if (name !== undefined && sources.length === 0)
      throw new HoloError("not_found", `No plugin called "${name}" is found in the plugin sources.`);
    const loaded = new Set(host.list().map((p) => p.name));
    const done: CorePluginInfo[] = [];
    for (const source of sources) {
      const n = source.manifest.name;
      try {
        done.push(loaded.has(n) ? await host.reload(n, source) : await host.load(source));
      } catch (error) {
        if (name !== undefined) throw error;
        log.warn("plugin reload refused; the old module stays", { plugin: n, error: String(error) });
      }
    }
    return done;
  };

  return {
    deliver: (event) => host.deliverEvent(event),
    runCommand: (call) => host.runCommand(call),
    // Invariant: manifest help is plugin text; it goes through the same sanitising as a plugin's output.
    commands: () =>
      host
        .commands()
        .map((c) => ({ name: c.name, help: sanitizePluginText(c.help, 500).replace(/[\t\n]+/g, " ") })),
    list: () => host.list(),
    reload(name) {
      const run = reloading.then(() => reloadNow(name));
      reloading = run.catch(() => undefined);
      return run;
    },
    disable: (name) => host.disable(name),
    enable: (name) => host.enable(name),
    stats: () => host.metrics(),
    [Symbol.asyncDispose]: () => host[Symbol.asyncDispose](),
  };
}
