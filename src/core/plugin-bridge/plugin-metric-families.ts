import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import type { CorePluginStats } from "./core-plugins.ts";

type Counted = "calls" | "errors" | "timeouts" | "refusals" | "droppedEvents" | "restarts";

const counters: readonly { key: Counted; name: string; help: string }[] = [
  {
    key: "calls",
    name: "holomush_plugin_calls_total",
    help: "Guest calls (events and commands) per plugin.",
  },
  { key: "errors", name: "holomush_plugin_errors_total", help: "Failed guest calls per plugin." },
  { key: "timeouts", name: "holomush_plugin_timeouts_total", help: "Calls killed at the budget per plugin." },
  { key: "refusals", name: "holomush_plugin_refusals_total", help: "Host calls refused for a capability." },
  {
    key: "droppedEvents",
    name: "holomush_plugin_dropped_events_total",
    help: "Events not delivered because the plugin's queue was full.",
  },
  { key: "restarts", name: "holomush_plugin_restarts_total", help: "Instances recreated after a failure." },
];

/** Registers the per-plugin families on /metrics, read from `stats` at scrape time. */
export function registerPluginMetrics(
  metrics: MetricsRegistry,
  stats: () => readonly CorePluginStats[],
): void {
  for (const c of counters) {
    metrics.callbackCounter({
      name: c.name,
      help: c.help,
      labelNames: ["plugin"],
      collect: () => stats().map((s) => ({ labels: { plugin: s.plugin }, value: s[c.key] })),
    });
  }
  metrics.callbackGauge({
    name: "holomush_plugin_call_p99_seconds",
    help: "99th percentile guest call time over the last 1024 calls, per plugin.",
    labelNames: ["plugin"],
    collect: () => stats().map((s) => ({ labels: { plugin: s.plugin }, value: s.p99Ms / 1000 })),
  });
  metrics.callbackGauge({
    name: "holomush_plugin_enabled",
    help: "1 when the plugin is enabled, 0 when disabled.",
    labelNames: ["plugin"],
    collect: () =>
      stats().map((s) => ({ labels: { plugin: s.plugin }, value: s.state === "enabled" ? 1 : 0 })),
  });
}
