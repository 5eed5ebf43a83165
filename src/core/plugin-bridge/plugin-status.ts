import type { CorePlugins } from "./core-plugins.ts";

/** The plugins section of /status: each plugin's state, commands and call counters. */
export function pluginStatus(plugins: CorePlugins): Record<string, unknown>[] {
  const stats = new Map(plugins.stats().map((s) => [s.plugin, s]));
  return plugins.list().map((p) => {
    const s = stats.get(p.name);
    return {
      name: p.name,
      version: p.version,
      origin: p.origin,
      state: p.state,
      ...(p.reason === undefined ? {} : { reason: p.reason }),
      commands: p.commands,
      calls: s?.calls ?? 0,
      errors: s?.errors ?? 0,
      timeouts: s?.timeouts ?? 0,
      refusals: s?.refusals ?? 0,
      droppedEvents: s?.droppedEvents ?? 0,
      p50Ms: s?.p50Ms ?? 0,
      p99Ms: s?.p99Ms ?? 0,
    };
  });
}
